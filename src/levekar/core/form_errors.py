"""Posted-form errors: one way for every app to put a service's error on a form.

A service refuses with a ``core.errors`` domain error whose Norwegian problems name the
field; the view shows them on the form it renders again. Through ``Form.add_error`` only
(never Django's private ``_errors``), so the form stays invalid and its error summary lists
every problem.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages

from levekar.core.errors import Conflict, DomainError, InvalidInput


def add_problems(form, exc: DomainError, *, fields: Mapping[str, str | None] | None = None,
                 request=None) -> None:
    """Put ``exc`` on ``form``.

    Each problem of an ``InvalidInput`` goes beside the form field it names (a service's
    field name is looked up in ``fields`` first, for services that name fields in
    Norwegian); a problem naming no field of the form goes above the form with where it
    is (``Problem.__str__``: file, line, field). A conflict or any other domain error goes
    above the form; with ``request``, an error that is neither input nor conflict (e.g.
    the case was closed meanwhile) becomes a message on the page instead.
    """
    if isinstance(exc, InvalidInput):
        for problem in exc.problems:
            name = problem.field
            if fields is not None and name in fields:
                name = fields[name]
            if name and name in form.fields:
                form.add_error(name, problem.message)
            else:
                form.add_error(None, str(problem))
    elif request is not None and not isinstance(exc, Conflict):
        messages.error(request, exc.message)
    else:
        form.add_error(None, exc.message)


def form_errors_as_messages(request, form) -> None:
    """A form posted from another page: its errors as messages on the page we go back to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
