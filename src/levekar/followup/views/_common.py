"""What the views of every topic share: the roles, loading the case with access, the
audit of a page read, the write guard and the case page's layout context."""

from __future__ import annotations

from django.contrib import messages

from levekar.core.access import deny
from levekar.core.audit import Action, audit_request
from levekar.core.errors import Conflict, DomainError, InvalidInput
from levekar.core.roles import Role
from levekar.followup import tabs as case_tabs
from levekar.followup.access import case_access_for_user
from levekar.followup.selectors import members_of

READ_ROLES = (Role.COORDINATOR, Role.SERVICE_PARTNER)


WRITE_ROLES = (Role.COORDINATOR,)


def load(request, case_pk: int):
    """The access object for the case (Http404 when the user has none)."""
    return case_access_for_user(request.user, case_pk)


def require_full(request, access) -> None:
    """Only full access (the coordinator, break-the-glass) writes; others get 403 + audit."""
    if not access.full:
        raise deny(request, f"skriving i familieløp {access.case.pk} krever full tilgang")


def audit_view(request, access, members, purpose: str) -> None:
    """Exactly one audit event for a page read of the case (case and work pages alike),
    naming the family members shown and how the user has access (e.g. break the glass)."""
    audit_request(request, action=Action.VIEW, obj=access.case,
                  persons=[m.person_id for m in members], purpose=f"{purpose} ({access.via})")


def case_context(request, access, current: str, members=None) -> dict:
    """The case page's layout context (``tabs.case_page_context``: tabs, break-the-glass
    banner) plus the members shown and whether this user may write."""
    members = members_of(access.case) if members is None else members
    return case_tabs.case_page_context(request, access, current, members=members,
                                       can_write=access.full)


def form_errors(request, form, exc: DomainError) -> None:
    """Put a service's Norwegian error on the form (or as a message when it names no field);
    used by the case and the work views alike."""
    if isinstance(exc, InvalidInput):
        for p in exc.problems:
            form.add_error(None, str(p))
    elif isinstance(exc, Conflict):
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)


CASE_ROLES = (Role.COORDINATOR, Role.SERVICE_PARTNER)
