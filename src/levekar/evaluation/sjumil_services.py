"""Writes of Sjumilssteget: a service's yearly self-assessment against the seven steps,
the actions that follow (each tied to a plan measure), and the interdisciplinary meetings
(counts only, never a child's name). One transaction each; Norwegian errors naming the field."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Kind, Purpose, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.core.models import OrgUnit
from levekar.evaluation import datafiles
from levekar.evaluation.models import (
    Arena,
    InterdisciplinaryMeeting,
    SevenStepAction,
    SevenStepAssessment,
    SevenStepRating,
)
from levekar.plans.models import Measure


@dataclass(frozen=True)
class StepInput:
    step: str
    level: int
    note: str = ""


def _year_problem(year: int) -> list[Problem]:
    return [] if 2000 <= year <= timezone.localdate().year + 1 else [
        Problem("Ugyldig år.", field="år")]


@transaction.atomic
def seven_steps_assess(*, actor, unit: OrgUnit, year: int, steps: Sequence[StepInput],
                       note: str = "") -> SevenStepAssessment:
    """Record (or replace) ``unit``'s assessment for ``year``: every step at a level."""
    data = datafiles.seven_steps()
    levels = {v for v, _label in data.levels}
    given = {s.step: s for s in steps}
    problems = _year_problem(year)
    for step in data.steps:
        s = given.get(step.id)
        if s is None or s.level not in levels:
            problems.append(Problem("Velg et nivå.",
                                    field=f"Steg {step.number} {step.label['nb']}"))
    problems += [Problem("Ukjent steg.", field=k) for k in given if data.step(k) is None]
    if problems:
        raise InvalidInput(problems)
    assessment, _created = SevenStepAssessment.objects.update_or_create(
        unit=unit, year=year,
        defaults={"note": note.strip(), "assessed_by": actor, "assessed_at": timezone.now()})
    assessment.ratings.all().delete()
    SevenStepRating.objects.bulk_create([
        SevenStepRating(assessment=assessment, step=s.step, level=s.level, note=s.note.strip())
        for s in steps])
    audit_record(actor=actor, kind=Kind.SJUMIL_ASSESSMENT_UPDATE, obj=assessment,
                 purpose=Purpose.SJUMIL_SELF_ASSESSMENT)
    return assessment


@transaction.atomic
def seven_steps_action_add(*, actor, assessment: SevenStepAssessment, step: str,
                           description: str, measure: Measure | None,
                           deadline: dt.date | None = None) -> SevenStepAction:
    problems = []
    if datafiles.seven_steps().step(step) is None:
        problems.append(Problem("Velg hvilket steg tiltaket gjelder.", field="steg"))
    if not description.strip():
        problems.append(Problem("Beskriv tiltaket.", field="tiltak"))
    if measure is None:
        problems.append(Problem("Velg tiltaket i handlingsplanen som dette hører til.",
                                field="tiltak i handlingsplanen"))
    if problems:
        raise InvalidInput(problems)
    action = SevenStepAction.objects.create(assessment=assessment, step=step,
                                            description=description.strip(), measure=measure,
                                            deadline=deadline, created_by=actor)
    audit_record(actor=actor, kind=Kind.SJUMIL_ACTION_CREATE, obj=action)
    return action


@transaction.atomic
def interdisciplinary_meeting_record(*, actor, held_on: dt.date, arena: str, host: OrgUnit,
                                     services: Sequence[OrgUnit], children_discussed: int
                                     ) -> InterdisciplinaryMeeting:
    problems = []
    if arena not in Arena.values:
        problems.append(Problem("Velg arena: helsestasjon, barnehage eller skole.", field="arena"))
    if held_on > timezone.localdate():
        problems.append(Problem("Datoen kan ikke være fram i tid.", field="dato"))
    if not services:
        problems.append(Problem("Velg minst én tjeneste som deltok.", field="tjenester"))
    if not 0 <= children_discussed <= 200:
        problems.append(Problem("Antall barn må være mellom 0 og 200.", field="antall barn"))
    if problems:
        raise InvalidInput(problems)
    meeting = InterdisciplinaryMeeting.objects.create(
        held_on=held_on, arena=arena, host=host, children_discussed=children_discussed,
        recorded_by=actor)
    meeting.services.set(services)
    audit_record(actor=actor, kind=Kind.SJUMIL_MEETING_CREATE, obj=meeting,
                 purpose=Purpose.SJUMIL_MEETING)
    return meeting
