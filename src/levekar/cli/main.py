"""The ``levekar`` command. One module per app in this package, each a Typer sub-app.

A module ``levekar/cli/<name>.py`` that defines ``app = typer.Typer(...)`` becomes
``levekar <name> …``; modules whose names start with ``_`` and this one are not.
"""

import importlib
import os
import pkgutil

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
) -> None:
    """Start webserveren (Djangos utviklingsserver; bruk en WSGI-server i produksjon)."""
    django_setup()
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False)


_register_subcommands()


def main() -> None:
    app()

if __name__ == "__main__":
    main()
