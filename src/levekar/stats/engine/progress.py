"""Progress reporting for the engine.

The same protocol as ``levekar.core.lib.progress`` (the CLI passes its rich reporter,
which fits both). It is repeated here because the import-linter contract
"The statistics engine is plain Python" forbids the engine to import ``levekar.core``.
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
