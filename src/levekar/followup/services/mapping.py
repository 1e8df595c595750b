"""The mapping (kartlegging): creating and correcting an assessment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Action
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.followup import instruments
from levekar.followup.models import (
    Assessment,
    Case,
)
from levekar.followup.services._common import _audit, _member_persons, person_scopes


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
    assessment = Assessment.objects.create(
        case=case, kind=kind, performed_on=performed_on, instrument_id=instrument.id,
        instrument_version=instrument.version, answers=clean, performed_by=actor)
    _audit(actor=actor, request=request, action=Action.CREATE, obj=assessment,
           persons=_member_persons(case), purpose=f"kartlegging ({assessment.get_kind_display()})")
    return assessment


@transaction.atomic
def assessment_update(*, actor, assessment: Assessment, answers: dict,
                      performed_on: dt.date | None = None, request=None) -> Assessment:
    """Correct a mapping; it keeps the instrument version it was filled with."""
    instrument = instruments.registry().get(assessment.instrument_id,
                                            assessment.instrument_version)
    if performed_on is not None and performed_on > timezone.localdate():
        raise InvalidInput([Problem("Datoen kan ikke være fram i tid.", field="dato")])
    assessment.answers = instruments.validate_answers(instrument, answers,
                                                      person_scopes(assessment.case))
    if performed_on is not None:
        assessment.performed_on = performed_on
    assessment.updated_at = timezone.now()
    assessment.save(update_fields=["answers", "performed_on", "updated_at"])
    _audit(actor=actor, request=request, action=Action.UPDATE, obj=assessment,
           persons=_member_persons(assessment.case), purpose="rettet kartlegging")
    return assessment
