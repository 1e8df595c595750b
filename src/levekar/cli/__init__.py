"""The ``levekar`` command (``main.py``). Its texts are Norwegian, Click's and Typer's own
included: ``_norsk.install()`` runs before either is imported (see ``_norsk.py``)."""

from levekar.cli import _norsk

_norsk.install()
