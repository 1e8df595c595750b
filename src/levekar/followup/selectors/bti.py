"""Reads of the BTI level's history, stafettholders and break-the-glass grants."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from levekar.core.models import User
from levekar.core.roles import Role, user_roles
from levekar.followup.models import (
    BreakGlassAccess,
    BtiLevelChange,
    Case,
)


def bti_history(case: Case) -> QuerySet[BtiLevelChange]:
    return case.bti_changes.select_related("changed_by", "stafettholder",
                                           "stafettholder__org_unit")


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
