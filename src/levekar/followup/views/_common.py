"""What the views of every topic share: the roles, the case page's layout context and
turning a service's error into form errors. Loading the case with access, refusing and
auditing the read are ``access.case_view``'s."""

from __future__ import annotations

from django.contrib import messages

from levekar.core.errors import Conflict, DomainError, InvalidInput
from levekar.core.roles import Role
from levekar.followup import tabs as case_tabs
from levekar.followup.selectors import members_of

READ_ROLES = (Role.COORDINATOR, Role.SERVICE_PARTNER)
WRITE_ROLES = (Role.COORDINATOR,)
CASE_ROLES = READ_ROLES


def case_context(request, access, current: str, members=None) -> dict:
    """The case page's layout context (``tabs.case_page_context``: tabs, break-the-glass
    banner) plus the members shown and whether this user may write."""
    members = members_of(access.case) if members is None else members
    return case_tabs.case_page_context(request, access, current, members=members,
                                       can_write=access.full)


def form_errors(request, form, exc: DomainError) -> None:
    """Put a service's Norwegian error on the form (or as a message when it names no field);
    used by every topic's views."""
    if isinstance(exc, InvalidInput):
        for p in exc.problems:
            form.add_error(None, str(p))
    elif isinstance(exc, Conflict):
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)


def posted_with_version(request, saved):
    """The user's posted input with the saved row's version: after a conflict the form
    shows what they typed, and saving again (deliberately) replaces the saved version."""
    data = request.POST.copy()
    data["version"] = str(saved.version)
    return data
