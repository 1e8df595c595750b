"""Meetings, follow-up tasks and session feedback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Action, Kind, audit_changes, audit_snapshot
from levekar.core.errors import InvalidInput, Problem
from levekar.core.models import OrgUnit
from levekar.followup import instruments
from levekar.followup.access import can_record_meeting
from levekar.followup.models import (
    Case,
    CaseMember,
    FollowUpTask,
    InfoPart,
    Meeting,
    SessionFeedback,
)
from levekar.followup.services._common import (
    _audit,
    _check_member,
    _member_ids,
    version_claim,
)
from levekar.followup.services.plan import _refuse

RECORD_MEETING = "registrere et møte i denne delen av saken"


def _meeting_problems(case, kind, status, starts_at, members, part="") -> list[Problem]:
    problems = []
    if part and part not in InfoPart.values:
        problems.append(Problem("Ukjent del av saken.", field="gjelder"))
    if kind not in Meeting.Kind.values:
        problems.append(Problem("Ukjent type kontakt.", field="type kontakt"))
    if status == Meeting.Status.HELD and starts_at > timezone.now() + dt.timedelta(minutes=5):
        problems.append(Problem("Et gjennomført møte kan ikke ligge fram i tid.", field="tid"))
    if any(m.case_id != case.pk for m in members):
        problems.append(Problem("Personen er ikke med i dette familieløpet.",
                                field="til stede fra familien"))
    return problems


def meeting_create(*, actor, case: Case, kind: str, starts_at: dt.datetime,
                   status: str = Meeting.Status.PLANNED, place: str = "",
                   units: Sequence[OrgUnit] = (), members: Sequence[CaseMember] = (),
                   notes: str = "", part: str = "", access=None, request=None) -> Meeting:
    """A contact with the family, recorded with its writer and their unit (who wrote what
    and when). ``part`` is what it is about (empty: general). With ``access`` (a page), the
    access rule applies: a service partner records a meeting only in a part their consent
    covers for the members present, their own unit always takes part, and a refusal is
    audited and raised as ``AccessDenied``."""
    if access is not None and not access.full:
        if not can_record_meeting(access, part, [m.person_id for m in members]):
            raise _refuse(actor=actor, request=request, obj=case,
                          persons=[m.person_id for m in members] or _member_ids(case),
                          what=RECORD_MEETING)
        own = OrgUnit.objects.get(pk=access.unit_id)
        units = [u for u in units if u.pk != own.pk] + [own]
    return _meeting_create(actor=actor, case=case, kind=kind, starts_at=starts_at,
                           status=status, place=place, units=units, members=members,
                           notes=notes, part=part, request=request)


@transaction.atomic
def _meeting_create(*, actor, case, kind, starts_at, status, place, units, members, notes,
                    part, request) -> Meeting:
    problems = _meeting_problems(case, kind, status, starts_at, members, part)
    if problems:
        raise InvalidInput(problems)
    meeting = Meeting.objects.create(case=case, kind=kind, starts_at=starts_at, status=status,
                                     place=place.strip(), notes=notes.strip(), part=part,
                                     created_by=actor,
                                     created_by_unit_id=getattr(actor, "org_unit_id", None))
    meeting.units.set(units)
    meeting.members.set(members)
    _audit(actor=actor, request=request, kind=Kind.MEETING_CREATE, obj=meeting,
           persons=[m.person_id for m in members] or _member_ids(case))
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, kind: str, starts_at: dt.datetime, status: str,
                   place: str, units: Sequence[OrgUnit], members: Sequence[CaseMember],
                   notes: str, part: str | None = None, request=None,
                   expected_version: int | None = None) -> Meeting:
    """Change a meeting (full access: the coordinator). ``part`` None keeps it."""
    part = meeting.part if part is None else part
    problems = _meeting_problems(meeting.case, kind, status, starts_at, members, part)
    if status != Meeting.Status.HELD and meeting.feedback.exists():
        problems.append(Problem("Møtet har tilbakemeldinger og må stå som gjennomført.",
                                field="status"))
    if problems:
        raise InvalidInput(problems)
    version_claim(meeting, expected_version, "kontakten")
    before = audit_snapshot(meeting, ["kind", "starts_at", "status", "place", "notes"])
    meeting.kind, meeting.starts_at, meeting.status = kind, starts_at, status
    meeting.place, meeting.notes, meeting.part = place.strip(), notes.strip(), part
    meeting.save()
    meeting.units.set(units)
    meeting.members.set(members)
    _audit(actor=actor, request=request, kind=Kind.MEETING_UPDATE, obj=meeting,
           persons=[m.person_id for m in members] or _member_ids(meeting.case),
           changes=audit_changes(meeting, before))
    return meeting


@transaction.atomic
def task_create(*, actor, case: Case, description: str, deadline: dt.date,
                meeting: Meeting | None = None, responsible_unit: OrgUnit | None = None,
                responsible_person: str = "", request=None) -> FollowUpTask:
    problems = []
    if not description.strip():
        problems.append(Problem("Beskriv oppgaven.", field="oppgave"))
    if meeting is not None and meeting.case_id != case.pk:
        problems.append(Problem("Møtet hører til et annet familieløp.", field="møte"))
    if deadline is None:
        problems.append(Problem("Sett en frist.", field="frist"))
    if problems:
        raise InvalidInput(problems)
    task = FollowUpTask.objects.create(case=case, meeting=meeting, description=description.strip(),
                                       responsible_unit=responsible_unit,
                                       responsible_person=responsible_person.strip(),
                                       deadline=deadline, created_by=actor)
    _audit(actor=actor, request=request, kind=Kind.TASK_CREATE, obj=task,
           persons=_member_ids(case))
    return task


@transaction.atomic
def task_done_set(*, actor, task: FollowUpTask, done: bool, on: dt.date | None = None,
                  request=None) -> FollowUpTask:
    before = audit_snapshot(task, ["done_on"])
    task.done_on = (on or timezone.localdate()) if done else None
    task.save(update_fields=["done_on"])
    _audit(actor=actor, request=request, kind=Kind.TASK_UPDATE, obj=task,
           persons=_member_ids(task.case), changes=audit_changes(task, before))
    return task


@transaction.atomic
def feedback_record(*, actor, meeting: Meeting, member: CaseMember, outcome: Sequence[int],
                    alliance: Sequence[int], request=None) -> SessionFeedback:
    """One person's session feedback for a held meeting (replaces an earlier one)."""
    if meeting.status != Meeting.Status.HELD:
        raise InvalidInput([Problem("Tilbakemelding kan bare gis for et gjennomført møte.",
                                    field="møte")])
    _check_member(meeting.case, member, "person")
    instrument = instruments.registry().current("session_feedback")
    outcome, alliance = instruments.validate_feedback(instrument, outcome, alliance)
    feedback, created = SessionFeedback.objects.update_or_create(
        meeting=meeting, member=member,
        defaults={"instrument_id": instrument.id, "instrument_version": instrument.version,
                  "outcome_scores": outcome, "alliance_scores": alliance,
                  "outcome_total": sum(outcome), "alliance_total": sum(alliance),
                  "recorded_by": actor, "recorded_at": timezone.now()})
    _audit(actor=actor, request=request, kind=Kind.FEEDBACK_RECORD,
           action=Action.CREATE if created else Action.UPDATE,
           obj=feedback, persons=[member.person_id])
    return feedback
