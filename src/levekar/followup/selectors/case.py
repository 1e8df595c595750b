"""Reads of cases and their members."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Case as SqlCase
from django.db.models import Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.core.models import OrgUnit
from levekar.core.roles import Role, user_roles
from levekar.followup.access import active_grants, cases_visible_to
from levekar.followup.models import (
    Case,
    CaseMember,
)
from levekar.people.models import Zone


def _members_ordered() -> QuerySet[CaseMember]:
    """Members with the person, parents first, then other adults, then children by age."""
    rank = SqlCase(When(role=CaseMember.Role.PARENT, then=0),
                   When(role=CaseMember.Role.OTHER_ADULT, then=1), default=2,
                   output_field=IntegerField())
    return (CaseMember.objects.select_related("person").annotate(_rank=rank)
            .order_by("_rank", "person__birth_date", "pk"))


def _members_prefetch() -> Prefetch:
    return Prefetch("members", queryset=_members_ordered())


def case_list_for_user(user) -> QuerySet[Case]:
    """The cases on the user's list, with household, coordinator and members (2 queries)."""
    return (
        cases_visible_to(user)
        .select_related("household", "household__zone", "coordinator")
        .prefetch_related(_members_prefetch())
        .order_by("-start_date", "-pk")
    )


def partner_consent_covers_household(user, household_id: int) -> bool:
    """Whether a service partner's unit reaches the household through an open case (not
    closed, not anonymised) with an active consent grant for the unit: the household is
    the case's, or a member is registered in it. One query. For ``passes.bases``."""
    if not getattr(user, "org_unit_id", None) or Role.SERVICE_PARTNER not in user_roles(user):
        return False
    grants = active_grants().filter(unit_id=user.org_unit_id, consent__case_id=OuterRef("pk"))
    return (Case.objects
            .filter(Q(household_id=household_id) | Q(members__person__household_id=household_id),
                    ~Q(status=Case.Status.CLOSED), Exists(grants),
                    anonymised_at__isnull=True)
            .exists())


def closed_cases_for_coordinator(user) -> QuerySet[Case]:
    """A coordinator's own closed cases that are not anonymised yet (2 queries)."""
    return (Case.objects.filter(coordinator_id=user.pk, status=Case.Status.CLOSED,
                                anonymised_at__isnull=True)
            .select_related("household", "household__zone", "coordinator")
            .prefetch_related(_members_prefetch()).order_by("-closed_at", "-pk"))


def visible_parts_by_case(user, case_ids: list[int]) -> dict[int, list[str]]:
    """For a service partner: the parts open to their unit per case (one query)."""
    if Role.SERVICE_PARTNER not in user_roles(user) or not user.org_unit_id or not case_ids:
        return {}
    parts: dict[int, set[str]] = defaultdict(set)
    for case_id, part in (active_grants().filter(unit_id=user.org_unit_id,
                                                 consent__case_id__in=case_ids)
                          .values_list("consent__case_id", "part")):
        parts[case_id].add(part)
    return {k: sorted(v) for k, v in parts.items()}


def case_members(case: Case) -> list[CaseMember]:
    return list(_members_ordered().filter(case_id=case.pk))


def referral_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(active=True).exclude(kind=OrgUnit.Kind.LENDING) \
        .order_by("name")


def zones_for_user(user) -> QuerySet[Zone]:
    if user.org_unit_id is None:
        return Zone.objects.none()
    return Zone.objects.filter(municipality_id=user.org_unit.municipality_id).order_by("code")


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
