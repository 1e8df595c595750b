"""``levekar lending …``: inventory import, reminders and the hold queue (for cron)."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from levekar.cli._common import console, django_setup, err_console, fail, progress_reporter

app = typer.Typer(help="Utstyrsbanken: import av utstyr, påminnelser og reservasjonskøer.",
                  no_args_is_help=True)


@app.command("import")
def import_inventory(
    file: Annotated[Path, typer.Argument(help="CSV- eller XLSX-fil med ett eksemplar per rad.")],
) -> None:
    """Importer et eksisterende utstyrslager (alt eller ingenting).

    Kolonner: eksemplarnummer, kategori, navn, utlånssted (påkrevd); størrelse, alder_fra,
    alder_til, beskrivelse, navn_engelsk, beskrivelse_engelsk, tilstand, klassesett,
    anskaffet (valgfrie).
    """
    django_setup()
    from levekar.core.errors import InvalidInput
    from levekar.lending.services import inventory_import

    try:
        with progress_reporter() as reporter:
            result = inventory_import(path=file, reporter=reporter)
    except InvalidInput as exc:
        err_console.print(f"[bold red]Feil:[/bold red] Ingenting er importert fra {file.name}. "
                          f"{len(exc.problems)} feil:", highlight=False, soft_wrap=True)
        for problem in exc.problems:
            err_console.print(f"  {problem}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    console.print(f"Importert {result.copies} eksemplarer av {result.items_created} nye "
                  "utstyrstyper.", highlight=False, soft_wrap=True)


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"«{value}» er ikke en dato (bruk ÅÅÅÅ-MM-DD).")
    return None


@app.command("send-reminders")
def send_reminders(
    date: Annotated[str | None, typer.Option(
        "--dato", help="Kjør som om i dag er denne datoen (ÅÅÅÅ-MM-DD); standard er i dag.",
    )] = None,
    send: Annotated[bool | None, typer.Option(
        "--send/--prov", help="Send også når --dato ikke er i dag (ellers en prøvekjøring "
        "som bare teller), eller prøvekjør i dag.",
    )] = None,
) -> None:
    """Send påminnelser på SMS/e-post: levering i morgen, forfalt, klar til henting.

    Jobbkjøreren gjør dette hver time på dagtid (se /drift/). Trygg å kjøre flere ganger:
    ingenting sendes to ganger. En annen dato enn i dag er en prøvekjøring uten --send.
    """
    today = _parse_date(date)
    django_setup()
    from levekar.core import messaging
    from levekar.core.jobs import today_or_dry_run
    from levekar.lending.services import holds_process, reminders_send

    today, dry_run, now = today_or_dry_run(
        today.isoformat() if today else None, None if send is None else not send)
    holds = {"expired": 0} if dry_run else holds_process(now=now)
    with progress_reporter() as reporter:
        report = reminders_send(today=today, now=now, dry_run=dry_run, reporter=reporter)
    if not dry_run:
        messaging.send_due()
    sent = report.sent
    if dry_run:
        console.print("Prøvekjøring: ingenting er sendt eller lagret.")
    console.print(
        f"{'Ville sendt' if dry_run else 'Sendt'} {report.messages} meldinger: "
        f"{sent.get('due_tomorrow', 0)} lån med levering i "
        f"morgen, {sent.get('overdue', 0)} forfalte lån, {sent.get('hold_ready', 0)} "
        f"reservasjoner klare. Utløpte reservasjoner: {holds['expired']}.", highlight=False,
        soft_wrap=True)
    if report.unreachable:
        console.print(f"{report.unreachable} låntakere mangler mobil og e-post.",
                      highlight=False, soft_wrap=True)
    if report.failed:
        fail(f"{report.failed} meldinger kunne ikke sendes; de prøves igjen neste gang.")


@app.command("process-holds")
def process_holds() -> None:
    """La reservasjoner som ikke er hentet utløpe, og sett av ledig utstyr til køen."""
    django_setup()
    from levekar.lending.services import holds_process

    result = holds_process()
    console.print(f"Utløpt: {result['expired']}. Klare til henting: {result['ready']}.",
                  highlight=False, soft_wrap=True)
