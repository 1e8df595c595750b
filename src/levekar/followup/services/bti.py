"""Each child's BTI level and stafettholder, the individual-plan assessment, and break the glass."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from levekar.core import messaging
from levekar.core.audit import Kind, audit_changes, audit_record, audit_snapshot
from levekar.core.errors import AccessDenied, InvalidInput, Problem
from levekar.core.models import User
from levekar.core.roles import Role, has_role
from levekar.followup.models import (
    BreakGlassAccess,
    BreakGlassCategory,
    BtiLevel,
    BtiLevelChange,
    Case,
    CaseMember,
    IndividualPlan,
    Participant,
)
from levekar.followup.services._common import _case_bti_level_refresh, _member_ids
from levekar.followup.services.consent import child_has_active_consent


def break_glass_hours() -> int:
    """How long an emergency access lasts (setting ``LEVEKAR_BREAK_GLASS_HOURS``, 8)."""
    return int(getattr(settings, "LEVEKAR_BREAK_GLASS_HOURS", 8))


@transaction.atomic
def bti_level_change(*, actor: User, member: CaseMember, to_level: int, reason: str,
                     stafettholder: Participant | None = None) -> BtiLevelChange:
    """Move one child along the handlingsveileder: up one level at a time, down any number.

    BTI follows the child (seeds/004): the level, the stafettholder and the history are
    the child's. Level 1 and above need a named stafettholder (a participant of the case,
    with or without an account); level 2 and above need an active recorded consent that
    covers this child (about the whole family or about the child). The case keeps the
    highest of its children's levels.
    """
    case = Case.objects.select_for_update().get(pk=member.case_id)
    member = CaseMember.objects.select_related("person").get(pk=member.pk)
    problems: list[Problem] = []
    if to_level not in BtiLevel.values:
        raise InvalidInput([Problem("BTI-nivået må være 0, 1, 2 eller 3.", field="nivå")])
    if member.role != CaseMember.Role.CHILD or member.left_on is not None:
        raise InvalidInput([Problem("BTI-nivå settes for hvert barn som bor i familien; "
                                    "velg et av barna.", field="barn")])
    if not reason.strip():
        problems.append(Problem("Oppgi hvorfor nivået endres.", field="begrunnelse"))
    if case.status == Case.Status.CLOSED:
        problems.append(Problem("Familieløpet er avsluttet; åpne det igjen først.",
                                field="nivå"))
    if to_level > member.bti_level + 1:
        problems.append(Problem(
            f"Nivået kan bare økes ett trinn om gangen (fra {member.bti_level} til "
            f"{member.bti_level + 1}).", field="nivå"))
    if to_level >= BtiLevel.OWN_SERVICE and stafettholder is None:
        problems.append(Problem("Fra nivå 1 må barnet ha en navngitt stafettholder.",
                                field="stafettholder"))
    if stafettholder is not None and stafettholder.case_id != case.pk:
        problems.append(Problem("Stafettholderen må være deltaker i dette familieløpet.",
                                field="stafettholder"))
    elif stafettholder is not None and stafettholder.user_id is not None \
            and not stafettholder.user.is_active:
        problems.append(Problem("Stafettholderen har ikke en aktiv brukerkonto.",
                                field="stafettholder"))
    if to_level >= BtiLevel.COOPERATION and not child_has_active_consent(member):
        problems.append(Problem(
            f"{member.person.first_name} kan ikke løftes til nivå 2 uten et registrert, "
            "gyldig samtykke som gjelder barnet eller hele familien. Registrer samtykket "
            "fra familien først.", field="nivå"))
    if to_level == member.bti_level and (stafettholder.pk if stafettholder else None) == \
            member.stafettholder_id:
        problems.append(Problem("Verken nivå eller stafettholder er endret.", field="nivå"))
    if problems:
        raise InvalidInput(problems)
    change = BtiLevelChange.objects.create(
        case=case, member=member, from_level=member.bti_level, to_level=to_level,
        changed_by=actor, reason=reason.strip(), holder=stafettholder,
    )
    before = audit_snapshot(member, ["bti_level", "stafettholder"])
    member.bti_level = to_level
    member.stafettholder = stafettholder
    member.save(update_fields=["bti_level", "stafettholder"])
    _case_bti_level_refresh(case)
    audit_record(actor=actor, kind=Kind.BTI_LEVEL_CHANGE, obj=member, persons=_member_ids(case),
                 changes=audit_changes(member, before))
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


def _reason_problem(reason: str, field: str, what: str) -> Problem | None:
    """A reason must say something: at least 10 characters in three words with letters
    (ten random characters or one long word opened eight hours of full access before)."""
    words = [w for w in reason.split() if any(ch.isalpha() for ch in w)]
    if len(reason) < 10 or len(words) < 3:
        return Problem(f"Skriv {what} med minst tre ord (minst 10 tegn).", field=field)
    return None


@transaction.atomic
def break_glass_open(*, actor: User, case: Case, category: str, reason: str,
                     now: dt.datetime | None = None) -> BreakGlassAccess:
    """Emergency access to another coordinator's case ("break the glass").

    Only for family coordinators in the case's own unit, with a reason category
    (``BreakGlassCategory``) and a written reason; lasts ``break_glass_hours()`` hours;
    audited and listed for the BTI coordinator / leader.
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
    problems = []
    if category not in BreakGlassCategory.values:
        problems.append(Problem("Velg hva slags grunn du har for nødtilgang.",
                                field="kategori"))
    problem = _reason_problem(reason, "begrunnelse", "hvorfor du trenger nødtilgang")
    if problem:
        problems.append(problem)
    if problems:
        raise InvalidInput(problems)
    now = now or timezone.now()
    access = BreakGlassAccess.objects.create(
        case=case, user=actor, category=category, reason=reason, granted_at=now,
        expires_at=now + dt.timedelta(hours=break_glass_hours()),
    )
    label = BreakGlassCategory(category).label
    audit_record(actor=actor, kind=Kind.BREAK_GLASS_OPEN, obj=access, persons=_member_ids(case),
                 purpose=f"nødtilgang til familieløp {case.pk} ({label}): {reason}")
    return access


