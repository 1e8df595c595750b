"""Progress reporting for long work, independent of how it is shown.

Services and the statistics engine take a ``Reporter``; the CLI passes one that draws
a rich progress bar, tests and web requests use ``NULL_REPORTER``.
"""

from typing import Protocol


class Reporter(Protocol):
    def start(self, description: str, total: int | None = None) -> None: ...

    def advance(self, amount: int = 1) -> None: ...

    def finish(self) -> None: ...


class NullReporter:
    def start(self, description: str, total: int | None = None) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None


NULL_REPORTER = NullReporter()
