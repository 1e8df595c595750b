"""The BTI level and stafettholder, the individual-plan assessment, and break the glass."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Kind, audit_changes, audit_record, audit_snapshot
from levekar.core.errors import AccessDenied, InvalidInput, Problem
from levekar.core.models import User
from levekar.core.roles import Role, has_role
from levekar.followup.models import (
    BreakGlassAccess,
    BtiLevel,
    BtiLevelChange,
    Case,
    IndividualPlan,
)
from levekar.followup.services._common import _member_ids
from levekar.followup.services.consent import case_has_active_consent


def break_glass_hours() -> int:
    """How long an emergency access lasts (setting ``LEVEKAR_BREAK_GLASS_HOURS``, 8)."""
    return int(getattr(settings, "LEVEKAR_BREAK_GLASS_HOURS", 8))


@transaction.atomic
def bti_level_change(*, actor: User, case: Case, to_level: int, reason: str,
                     stafettholder: User | None = None) -> BtiLevelChange:
    """Move the case along the handlingsveileder: up one level at a time, down any number.

    Level 1 and above need a named stafettholder; level 2 and above need an active
    recorded consent (cooperation between services only after consent).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    problems: list[Problem] = []
    if to_level not in BtiLevel.values:
        raise InvalidInput([Problem("BTI-nivået må være 0, 1, 2 eller 3.", field="nivå")])
    if not reason.strip():
        problems.append(Problem("Oppgi hvorfor nivået endres.", field="begrunnelse"))
    if case.status == Case.Status.CLOSED:
        problems.append(Problem("Familieløpet er avsluttet; åpne det igjen først.",
                                field="nivå"))
    if to_level > case.bti_level + 1:
        problems.append(Problem(
            f"Nivået kan bare økes ett trinn om gangen (fra {case.bti_level} til "
            f"{case.bti_level + 1}).", field="nivå"))
    if to_level >= BtiLevel.OWN_SERVICE and stafettholder is None:
        problems.append(Problem("Fra nivå 1 må saken ha en navngitt stafettholder.",
                                field="stafettholder"))
    if stafettholder is not None and not stafettholder.is_active:
        problems.append(Problem("Stafettholderen har ikke en aktiv brukerkonto.",
                                field="stafettholder"))
    if to_level >= BtiLevel.COOPERATION and not case_has_active_consent(case):
        problems.append(Problem(
            "Saken kan ikke løftes til nivå 2 uten et registrert, gyldig samtykke. "
            "Registrer samtykket fra familien først.", field="nivå"))
    if to_level == case.bti_level and (stafettholder.pk if stafettholder else None) == \
            case.stafettholder_id:
        problems.append(Problem("Verken nivå eller stafettholder er endret.", field="nivå"))
    if problems:
        raise InvalidInput(problems)
    change = BtiLevelChange.objects.create(
        case=case, from_level=case.bti_level, to_level=to_level, changed_by=actor,
        reason=reason.strip(), stafettholder=stafettholder,
    )
    before = audit_snapshot(case, ["bti_level", "stafettholder"])
    case.bti_level = to_level
    case.stafettholder = stafettholder
    case.save(update_fields=["bti_level", "stafettholder"])
    audit_record(actor=actor, kind=Kind.BTI_LEVEL_CHANGE, obj=case, persons=_member_ids(case),
                 changes=audit_changes(case, before))
    return change


@transaction.atomic
def case_individual_plan_record(*, actor: User, case: Case, assessment: str) -> Case:
    """Record the assessment of individuell plan and barnekoordinator (prompted at level 3)."""
    if assessment not in IndividualPlan.values or assessment == IndividualPlan.NOT_ASSESSED:
        raise InvalidInput([Problem("Velg hva vurderingen endte med.", field="vurdering")])
    before = audit_snapshot(case, ["individual_plan"])
    case.individual_plan = assessment
    case.individual_plan_assessed_at = timezone.now()
    case.save(update_fields=["individual_plan", "individual_plan_assessed_at"])
    audit_record(actor=actor, kind=Kind.BTI_INDIVIDUAL_PLAN, obj=case,
                 persons=_member_ids(case), changes=audit_changes(case, before))
    return case


@transaction.atomic
def break_glass_open(*, actor: User, case: Case, reason: str,
                     now: dt.datetime | None = None) -> BreakGlassAccess:
    """Emergency access to another coordinator's case ("break the glass").

    Only for family coordinators in the case's own unit, with a written reason; lasts
    ``break_glass_hours()`` hours; audited and listed for the BTI coordinator / leader.
    """
    reason = reason.strip()
    if not has_role(actor, Role.COORDINATOR) or actor.org_unit_id != case.unit_id:
        raise AccessDenied("Nødtilgang kan bare gis til familiekoordinatorer i samme enhet "
                           "som familieløpet.")
    if case.coordinator_id == actor.pk:
        raise InvalidInput([Problem("Du er koordinator for dette familieløpet og trenger "
                                    "ikke nødtilgang.")])
    if case.anonymised_at is not None:
        raise InvalidInput([Problem("Familieløpet er anonymisert.")])
    if len(reason) < 10:
        raise InvalidInput([Problem("Skriv hvorfor du trenger nødtilgang (minst 10 tegn).",
                                    field="begrunnelse")])
    now = now or timezone.now()
    access = BreakGlassAccess.objects.create(
        case=case, user=actor, reason=reason, granted_at=now,
        expires_at=now + dt.timedelta(hours=break_glass_hours()),
    )
    audit_record(actor=actor, kind=Kind.BREAK_GLASS_OPEN, obj=access, persons=_member_ids(case),
                 purpose=f"nødtilgang til familieløp {case.pk}: {reason}")
    return access
