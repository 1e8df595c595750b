"""Reads of consents and of the units a consent may name."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from levekar.core.models import OrgUnit
from levekar.followup.access import CaseAccess, active_grants
from levekar.followup.models import (
    Case,
    Consent,
    ConsentGrant,
)

# Units a consent can name: the services that work with families (not the
# administration, the coordinators themselves or the equipment library).
_NOT_CONSENT_KINDS = [OrgUnit.Kind.ADMINISTRATION, OrgUnit.Kind.FAMILY_COORDINATION,
                      OrgUnit.Kind.LENDING]


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


def consent_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(active=True).exclude(kind__in=_NOT_CONSENT_KINDS) \
        .order_by("name")
