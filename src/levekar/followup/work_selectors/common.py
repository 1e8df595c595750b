"""Shared by the work reads: the case's members and how a member is named."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.followup.models import Case, CaseMember

_ROLE_ORDER = {CaseMember.Role.PARENT: 0, CaseMember.Role.OTHER_ADULT: 1,
               CaseMember.Role.CHILD: 2}


def member_sort_key(m: CaseMember):
    """Parents, other adults, then children from the eldest."""
    return (_ROLE_ORDER.get(m.role, 3), m.person.birth_date or dt.date.max, m.pk)


def members_of(case: Case) -> list[CaseMember]:
    """The case's members with their persons, in ``member_sort_key`` order (one query)."""
    return sorted(case.members.select_related("person"), key=member_sort_key)


def member_label(member: CaseMember, on: dt.date | None = None) -> str:
    """"Amina Hassan (forelder, 39 år)" – name, role and age (when the birth date is known)."""
    age = member.person.age_on(on or timezone.localdate())
    role = member.get_role_display().lower()
    if age is None:
        return _("%(name)s (%(role)s)") % {"name": member.person.full_name, "role": role}
    return _("%(name)s (%(role)s, %(age)s years)") % {
        "name": member.person.full_name, "role": role, "age": age}
