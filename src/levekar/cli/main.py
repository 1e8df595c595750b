"""The ``levekar`` command. One module per app in this package, each a Typer sub-app.

A module ``levekar/cli/<name>.py`` that defines ``app = typer.Typer(...)`` becomes
``levekar <name> …``; modules whose names start with ``_`` and this one are not.
"""

import importlib
import os
import pkgutil
from pathlib import Path
from typing import Annotated

import typer

from levekar.cli import _common
from levekar.cli._common import django_setup, fail

app = typer.Typer(
    name="levekar",
    help="Levekår – kommunens arbeidsverktøy mot familiefattigdom.",
    no_args_is_help=True,
    add_completion=False,
)

_TOP_LEVEL = {"main", "demo_cmd"}


def _register_subcommands() -> None:
    import levekar.cli as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name in _TOP_LEVEL:
            continue
        module = importlib.import_module(f"levekar.cli.{info.name}")
        sub = getattr(module, "app", None)
        if isinstance(sub, typer.Typer):
            app.add_typer(sub, name=info.name)


@app.command()
def demo() -> None:
    """Last inn demodata (idempotent: kan kjøres flere ganger). Nektes i produksjon."""
    if os.environ.get("LEVEKAR_ENV") == "production":
        fail("Demodata kan ikke lastes når LEVEKAR_ENV=production.")
    django_setup()
    from levekar.cli.demo_cmd import load_all
    from levekar.core.privileges import acting_as

    with _common.progress_reporter() as reporter, acting_as(username="levekar demo"):
        names = load_all(reporter=reporter)
    _common.console.print(f"Demodata lastet: {', '.join(names)}.")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Adressen det lyttes på."),
    port: int = typer.Option(8000, help="Porten det lyttes på."),
    dev: bool = typer.Option(False, "--dev", help="Djangos utviklingsserver med automatisk "
                             "omstart ved kodeendringer og DEBUG på (bare for utvikling)."),
    workers: int = typer.Option(0, help="Antall webprosesser (0: 2 × kjerner + 1, høyst 9)."),
    with_worker: bool = typer.Option(True, "--with-worker/--no-worker",
                                     help="Start jobbkjøreren ved siden av webserveren."),
    setup: bool = typer.Option(True, "--setup/--no-setup",
                               help="Kjør databasemigreringer og samle statiske filer først."),
) -> None:
    """Start Levekår: gunicorn med DEBUG av og jobbkjøreren, som i produksjon.

    Med --dev: Djangos utviklingsserver med automatisk omstart (uten jobbkjører).
    """
    if dev:
        os.environ.setdefault("LEVEKAR_DEBUG", "1")
        os.environ.setdefault("LEVEKAR_LOG_FORMAT", "text")
        django_setup()
        from django.core.management import call_command

        call_command("runserver", f"{host}:{port}", use_reloader=True)
        return
    os.environ["LEVEKAR_DEBUG"] = "0"
    django_setup()
    from levekar.cli import _serve

    try:
        code = _serve.run(host=host, port=port, workers=workers, with_worker=with_worker,
                          setup=setup)
    except _serve.StartError as exc:
        fail(str(exc))
    raise typer.Exit(code)


@app.command()
def worker(
    once: bool = typer.Option(False, "--once", help="Kjør én runde (planlagte og ventende "
                              "jobber) og avslutt."),
    interval: float = typer.Option(2.0, help="Sekunder mellom hver runde når køen er tom."),
) -> None:
    """Start jobbkjøreren: planlagte jobber og jobber startet fra sidene (se /drift/)."""
    django_setup()
    from django.core.exceptions import ImproperlyConfigured

    from levekar.core.checks import refuse_unsafe_production
    from levekar.core.jobs.worker import work

    try:
        refuse_unsafe_production()
    except ImproperlyConfigured as exc:
        fail(str(exc))
    # The reports started from the pages are made here: their first one should not wait
    # for WeasyPrint's import and the chart engine's start (≈ 0.8 s CPU).
    from levekar.plans.reports.pdf import warm_up

    warm_up()
    worker_id = work(interval=interval, once=once)
    _common.console.print(f"Jobbkjøreren {worker_id} er stoppet.")


@app.command()
def backup(
    out: Annotated[Path | None, typer.Option(
        "--out", help="Filen som skrives (standard: en ny fil med tidsstempel i "
        "LEVEKAR_BACKUP_DIR).")] = None,
) -> None:
    """Ta sikkerhetskopi av databasen mens Levekår kjører (SQLite online, PostgreSQL pg_dump)."""
    django_setup()
    from levekar.core import backup as backup_mod

    try:
        path = backup_mod.backup(out=out)
    except backup_mod.BackupError as exc:
        fail(str(exc))
    _common.console.print(f"Sikkerhetskopi skrevet til {path} "
                          f"({path.stat().st_size / 1e6:.1f} MB).", highlight=False)


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(help="Sikkerhetskopien (fra levekar backup).")],
    yes: Annotated[bool, typer.Option("--ja", help="Ikke spør om bekreftelse.")] = False,
) -> None:
    """Erstatt databasen med en sikkerhetskopi. Stopp webserveren og jobbkjøreren først."""
    django_setup()
    from levekar.core import backup as backup_mod

    if not yes and not typer.confirm(f"Alt i databasen erstattes med {source}. Fortsette?"):
        fail("Avbrutt; ingenting er endret.")
    try:
        backup_mod.restore(source=source)
    except backup_mod.BackupError as exc:
        fail(str(exc))
    _common.console.print(f"Databasen er gjenopprettet fra {source}.", highlight=False)


_register_subcommands()


def main() -> None:
    app()

if __name__ == "__main__":
    main()
