"""What the views of every topic share: the roles and the case page's layout context.
Loading the case with access, refusing and auditing the read are ``access.case_view``'s;
a service's error goes on the form through ``core.form_errors.add_problems``."""

from __future__ import annotations

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


def posted_with_version(request, saved):
    """The user's posted input with the saved row's version: after a conflict the form
    shows what they typed, and saving again (deliberately) replaces the saved version."""
    data = request.POST.copy()
    data["version"] = str(saved.version)
    return data
