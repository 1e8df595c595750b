"""Shared by the work reads: the case's members and how a member is named."""

import datetime as dt

from django.utils import timezone

from levekar.followup.models import Case, CaseMember


def members_of(case: Case) -> list[CaseMember]:
    """The case's members with their persons, parents first (one query)."""
    return list(case.members.select_related("person").order_by("role", "person__birth_date",
                                                                "pk"))


def member_label(member: CaseMember, on: dt.date | None = None) -> str:
    age = member.person.age_on(on or timezone.localdate())
    role = member.get_role_display()
    return f"{member.person.full_name} ({role.lower()}{f', {age} år' if age is not None else ''})"
