"""Domain errors raised by services; views turn them into messages, the CLI into exit codes.

Every message is meant for a caseworker: Norwegian, naming what is wrong and where.
"""

from dataclasses import dataclass, field


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class AccessDenied(DomainError):
    pass


class Conflict(DomainError):
    """Someone else changed the thing first (optimistic locking) or it is taken."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in some input: where (file, line/row, field) and what."""

    message: str
    file: str = ""
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"linje {self.line}")
        if self.field:
            where.append(f"felt «{self.field}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class InvalidInput(DomainError):
    """Input refused as a whole; ``problems`` lists every reason found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    def summary(self) -> str:
        return "\n".join(str(p) for p in self.problems) or "Ugyldige data."
