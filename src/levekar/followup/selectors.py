"""Reads of the case part of follow-up: lists filtered by the user's access, the parts of
one case, choices for forms, a person's cases for export. Each runs a fixed number of
queries whatever the caseload."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from levekar.core.models import OrgUnit, User
from levekar.core.roles import Role, user_roles
from levekar.core.selectors import person_access_log
from levekar.followup.access import CaseAccess, active_grants, cases_visible_to
from levekar.followup.models import (
    BreakGlassAccess,
    BtiLevelChange,
    Case,
    CaseMember,
    Consent,
    ConsentGrant,
)
from levekar.people.models import Person, Zone

# Units a consent can name: the services that work with families (not the
# administration, the coordinators themselves or the equipment library).
_NOT_CONSENT_KINDS = [OrgUnit.Kind.ADMINISTRATION, OrgUnit.Kind.FAMILY_COORDINATION,
                      OrgUnit.Kind.LENDING]


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


def consents_for_access(access: CaseAccess) -> list[Consent]:
    """Consents of the case with their grants; a partner sees only those naming their unit,
    and of each only the grants to their unit. Two queries."""
    grants = ConsentGrant.objects.select_related("unit").order_by("unit__name", "part")
    qs = (Consent.objects.filter(case_id=access.case.pk)
          .select_related("given_by", "subject", "recorded_by"))
    if not access.full:
        grants = grants.filter(unit_id=access.unit_id)
        qs = qs.filter(pk__in=ConsentGrant.objects.filter(unit_id=access.unit_id)
                       .values("consent_id"))
    return list(qs.prefetch_related(Prefetch("grants", queryset=grants)))


def consent_active_count(case: Case) -> int:
    return active_grants().filter(consent__case_id=case.pk).values("consent_id").distinct() \
        .count()


def bti_history(case: Case) -> QuerySet[BtiLevelChange]:
    return case.bti_changes.select_related("changed_by", "stafettholder",
                                           "stafettholder__org_unit")


def consent_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(active=True).exclude(kind__in=_NOT_CONSENT_KINDS) \
        .order_by("name")


def referral_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(active=True).exclude(kind=OrgUnit.Kind.LENDING) \
        .order_by("name")


def stafettholder_choices() -> QuerySet[User]:
    """Staff who can hold the baton: coordinators and service partners with an account."""
    return (User.objects.filter(is_active=True, groups__name__in=[Role.COORDINATOR,
                                                                  Role.SERVICE_PARTNER])
            .select_related("org_unit").distinct().order_by("first_name", "last_name"))


def zones_for_user(user) -> QuerySet[Zone]:
    if user.org_unit_id is None:
        return Zone.objects.none()
    return Zone.objects.filter(municipality_id=user.org_unit.municipality_id).order_by("code")


def member_access_logs(case: Case, *, limit: int = 50) -> list[tuple[CaseMember, list]]:
    """Each member's innsynslogg (who looked at their data), newest first."""
    return [(m, list(person_access_log(person_id=m.person_id, limit=limit)))
            for m in case_members(case)]


def break_glass_log() -> QuerySet[BreakGlassAccess]:
    """Every emergency access, newest first (for the BTI coordinator / leader)."""
    return BreakGlassAccess.objects.select_related("user", "user__org_unit", "case",
                                                   "case__coordinator")


def break_glass_case_for_user(user, case_pk: int) -> Case:
    """A case a coordinator may ask emergency access to: same unit, not anonymised."""
    case = (Case.objects.select_related("coordinator")
            .filter(pk=case_pk, anonymised_at__isnull=True, unit_id=user.org_unit_id).first())
    if case is None or Role.COORDINATOR not in user_roles(user):
        raise Http404("ingen slik sak")
    return case


def person_get_for_export(user, person_pk: int) -> Person:
    """A person the user may export everything about: a member of a case the user has
    full access to (own case, or an active break-the-glass grant)."""
    if Role.COORDINATOR not in user_roles(user):
        raise Http404("ingen tilgang")
    now = timezone.now()
    own = Q(case__coordinator_id=user.pk) | Q(case__break_glass__user_id=user.pk,
                                               case__break_glass__expires_at__gt=now)
    member = (CaseMember.objects.filter(own, person_id=person_pk,
                                        case__anonymised_at__isnull=True)
              .select_related("person", "person__household", "person__household__zone")
              .first())
    if member is None:
        raise Http404("ingen tilgang")
    return member.person
