"""``levekar passes …``: register import, automatic issuance, letters, reminders, refunds."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Annotated

import typer

from levekar.cli._common import console, django_setup, fail, progress_reporter

app = typer.Typer(help="Fritidskort, friplass og ferietilbud: import, utstedelse og brev.",
                  no_args_is_help=True)


def _actor_name() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (containers): still say it came from the command line
        return "cli"


def _scheme(code: str):
    from levekar.passes.models import Scheme

    scheme = Scheme.objects.select_related("municipality").filter(code=code).first()
    if scheme is None:
        codes = ", ".join(Scheme.objects.values_list("code", flat=True)) or "ingen"
        fail(f"Fant ingen ordning med kortkoden «{code}». Ordninger: {codes}.")
    return scheme


@app.command("import-households")
def import_households(
    file: Annotated[Path, typer.Argument(help="CSV med husstander, personer og inntekt.")],
    municipality: str = typer.Option("3205", help="Kommunenummeret husstandene hører til."),
) -> None:
    """Importer husstander, medlemmer og inntekt etter skatt fra CSV (alt eller ingenting)."""
    django_setup()
    from levekar.core.errors import InvalidInput
    from levekar.core.models import Municipality
    from levekar.passes.services import households_import

    if not file.is_file():
        fail(f"Finner ikke filen {file}.")
    muni = Municipality.objects.filter(code=municipality).first()
    if muni is None:
        fail(f"Kommunenummer {municipality} finnes ikke. Kjør «levekar demo» eller opprett "
             f"kommunen først.")
    try:
        with progress_reporter() as reporter:
            result = households_import(actor=None, actor_name=_actor_name(), municipality=muni,
                                       data=file.read_bytes(), filename=file.name,
                                       reporter=reporter)
    except InvalidInput as exc:
        fail(f"Ingenting ble importert.\n{exc.summary()}")
    console.print(
        f"Importert {result.rows} rader fra {file.name}: {result.households_created} nye og "
        f"{result.households_updated} endrede husstander, {result.persons_created} nye og "
        f"{result.persons_updated} endrede personer, "
        f"{result.incomes_created + result.incomes_updated} inntekter.")


@app.command()
def issue(
    scheme: str = typer.Option(..., "--scheme", help="Ordningens kortkode, f.eks. fritidskort."),
    year: int = typer.Option(..., "--year", help="Året kortene gjelder for."),
) -> None:
    """Utsted kort automatisk til alle barn som har rett (trygt å kjøre igjen)."""
    django_setup()
    from django.utils import translation

    from levekar.core.errors import DomainError
    from levekar.passes.services import REASON_LABELS, passes_issue

    translation.activate("nb")

    obj = _scheme(scheme)
    try:
        with progress_reporter() as reporter:
            run = passes_issue(scheme=obj, year=year, actor=None, actor_name=_actor_name(),
                               reporter=reporter)
    except DomainError as exc:
        fail(exc.message)
    console.print(f"{obj.name} {year}: {run.eligible} barn har rett, {run.issued} kort utstedt, "
                  f"{run.skipped} hoppet over (hadde kort fra før). "
                  f"{run.households} husstander vurdert.")
    for reason, count in run.reasons.items():
        console.print(f"  {REASON_LABELS.get(reason, reason)}: {count}")


def _delivered(result: dict, what: str) -> None:
    """Say where each household's letter went: the outbox (sent by the job worker) or paper."""
    console.print(f"{result['letters']} {what}: {result['email']} på e-post og {result['sms']} "
                  f"på SMS (lagt i utboksen; jobbtjenesten sender dem), {result['paper']} på "
                  f"papir.", soft_wrap=True)
    if result["print_file"]:
        console.print(f"Utskriftsfil med brevene på papir: {result['print_file']}",
                      soft_wrap=True, highlight=False)


