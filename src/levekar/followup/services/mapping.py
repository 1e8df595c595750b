"""The mapping (kartlegging): creating and correcting an assessment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from levekar.core.audit import Kind, audit_changes, audit_snapshot
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.core.models import OrgUnit
from levekar.followup import entitlements, instruments
from levekar.followup.models import (
    Assessment,
    Case,
    Goal,
    GoalAction,
)
from levekar.followup.selectors.offers import offer_catalogue
from levekar.followup.services._common import (
    _audit,
    _member_ids,
    person_scopes,
    version_claim,
)
from levekar.followup.services.plan import plan_ensure


def _check_ages(instrument: instruments.Instrument, answers: dict, case: Case,
                on: dt.date) -> None:
    """A part with a minimum age (the child's own answers) is refused for a younger child."""
    limited = {i.id: s for s in instrument.sections if s.min_age is not None for i in s.items}
    if not limited:
        return
    problems = []
    members = {str(m.person_id): m for m in case.members.select_related("person")}
    for pid, values in answers.get("persons", {}).items():
        age = members[pid].person.age_on(on) if pid in members else None
        for item_id in values:
            section = limited.get(item_id)
            if section is not None and not section.asks(age):
                problems.append(Problem(
                    f"{members[pid].person.first_name} er {age} år; denne delen besvares av "
                    f"barn fra {section.min_age} år.", field=f"persons.{pid}.{item_id}"))
    if problems:
        raise InvalidInput(problems)


@transaction.atomic
def assessment_create(*, actor, case: Case, kind: str, answers: dict,
                      performed_on: dt.date | None = None,
                      instrument: instruments.Instrument | None = None,
                      request=None) -> Assessment:
    """A new mapping filled with the current mapping instrument (or the one given)."""
    instrument = instrument or instruments.registry().current("mapping")
    performed_on = performed_on or timezone.localdate()
    problems = []
    if kind not in Assessment.Kind.values:
        problems.append(Problem("Ukjent type kartlegging.", field="type"))
    existing = set(case.assessments.values_list("kind", flat=True))
    if kind == Assessment.Kind.START and Assessment.Kind.START in existing:
        raise Conflict("Familieløpet har allerede en startkartlegging. Velg årlig kartlegging.")
    if kind != Assessment.Kind.START and Assessment.Kind.START not in existing:
        problems.append(Problem("Startkartleggingen må gjøres først.", field="type"))
    if performed_on > timezone.localdate():
        problems.append(Problem("Datoen kan ikke være fram i tid.", field="dato"))
    if problems:
        raise InvalidInput(problems)
    clean = instruments.validate_answers(instrument, answers, person_scopes(case))
    _check_ages(instrument, clean, case, performed_on)
    assessment = Assessment.objects.create(
        case=case, kind=kind, performed_on=performed_on, instrument_id=instrument.id,
        instrument_version=instrument.version, answers=clean, performed_by=actor)
    _audit(actor=actor, request=request, kind=Kind.MAPPING_CREATE, obj=assessment,
           persons=_member_ids(case))
    return assessment


@transaction.atomic
def assessment_update(*, actor, assessment: Assessment, answers: dict,
                      performed_on: dt.date | None = None, request=None,
                      expected_version: int | None = None) -> Assessment:
    """Correct a mapping; it keeps the instrument version it was filled with."""
    instrument = instruments.registry().get(assessment.instrument_id,
                                            assessment.instrument_version)
    before = audit_snapshot(assessment, ["answers", "performed_on"])
    if performed_on is not None and performed_on > timezone.localdate():
        raise InvalidInput([Problem("Datoen kan ikke være fram i tid.", field="dato")])
    assessment.answers = instruments.validate_answers(instrument, answers,
                                                      person_scopes(assessment.case))
    _check_ages(instrument, assessment.answers, assessment.case,
                performed_on or assessment.performed_on)
    version_claim(assessment, expected_version, "kartleggingen")
    if performed_on is not None:
        assessment.performed_on = performed_on
    assessment.updated_at = timezone.now()
    assessment.save(update_fields=["answers", "performed_on", "updated_at"])
    _audit(actor=actor, request=request, kind=Kind.MAPPING_UPDATE, obj=assessment,
           persons=_member_ids(assessment.case), changes=audit_changes(assessment, before))
    return assessment


# --- a possible entitlement becomes a plan action, followed to søkt / innvilget / avslått ------

ENTITLEMENT_GOAL_TITLE = "Familien får det den har rett på"


@transaction.atomic
def action_from_entitlement(*, actor, case: Case, scheme_id: str, on: dt.date | None = None,
                            request=None) -> GoalAction:
    """One click from "mulige rettigheter": a plan action "Avklare og søke: <scheme>" under
    the family's active goal of the scheme's area (a result goal is made if there is none),
    with the responsible unit the rule names (else the agency that decides as the person),
    the catalogue offer that helps with it, and the application "not applied yet"."""
    on = on or timezone.localdate()
    scheme = entitlements.scheme_valid_on(scheme_id, on)
    if scheme is None:
        raise InvalidInput([Problem("Ukjent eller utløpt ordning.", field="rettighet")])
    open_statuses = [GoalAction.Status.PLANNED, GoalAction.Status.IN_PROGRESS]
    if GoalAction.objects.filter(goal__plan__case=case, entitlement=scheme.id).filter(
            Q(status__in=open_statuses) | Q(application__in=[GoalAction.Application.APPLIED,
                                                             GoalAction.Application.GRANTED])
    ).exists():
        raise Conflict(f"Familiens plan har allerede et tiltak for {scheme.name['nb']}.")
    plan = plan_ensure(case=case)
    goal = (Goal.objects.filter(plan=plan, area=scheme.area, member__isnull=True,
                                status=Goal.Status.ACTIVE).order_by("pk").first()
            or Goal.objects.create(plan=plan, area=scheme.area, kind=Goal.Kind.RESULT,
                                   title=ENTITLEMENT_GOAL_TITLE, created_by=actor))
    unit = (OrgUnit.objects.filter(code=scheme.responsible_unit, active=True).first()
            if scheme.responsible_unit else None)
    offer = offer_catalogue().for_entitlement(scheme.id)
    action = GoalAction.objects.create(
        goal=goal, description=f"Avklare og søke: {scheme.name['nb']}"[:300],
        responsible_unit=unit,
        responsible_person="" if unit else scheme.decided_by["nb"][:150],
        entitlement=scheme.id, application=GoalAction.Application.NOT_APPLIED,
        application_on=on, offer=offer.id if offer else "")
    _audit(actor=actor, request=request, kind=Kind.PLAN_ACTION_CREATE, obj=action,
           persons=_member_ids(case),
           detail=f"tiltak i Familiens plan fra mulig rettighet ({scheme.name['nb']})")
    return action


@transaction.atomic
def action_application_set(*, actor, action: GoalAction, application: str,
                           on: dt.date | None = None, request=None) -> GoalAction:
    """Follow the application of an entitlement action: applied puts the action in progress,
    granted or refused ends it (done on the date of the answer)."""
    on = on or timezone.localdate()
    if not action.entitlement:
        raise InvalidInput([Problem("Tiltaket gjelder ingen rettighet.", field="søknad")])
    if application not in GoalAction.Application.values:
        raise InvalidInput([Problem("Velg søkt, innvilget eller avslått.", field="søknad")])
    if on > timezone.localdate():
        raise InvalidInput([Problem("Datoen kan ikke være fram i tid.", field="dato")])
    A, S = GoalAction.Application, GoalAction.Status
    before = audit_snapshot(action, ["application", "application_on", "status", "done_on"])
    action.application, action.application_on = application, on
    if application in (A.GRANTED, A.REFUSED):
        action.status, action.done_on = S.DONE, on
    elif application == A.APPLIED:
        action.status, action.done_on = S.IN_PROGRESS, None
    else:
        action.status, action.done_on = S.PLANNED, None
    action.save(update_fields=["application", "application_on", "status", "done_on"])
    _audit(actor=actor, request=request, kind=Kind.PLAN_ACTION_APPLICATION, obj=action,
           persons=_member_ids(action.goal.plan.case), changes=audit_changes(action, before),
           detail=f"søknad om rettighet: {action.get_application_display().lower()}")
    return action
