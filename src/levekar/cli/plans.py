"""``levekar plans …``: list, import and export action plans."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from levekar.cli._common import console, django_setup, err_console, fail

app = typer.Typer(help="Handlingsplaner: liste, importere og eksportere planfiler.",
                  no_args_is_help=True)


class ExportFormat(StrEnum):
    yaml = "yaml"
    docx = "docx"
    pdf = "pdf"


@app.command("list")
def list_plans() -> None:
    """Én linje per plan: identifikatoren, så tittelen."""
    django_setup()
    from levekar.plans.selectors import plans_list

    for plan in plans_list():
        typer.echo(f"{plan.code}\t{plan.title}")  # tab-separated: for people and scripts


@app.command("import")
def import_plan(
    file: Annotated[Path, typer.Argument(help="Planfilen (YAML, format levekar-plan/1).")],
) -> None:
    """Importer en planfil. Alt eller ingenting: ved feil skrives ingenting."""
    django_setup()
    from levekar.core.errors import InvalidInput
    from levekar.plans.services import plan_import

    if not file.is_file():
        fail(f"Finner ikke filen {file}.")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        fail(f"{file}: filen er ikke UTF-8-tekst.")
    try:
        result = plan_import(text=text, filename=str(file))
    except InvalidInput as exc:
        n = len(exc.problems)
        err_console.print(f"[bold red]Feil:[/bold red] {file} ble ikke importert ({n} feil); "
                          "ingenting er lagret.", highlight=False, soft_wrap=True)
        for problem in exc.problems:
            err_console.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    console.print(result.summary(), highlight=False, soft_wrap=True)


@app.command("export")
def export_plan(
    plan: Annotated[str, typer.Argument(help="Planens identifikator (se «levekar plans list»).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Filen som skrives.")],
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="yaml (planfil), docx (Word) eller pdf.")] = ExportFormat.yaml,
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="Årsrapporten for dette året (docx/pdf); uten: selve planen.")
    ] = None,
) -> None:
    """Eksporter en plan som planfil (YAML), eller som Word/PDF (planen eller årsrapporten)."""
    django_setup()
    from django.http import Http404

    from levekar.plans.planfile.export import dump_yaml, plan_document
    from levekar.plans.reports.data import plan_report
    from levekar.plans.selectors import plan_get, plan_matrix

    try:
        plan_obj = plan_get(plan)
    except Http404:
        fail(f"Planen «{plan}» finnes ikke. Se «levekar plans list».")
    if fmt is ExportFormat.yaml:
        if year is not None:
            fail("--year gjelder bare docx og pdf; en planfil har ingen årsrapport.")
        data = dump_yaml(plan_document(plan_matrix(plan_obj))).encode("utf-8")
    else:
        if year is not None and not plan_obj.covers_year(year):
            fail(" ".join(filter(None, [f"{year} er utenfor planperioden",
                                        plan_obj.period_label])) + ".")
        report = plan_report(plan_obj, year)
        if fmt is ExportFormat.docx:
            from levekar.plans.reports.docx import render_docx

            data = render_docx(report)
        else:
            from levekar.plans.reports.pdf import render_pdf

            data = render_pdf(report)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        fail(f"Kunne ikke skrive {out}: {exc.strerror}.")
    console.print(f"Skrev {out} ({len(data):,} byte).".replace(",", " "), highlight=False)


@app.command("send-reminders")
def send_reminders(
    today: Annotated[str | None, typer.Option(
        "--dato", help="Dagen å kjøre for (ÅÅÅÅ-MM-DD); standard er i dag.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--prøv", help="Vis hvem som ville fått påminnelse, uten å sende.")] = False,
) -> None:
    """Send påminnelser om rapporteringsfristen til enhetene som mangler rapporter
    (en uke før fristen og én gang etter). Trygt å kjøre flere ganger samme dag."""
    import datetime as dt

    django_setup()
    from levekar.plans.services import round_reminders_send

    if today is not None:
        try:
            dt.date.fromisoformat(today)
        except ValueError:
            fail(f"«{today}» er ikke en dato på formen ÅÅÅÅ-MM-DD.")
    result = round_reminders_send(today=today, dry_run=dry_run)
    if dry_run:
        units = ", ".join(result["units"]) or "ingen"
        console.print(f"Ville sendt påminnelse til: {units}.", highlight=False)
    else:
        console.print(f"Sendt {result['reminders']} påminnelser ({result['emails']} e-poster).",
                      highlight=False)
