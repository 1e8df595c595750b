"""``levekar followup …``: anonymising closed cases, subject-access export."""

from pathlib import Path
from typing import Annotated

import typer

from levekar.cli._common import console, django_setup, fail, progress_reporter

app = typer.Typer(help="Familieoppfølging: anonymisering og innsyn.", no_args_is_help=True)


@app.command()
def purge(
    dry_run: bool = typer.Option(False, "--dry-run",
                                 help="Vis hvilke familieløp som ville blitt anonymisert, "
                                      "uten å endre noe."),
) -> None:
    """Anonymiser familieløp som ble avsluttet for lenger siden enn oppbevaringstiden."""
    django_setup()
    from levekar.followup.privacy import purge as purge_mod

    days = purge_mod.retention_days()
    if dry_run:
        result = purge_mod.purge(dry_run=True)
    else:
        with progress_reporter() as reporter:
            result = purge_mod.purge(reporter=reporter)
    ids = ", ".join(str(i) for i in result.case_ids) or "ingen"
    if dry_run:
        console.print(f"Prøvekjøring (ingenting endret). Oppbevaringstid: {days} dager etter "
                      f"avslutning. Ville anonymisert {len(result.case_ids)} familieløp: {ids}.")
    else:
        console.print(f"Anonymiserte {len(result.case_ids)} familieløp ({ids}) og "
                      f"{result.persons_anonymised} personer. Oppbevaringstid: {days} dager.")


@app.command()
def innsyn(
    person: Annotated[int, typer.Option("--person", help="Personens nummer (id).")],
    output: Annotated[Path, typer.Option("--output", "-o",
                                         help="Filen som skrives (.json eller .pdf).")],
    utfort_av: Annotated[str, typer.Option(
        "--utfort-av", help="Brukernavnet til den som gjør innsynet (revisjonsloggen).")],
    grunn: Annotated[str, typer.Option(
        "--grunn", help="Hvorfor, f.eks. «innsynsbegjæring fra personen, sak 2026/123».")],
) -> None:
    """Skriv ut alt familieoppfølgingen har om en person (innsyn), som JSON eller PDF."""
    django_setup()
    from levekar.core.audit import Kind, audit_record
    from levekar.core.models import User
    from levekar.followup.privacy import export
    from levekar.people.models import Person

    suffix = output.suffix.lower()
    if suffix not in (".json", ".pdf"):
        fail(f"Filen {output} må slutte på .json eller .pdf.")
    actor = User.objects.filter(username=utfort_av, is_active=True).first()
    if actor is None:
        fail(f"--utfort-av: fant ingen aktiv bruker med brukernavnet «{utfort_av}».")
    if len(grunn.strip()) < 10:
        fail("--grunn: skriv hvorfor innsynet gjøres (minst 10 tegn).")
    found = Person.objects.select_related("household", "household__zone").filter(pk=person)
    target = found.first()
    if target is None:
        fail(f"Fant ingen person med nummer {person}.")
    if suffix == ".json":
        output.write_text(export.person_export_json(target), encoding="utf-8")
    else:
        output.write_bytes(export.person_export_pdf(target))
    audit_record(actor=actor, kind=Kind.PERSON_EXPORT, obj=target, persons=[target.pk],
                 path="levekar followup innsyn",
                 detail=f"innsyn: eksport til {suffix[1:]} – grunn: {grunn.strip()}")
    console.print(f"Skrev {output}.")


@app.command("tilbud-last")
def tilbud_last(
    fil: Annotated[Path, typer.Argument(help="Tiltaksoversikten som YAML-fil.")],
    utfort_av: Annotated[str, typer.Option(
        "--utfort-av", help="Brukernavnet til den som endrer (revisjonsloggen).")],
    merknad: Annotated[str, typer.Option("--merknad", help="Hva som er endret.")] = "",
) -> None:
    """Les inn tiltaksoversikten fra en fil som ny versjon (samme kontroll som i nettleseren)."""
    django_setup()
    from levekar.core.errors import InvalidInput
    from levekar.core.models import User
    from levekar.followup import offers, services

    actor = User.objects.filter(username=utfort_av, is_active=True).first()
    if actor is None:
        fail(f"--utfort-av: fant ingen aktiv bruker med brukernavnet «{utfort_av}».")
    try:
        text = fil.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"Kan ikke lese {fil}: {exc}")
    try:
        offers.parse(text, file=fil.name)       # errors name this file, not offers.yaml
        services.offer_catalogue_save(actor=actor, text=text, note=merknad or f"Fra {fil.name}")
    except InvalidInput as exc:
        fail(exc.summary())
    console.print(f"Tiltaksoversikten er lest inn fra {fil} "
                  f"({len(offers.parse(text).offers)} tilbud).")


@app.command("tilbud-skriv")
def tilbud_skriv(
    fil: Annotated[Path, typer.Argument(help="Filen som skrives (YAML).")],
) -> None:
    """Skriv tiltaksoversikten som er i bruk, til en YAML-fil (for å endre den og lese den inn)."""
    django_setup()
    from levekar.followup.selectors import offer_catalogue_text

    text, _revision = offer_catalogue_text()
    fil.write_text(text, encoding="utf-8")
    console.print(f"Skrev {fil}.")
