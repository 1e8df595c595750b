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
) -> None:
    """Skriv ut alt familieoppfølgingen har om en person (innsyn), som JSON eller PDF."""
    django_setup()
    from levekar.core.audit import Action, audit_record
    from levekar.followup.privacy import export
    from levekar.people.models import Person

    suffix = output.suffix.lower()
    if suffix not in (".json", ".pdf"):
        fail(f"Filen {output} må slutte på .json eller .pdf.")
    found = Person.objects.select_related("household", "household__zone").filter(pk=person)
    target = found.first()
    if target is None:
        fail(f"Fant ingen person med nummer {person}.")
    if suffix == ".json":
        output.write_text(export.person_export_json(target), encoding="utf-8")
    else:
        output.write_bytes(export.person_export_pdf(target))
    audit_record(actor=None, actor_username="levekar followup innsyn", action=Action.EXPORT,
                 obj=target, persons=[target.pk], purpose=f"innsyn: eksport til {suffix[1:]}")
    console.print(f"Skrev {output}.")
