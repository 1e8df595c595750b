"""What every CLI module shares: Django set-up, Norwegian errors, progress bars."""

import os
import sys
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(stderr=False)
err_console = Console(stderr=True)


def django_setup() -> None:
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if src not in sys.path:
        sys.path.insert(0, src)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    # Commands speak Norwegian (messages, letters, reports), like the pages.
    translation.activate(settings.LANGUAGE_CODE)


def fail(message: str, code: int = 1) -> None:
    """Print a Norwegian error to stderr and exit non-zero."""
    err_console.print(f"[bold red]Feil:[/bold red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


class RichReporter:
    """A ``core.lib.progress.Reporter`` that draws a rich progress bar."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task = None

    def start(self, description: str, total: int | None = None) -> None:
        if self._task is not None:
            self.finish()
        self._task = self._progress.add_task(description, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, amount)

    def callback(self, description: str):
        """A ``progress(done, total)`` function (as services and jobs take) drawing this bar."""
        def progress(done: int, total: int) -> None:
            if self._task is None:
                self.start(description, total=total)
            self._progress.update(self._task, completed=done, total=total)
        return progress

    def finish(self) -> None:
        if self._task is not None:
            task = next((t for t in self._progress.tasks if t.id == self._task), None)
            if task is not None and task.total is None:
                self._progress.update(self._task, total=task.completed or 1,
                                      completed=task.completed or 1)
            elif task is not None:
                self._progress.update(self._task, completed=task.total)
            self._task = None


@contextmanager
def progress_reporter():
    """Yield a reporter drawing a progress bar (plain lines when not a terminal)."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    ) as progress:
        reporter = RichReporter(progress)
        yield reporter
        reporter.finish()
