"""Reads of the BTI level's history, stafettholders and break-the-glass grants."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from levekar.core.models import User
from levekar.core.roles import Role, user_roles
from levekar.followup.models import (
    BreakGlassAccess,
    BtiLevel,
    BtiLevelChange,
    Case,
    CaseMember,
    IndividualPlan,
    Participant,
)


def bti_history(case: Case) -> QuerySet[BtiLevelChange]:
    """Every level change of the case's children, newest first, naming the child."""
    return case.bti_changes.select_related("changed_by", "member__person", "holder",
                                           "holder__unit", "holder__user")


def bti_children(case: Case) -> list[CaseMember]:
    """The children who live in the family, each with their level and stafettholder
    (one query)."""
    return list(case.members.filter(role=CaseMember.Role.CHILD, left_on__isnull=True)
                .select_related("person", "stafettholder", "stafettholder__unit",
                                "stafettholder__user")
                .order_by("person__birth_date", "pk"))


def bti_children_without_consent(case: Case, children: list[CaseMember]) -> list[CaseMember]:
    """The children at level 2 or above whom no active consent covers (one query)."""
    from levekar.followup.access import active_grants

    raised = [c for c in children if c.bti_level >= BtiLevel.COOPERATION]
    if not raised:
        return []
    subjects = set(active_grants().filter(consent__case_id=case.pk)
                   .values_list("consent__subject_id", flat=True))
    if None in subjects:
        return []
    return [c for c in raised if c.person_id not in subjects]


def bti_holder_choices(case: Case) -> QuerySet[Participant]:
    """Who can hold a child's baton: the case's participants, with or without an account."""
    return case.participants.select_related("unit", "user").order_by("name", "pk")


def stafettholder_choices() -> QuerySet[User]:
    """Staff who can hold the baton: coordinators and service partners with an account."""
    return (User.objects.filter(is_active=True, groups__name__in=[Role.COORDINATOR,
                                                                  Role.SERVICE_PARTNER])
            .select_related("org_unit").distinct().order_by("first_name", "last_name"))


def break_glass_log() -> QuerySet[BreakGlassAccess]:
    """Every emergency access, newest first (for the BTI coordinator / leader)."""
    return BreakGlassAccess.objects.select_related("user", "user__org_unit", "case",
                                                   "case__coordinator", "unjustified_by")


def break_glass_get(access_pk: int) -> BreakGlassAccess:
    """One emergency access for the BTI coordinator / leader's review, or 404."""
    access = break_glass_log().filter(pk=access_pk).first()
    if access is None:
        raise Http404("ingen slik nødtilgang")
    return access


def break_glass_case_for_user(user, case_pk: int) -> Case:
    """A case a coordinator may ask emergency access to: same unit, not anonymised."""
    case = (Case.objects.select_related("coordinator")
            .filter(pk=case_pk, anonymised_at__isnull=True, unit_id=user.org_unit_id).first())
    if case is None or Role.COORDINATOR not in user_roles(user):
        raise Http404("ingen slik sak")
    return case


def individual_plans_of(case: Case) -> list[IndividualPlan]:
    """The case's individual plans, open ones first, newest first, with the child, the
    responsible person and the barnekoordinator (one query)."""
    plans = (IndividualPlan.objects.filter(case=case)
             .select_related("member__person", "responsible__unit",
                             "child_coordinator__unit")
             .order_by("-created_at", "-pk"))
    return sorted(plans, key=lambda p: not p.is_open)


def individual_plan_get(case: Case, plan_pk: int) -> IndividualPlan:
    """One of the case's individual plans, or 404."""
    plan = (IndividualPlan.objects.filter(case=case, pk=plan_pk)
            .select_related("case", "member__person").first())
    if plan is None:
        raise Http404("ingen slik plan")
    return plan
