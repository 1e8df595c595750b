"""``levekar minside …``: the local identity provider for Min side."""

import signal

import typer

from levekar.cli._common import console, django_setup

app = typer.Typer(help="Min side: innlogging for innbyggere.", no_args_is_help=True)


@app.command()
def idp(
    port: int = typer.Option(9090, help="Porten identitetstilbyderen lytter på."),
    app_url: str = typer.Option("http://127.0.0.1:8000", help="Adressen Levekår kjører på."),
) -> None:
    """Start den lokale identitetstilbyderen (som ID-portens testmiljø) på 127.0.0.1."""
    django_setup()
    from levekar.minside import idp as local_idp

    proc = local_idp.start(issuer=f"http://127.0.0.1:{port}", app_url=app_url)
    console.print(f"Identitetstilbyder kjører på http://127.0.0.1:{port} (Ctrl+C stopper).")

    def stop(*_args) -> None:
        proc.terminate()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
