"""Each child's BTI level and stafettholder, the individual-plan assessment, and break the glass."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from levekar.core import messaging
from levekar.core.audit import Kind, Purpose, audit_changes, audit_record, audit_snapshot
from levekar.core.errors import AccessDenied, InvalidInput, Problem
from levekar.core.models import User
from levekar.core.roles import Role, has_role
from levekar.followup.access import case_access_for_user
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
from levekar.followup.services._common import (
    _audit,
    _case_bti_level_refresh,
    _member_ids,
    version_claim,
)
from levekar.followup.services.consent import child_has_active_consent
from levekar.followup.services.participants import participant_add


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


_PLAN_FIELDS = ["member", "status", "started_on", "adopted_on", "ended_on", "responsible",
                "child_coordinator", "coordinator_appointed_on", "coordinator_ended_on", "note"]


@dataclass(frozen=True)
class NewPerson:
    """A person without an account named in a form (a teacher, kindergarten staff, a
    volunteer): becomes a participant of the case in the same transaction."""

    name: str
    organisation: str = ""
    contact: str = ""


def _may_write_plan(actor: User, case: Case) -> bool:
    """Only full access writes the individual plan: the case's coordinator, or a
    coordinator with emergency access (the one access rule, ``access``)."""
    try:
        return case_access_for_user(actor, case.pk).full
    except Http404:
        return False


def _plan_problems(*, case: Case, plan: IndividualPlan | None, member, status, started_on,
                   adopted_on, ended_on, responsible, child_coordinator, new_coordinator,
                   coordinator_appointed_on, coordinator_ended_on) -> list[Problem]:
    problems: list[Problem] = []
    if status not in IndividualPlan.Status.values:
        problems.append(Problem("Velg status for planen.", field="status"))
    if member is not None and (member.case_id != case.pk
                               or member.role != CaseMember.Role.CHILD):
        problems.append(Problem("Planen kan gjelde hele familien eller ett av barna i "
                                "familien.", field="gjelder"))
    if case.status == Case.Status.CLOSED and plan is None:
        problems.append(Problem("Familieløpet er avsluttet; åpne det igjen først.",
                                field="status"))
    if status == IndividualPlan.Status.ADOPTED and adopted_on is None:
        problems.append(Problem("Skriv datoen planen ble vedtatt.", field="vedtatt"))
    if status == IndividualPlan.Status.ENDED and ended_on is None:
        problems.append(Problem("Skriv datoen planen ble avsluttet.", field="avsluttet"))
    if ended_on is not None and status != IndividualPlan.Status.ENDED:
        problems.append(Problem("En plan med sluttdato må ha status «Avsluttet».",
                                field="avsluttet"))
    if started_on and adopted_on and adopted_on < started_on:
        problems.append(Problem("Vedtaksdatoen kan ikke være før arbeidet startet.",
                                field="vedtatt"))
    if started_on and ended_on and ended_on < started_on:
        problems.append(Problem("Sluttdatoen kan ikke være før arbeidet startet.",
                                field="avsluttet"))
    for who, field in ((responsible, "ansvarlig for planen"),
                       (child_coordinator, "barnekoordinator")):
        if who is not None and who.case_id != case.pk:
            problems.append(Problem("Personen må være deltaker i dette familieløpet.",
                                    field=field))
    if child_coordinator is not None and new_coordinator is not None:
        problems.append(Problem("Velg en deltaker eller skriv navnet på en ny person, ikke "
                                "begge.", field="barnekoordinator"))
    if new_coordinator is not None:
        if not new_coordinator.name.strip():
            problems.append(Problem("Skriv navnet på barnekoordinatoren.",
                                    field="barnekoordinator"))
        if not new_coordinator.organisation.strip():
            problems.append(Problem("Skriv hvilken tjeneste eller organisasjon "
                                    "barnekoordinatoren er fra.",
                                    field="barnekoordinatorens tjeneste"))
    has_coordinator = child_coordinator is not None or new_coordinator is not None
    if coordinator_appointed_on is not None and not has_coordinator:
        problems.append(Problem("Velg barnekoordinatoren som ble oppnevnt.",
                                field="barnekoordinator"))
    if coordinator_ended_on is not None and coordinator_appointed_on is None:
        problems.append(Problem("Skriv når barnekoordinatoren ble oppnevnt.",
                                field="barnekoordinator oppnevnt"))
    if coordinator_appointed_on and coordinator_ended_on \
            and coordinator_ended_on < coordinator_appointed_on:
        problems.append(Problem("Barnekoordinatoren kan ikke avslutte før oppnevningen.",
                                field="barnekoordinator avsluttet"))
    if status != IndividualPlan.Status.ENDED:
        open_plans = IndividualPlan.objects.filter(case=case, member=member) \
            .exclude(status=IndividualPlan.Status.ENDED)
        if plan is not None:
            open_plans = open_plans.exclude(pk=plan.pk)
        if open_plans.exists():
            problems.append(Problem(
                "Det finnes allerede en individuell plan som ikke er avsluttet for "
                + ("barnet." if member is not None else "familien.") +
                " Endre den i stedet.", field="gjelder"))
    return problems


def _refuse_plan(*, actor: User, case: Case, obj, request) -> AccessDenied:
    """Audit a refused write (outside the write's transaction, so it is kept)."""
    _audit(actor=actor, request=request, kind=Kind.BTI_INDIVIDUAL_PLAN_DENIED, obj=obj,
           persons=_member_ids(case), purpose=Purpose.INDIVIDUAL_PLAN_WRITE_REFUSED)
    return AccessDenied("Bare familiekoordinatoren kan registrere og endre individuell plan "
                        "og barnekoordinator. Forsøket er logget.")


def _fields_of(arguments: dict) -> dict:
    """The plan's own fields from a service's keyword arguments (named as the model's)."""
    return {name: arguments[name] for name in _PLAN_FIELDS}


def _plan_write(*, actor: User, case: Case, plan: IndividualPlan | None, fields: dict,
                new_coordinator: NewPerson | None, request,
                expected_version: int | None = None) -> dict:
    """What create and update share, inside their transaction: check the fields, and turn
    a ``new_coordinator`` into a participant of the case. Returns the fields to save."""
    problems = _plan_problems(case=case, plan=plan, new_coordinator=new_coordinator,
                              **{k: v for k, v in fields.items() if k != "note"})
    if problems:
        raise InvalidInput(problems)
    if plan is not None:
        version_claim(plan, expected_version, "den individuelle planen")
    if new_coordinator is not None:
        fields["child_coordinator"] = participant_add(
            actor=actor, case=case, name=new_coordinator.name,
            organisation=new_coordinator.organisation, contact=new_coordinator.contact,
            request=request)
    fields["note"] = fields["note"].strip()
    return fields


def individual_plan_create(
        *, actor: User, case: Case, status: str, member: CaseMember | None = None,
        started_on: dt.date | None = None, adopted_on: dt.date | None = None,
        ended_on: dt.date | None = None, responsible: Participant | None = None,
        child_coordinator: Participant | None = None, new_coordinator: NewPerson | None = None,
        coordinator_appointed_on: dt.date | None = None,
        coordinator_ended_on: dt.date | None = None, note: str = "",
        request=None) -> IndividualPlan:
    """Record an individuell plan for the family or one child (``member``), with its
    status and dates, the person responsible for it and the barnekoordinator: a
    participant of the case, or ``new_coordinator`` — a person without an account who
    becomes a participant. Only full access writes (a refusal is audited and raised as
    ``AccessDenied``); bad input raises ``InvalidInput`` and writes nothing."""
    if not _may_write_plan(actor, case):
        raise _refuse_plan(actor=actor, case=case, obj=case, request=request)
    fields = _fields_of(locals())
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        fields = _plan_write(actor=actor, case=case, plan=None, fields=fields,
                             new_coordinator=new_coordinator, request=request)
        plan = IndividualPlan.objects.create(case=case, created_by=actor, **fields)
        _audit(actor=actor, request=request, kind=Kind.BTI_INDIVIDUAL_PLAN_CREATE, obj=plan,
               persons=_member_ids(case))
    return plan


def individual_plan_update(
        *, actor: User, plan: IndividualPlan, status: str, member: CaseMember | None = None,
        started_on: dt.date | None = None, adopted_on: dt.date | None = None,
        ended_on: dt.date | None = None, responsible: Participant | None = None,
        child_coordinator: Participant | None = None, new_coordinator: NewPerson | None = None,
        coordinator_appointed_on: dt.date | None = None,
        coordinator_ended_on: dt.date | None = None, note: str = "",
        expected_version: int | None = None, request=None) -> IndividualPlan:
    """Change an individuell plan (every field given, as the edit form posts them). The
    audit event carries the old and new values (``changes``): the plan's history.
    ``expected_version`` is the version the form was read at; a later save by someone
    else raises ``Conflict``."""
    case = plan.case
    if not _may_write_plan(actor, case):
        raise _refuse_plan(actor=actor, case=case, obj=plan, request=request)
    fields = _fields_of(locals())
    with transaction.atomic():
        plan = IndividualPlan.objects.select_for_update().get(pk=plan.pk)
        fields = _plan_write(actor=actor, case=case, plan=plan, fields=fields,
                             new_coordinator=new_coordinator, request=request,
                             expected_version=expected_version)
        before = audit_snapshot(plan, _PLAN_FIELDS)
        for name, value in fields.items():
            setattr(plan, name, value)
        changes = audit_changes(plan, before)
        plan.save(update_fields=_PLAN_FIELDS)
        _audit(actor=actor, request=request, kind=Kind.BTI_INDIVIDUAL_PLAN_CHANGE, obj=plan,
               persons=_member_ids(case), changes=changes)
    return plan


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
                 detail=f"nødtilgang til familieløp {case.pk} ({label}): {reason}")
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
                 detail=f"nødtilgang {access.pk} (familieløp {access.case_id}, "
                         f"{access.user.username}) markert som uberettiget: {reason}")
    return access
