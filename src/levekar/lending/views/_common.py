"""What the desk views share: the desk's lending point, and domain errors as messages."""

from django.contrib import messages
from django.http import HttpRequest

from levekar.core.audit import Kind, audit_request
from levekar.core.errors import DomainError, InvalidInput
from levekar.lending.models import LendingPoint
from levekar.lending.selectors import lending_points

SESSION_POINT = "lending_point"


def current_point(request: HttpRequest, points: dict[int, LendingPoint] | None = None
                  ) -> LendingPoint | None:
    """The lending point this desk works at (chosen once per session; the first one else)."""
    points = points if points is not None else lending_points()
    chosen = points.get(request.session.get(SESSION_POINT))
    return chosen or next(iter(points.values()), None)


def error_messages(exc: DomainError) -> list[str]:
    if isinstance(exc, InvalidInput) and exc.problems:
        return [p.message for p in exc.problems]
    return [exc.message]


def report_error(request: HttpRequest, exc: DomainError) -> None:
    for text in error_messages(exc):
        messages.error(request, text)


def audit_borrower_read(request: HttpRequest, *, borrower_id: int | str = "",
                        purpose: str = "", detail: str = "") -> None:
    """A read of borrower data at the desk (borrowers are not people.Person: persons=[])."""
    audit_request(request, kind=Kind.BORROWER_READ, object_type="lending.borrower",
                  object_id=borrower_id, persons=[], purpose=purpose, detail=detail)