@transaction.atomic
def break_glass_mark_unjustified(*, actor: User, access: BreakGlassAccess, reason: str,
                                 now: dt.datetime | None = None) -> BreakGlassAccess:
    """The BTI coordinator / leader marks an emergency access as unjustified after review,
    with a reason. Once marked, it stays marked (the audit log keeps who and why)."""
    if not has_role(actor, Role.BTI_COORDINATOR):
        raise AccessDenied("Bare BTI-koordinator / leder kan vurdere nødtilganger.")
    access = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
    if access.unjustified_at is not None:
        raise InvalidInput([Problem("Nødtilgangen er allerede markert som uberettiget.")])
    reason = reason.strip()
    problem = _reason_problem(reason, "begrunnelse", "hvorfor nødtilgangen var uberettiget")
    if problem:
        raise InvalidInput([problem])
    access.unjustified_at = now or timezone.now()
    access.unjustified_by = actor
    access.unjustified_reason = reason
    access.save(update_fields=["unjustified_at", "unjustified_by", "unjustified_reason"])
    if access.user.email:
        # The person who broke the glass hears of the review (no names of the family).
        messaging.queue_email(
            to=access.user.email, subject="En nødtilgang du brukte er vurdert som uberettiget",
            body=(f"Nødtilgangen du åpnet {timezone.localtime(access.granted_at):%d.%m.%Y %H:%M} "
                  "er vurdert av BTI-leder og markert som uberettiget.\n\n"
                  "Ta kontakt med BTI-leder for begrunnelsen. Av personvernhensyn står det "
                  "ingen navn og ingen saksopplysninger i denne e-posten."),
            reference=f"followup.break_glass_unjustified:{access.pk}")
    audit_record(actor=actor, kind=Kind.BREAK_GLASS_UNJUSTIFIED, obj=access,
                 purpose=f"nødtilgang {access.pk} (familieløp {access.case_id}, "
                         f"{access.user.username}) markert som uberettiget: {reason}")
    return access