@app.command()
def letters(
    out: Annotated[Path, typer.Option(
        "--out", help="Mappen utskriftsfilen (én PDF med brevene på papir) skrives til.")],
    scheme: str = typer.Option(..., "--scheme", help="Ordningens kortkode, f.eks. fritidskort."),
    year: int = typer.Option(..., "--year", help="Året kortene gjelder for."),
) -> None:
    """Send brevene med kortene digitalt først, som siden gjør: e-post med brevet (PDF) eller
    SMS med kodene til husstander med registrert e-post eller mobil, og én utskriftsklar PDF
    med brevene til resten. Trygt å kjøre igjen: ingen får samme e-post eller SMS to ganger."""
    django_setup()
    from levekar.passes.selectors import households_with_passes
    from levekar.passes.services import letters_deliver

    obj = _scheme(scheme)
    if not households_with_passes(obj, year).exists():
        fail(f"Ingen husstander har kort i «{obj.name}» for {year}. Kjør «levekar passes "
             f"issue» først.")
    with progress_reporter() as reporter:
        result = letters_deliver(scheme=obj, year=year, out_dir=out, actor_name=_actor_name(),
                                 progress=reporter.callback("Lager brev"))
    _delivered(result, "brev")


@app.command()
def reminders(
    out: Annotated[Path, typer.Option(
        "--out", help="Mappen utskriftsfilen (én PDF med påminnelsene på papir) skrives til.")],
    scheme: str = typer.Option(..., "--scheme", help="Ordningens kortkode, f.eks. fritidskort."),
    year: int = typer.Option(..., "--year", help="Året kortene gjelder for."),
    unused_days: int = typer.Option(60, "--unused-days",
                                    help="Påminn om kort som har vært ubrukt så mange dager."),
) -> None:
    """Send vennlige påminnelser om ubrukte kort (med lokale tilbud), digitalt først som
    brevene: e-post eller SMS der husstanden har det, én utskriftsklar PDF for resten."""
    django_setup()
    from django.utils import timezone

    from levekar.core.errors import DomainError
    from levekar.passes.services import reminder_letters_deliver, reminders_send

    obj = _scheme(scheme)
    cutoff = timezone.localdate() - dt.timedelta(days=unused_days)
    try:
        run = reminders_send(scheme=obj, year=year, issued_before=cutoff,
                             actor_name=_actor_name())
    except DomainError as exc:
        fail(exc.message)
    with progress_reporter() as reporter:
        result = reminder_letters_deliver(run=run, out_dir=out, actor_name=_actor_name(),
                                          progress=reporter.callback("Lager påminnelser"))
    console.print(f"{run.reminded} ubrukte kort.")
    _delivered(result, "påminnelser")


@app.command("refunds-export")
def refunds_export(
    out: Annotated[Path, typer.Option("--out", help="CSV-filen til utbetaling.")],
) -> None:
    """Eksporter godkjente, ikke utbetalte refusjoner til klubbene (én linje per klubb)."""
    django_setup()
    from levekar.core.errors import DomainError
    from levekar.passes import services

    try:
        export = services.refunds_export(actor=None, actor_name=_actor_name())
    except DomainError as exc:
        fail(exc.message)
    out.write_text(services.refund_export_csv(export), encoding="utf-8")
    console.print(f"{export.use_count} krav fra {export.club_count} klubber, "
                  f"{export.total_amount} kr, skrevet til {out}.")


@app.command()
def allocate(
    offer: int = typer.Option(..., "--offer", help="Ferietilbudets nummer."),
    seed: int | None = typer.Option(None, "--seed", help="Frø til loddtrekningen (valgfritt)."),
) -> None:
    """Fordel plassene i et ferietilbud: behov først, så loddtrekning med lagret frø."""
    django_setup()
    from levekar.core.errors import DomainError
    from levekar.passes.models import HolidayOffer, Nomination
    from levekar.passes.services import offer_allocate

    obj = HolidayOffer.objects.filter(pk=offer).first()
    if obj is None:
        fail(f"Fant ikke ferietilbud nummer {offer}.")
    try:
        obj = offer_allocate(actor=None, offer=obj, seed=seed, actor_name=_actor_name())
    except DomainError as exc:
        fail(exc.message)
    places = Nomination.objects.filter(offer=obj, status=Nomination.Status.ALLOCATED).count()
    waiting = Nomination.objects.filter(offer=obj, status=Nomination.Status.WAITLISTED).count()
    console.print(f"{obj.name}: {places} familier fikk plass, {waiting} på venteliste "
                  f"(frø {obj.seed}).")
