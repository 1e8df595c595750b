"""Readers of the files the kunnskapsgrunnlag imports. Pure: files in, checked rows out.

Every reader refuses bad input as a whole with ``InvalidInput``, naming the file, the
line (or the JSON path) and the column of each problem it finds (at most ``LIMIT``).
"""

from levekar.core.errors import InvalidInput, Problem

LIMIT = 30


class Problems:
    """Collects problems in one file; ``raise_if_any`` refuses the input."""

    def __init__(self, file: str, limit: int = LIMIT) -> None:
        self.file = file
        self.limit = limit
        self.items: list[Problem] = []
        self.extra = 0
        self.stopped = False

    def add(self, message: str, *, line: int | None = None, field: str = "",
            file: str | None = None) -> None:
        if len(self.items) < self.limit:
            self.items.append(Problem(message, file=self.file if file is None else file,
                                      line=line, field=field))
        else:
            self.extra += 1

    @property
    def full(self) -> bool:
        return len(self.items) >= self.limit

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            items = list(self.items)
            if self.extra:
                items.append(Problem(f"… og {self.extra} feil til.", file=self.file))
            elif self.stopped:
                items.append(Problem(f"Lesingen stoppet etter {self.limit} feil; det kan "
                                     "finnes flere.", file=self.file))
            raise InvalidInput(items)
