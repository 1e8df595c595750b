"""Every write of the work part of a case. One transaction and one audit event each.

Callers (views, demo, the case part's purge) pass the acting user; views also pass the
request so the audit event carries IP and path. Persons concerned are recorded on the
event. Errors are Norwegian, naming the field.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Action, audit_record, audit_request
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.core.models import OrgUnit
from levekar.followup import instruments
from levekar.followup.models import (
    Assessment,
    Case,
    CaseMember,
    ChildVoice,
    FamilyPlan,
    FollowUpTask,
    Goal,
    GoalAction,
    Meeting,
    SessionFeedback,
)


def _audit(*, actor, request, action, obj, persons: Iterable[int], purpose: str) -> None:
    if request is not None:
        audit_request(request, action=action, obj=obj, persons=persons, purpose=purpose)
    else:
        audit_record(actor=actor, action=action, obj=obj, persons=persons, purpose=purpose)


def _member_persons(case: Case) -> list[int]:
    return list(case.members.values_list("person_id", flat=True))


def _check_member(case: Case, member: CaseMember | None, field: str) -> None:
    if member is not None and member.case_id != case.pk:
        raise InvalidInput([Problem("Personen er ikke med i dette familieløpet.", field=field)])


def person_scopes(case: Case) -> dict[int, str]:
    """Person pk → "child" or "adult", as the mapping instrument's person sections need."""
    return {pid: ("child" if role == CaseMember.Role.CHILD else "adult")
            for pid, role in case.members.values_list("person_id", "role")}


# --- Familiens plan -----------------------------------------------------------------------------

def plan_ensure(*, case: Case) -> FamilyPlan:
    plan, _ = FamilyPlan.objects.get_or_create(case=case)
    return plan


@transaction.atomic
def plan_wishes_update(*, actor, case: Case, family_wishes: str, request=None) -> FamilyPlan:
    plan = plan_ensure(case=case)
    plan.family_wishes = family_wishes.strip()
    plan.updated_at = timezone.now()
    plan.save(update_fields=["family_wishes", "updated_at"])
    _audit(actor=actor, request=request, action=Action.UPDATE, obj=plan,
           persons=_member_persons(case), purpose="endret familiens ønsker i Familiens plan")
    return plan


def _goal_problems(*, case, kind, parent, member, title, target_date) -> list[Problem]:
    problems = []
    if not title.strip():
        problems.append(Problem("Skriv målet.", field="mål"))
    if parent is not None:
        if kind != Goal.Kind.RESULT:
            problems.append(Problem("Bare resultatmål kan høre til et effektmål.",
                                    field="del av effektmål"))
        if parent.kind != Goal.Kind.EFFECT or parent.plan.case_id != case.pk:
            problems.append(Problem("Velg et effektmål i denne planen.", field="del av effektmål"))
    if member is not None and member.case_id != case.pk:
        problems.append(Problem("Personen er ikke med i dette familieløpet.", field="for hvem"))
    if target_date is not None and target_date < case.start_date - dt.timedelta(days=366):
        problems.append(Problem("Måldatoen er mer enn ett år før familieløpet startet.",
                                field="måldato"))
    return problems


@transaction.atomic
def goal_create(*, actor, case: Case, area: str, title: str, kind: str = Goal.Kind.RESULT,
                member: CaseMember | None = None, parent: Goal | None = None,
                description: str = "", target_date: dt.date | None = None,
                request=None) -> Goal:
    problems = _goal_problems(case=case, kind=kind, parent=parent, member=member, title=title,
                              target_date=target_date)
    if problems:
        raise InvalidInput(problems)
    plan = plan_ensure(case=case)
    goal = Goal.objects.create(plan=plan, area=area, kind=kind, title=title.strip(),
                               member=member, parent=parent, description=description.strip(),
                               target_date=target_date, created_by=actor)
    _audit(actor=actor, request=request, action=Action.CREATE, obj=goal,
           persons=[member.person_id] if member else _member_persons(case),
           purpose="nytt mål i Familiens plan")
    return goal


@transaction.atomic
def goal_update(*, actor, goal: Goal, area: str, title: str, kind: str,
                member: CaseMember | None, parent: Goal | None, description: str,
                target_date: dt.date | None, status: str, achieved_on: dt.date | None = None,
                request=None) -> Goal:
    case = goal.plan.case
    problems = _goal_problems(case=case, kind=kind, parent=parent, member=member, title=title,
                              target_date=target_date)
    if parent is not None and parent.pk == goal.pk:
        problems.append(Problem("Et mål kan ikke høre til seg selv.", field="del av effektmål"))
    if kind == Goal.Kind.RESULT and goal.result_goals.exists():
        problems.append(Problem("Målet har resultatmål under seg og må være et effektmål.",
                                field="type mål"))
    if problems:
        raise InvalidInput(problems)
    if status == Goal.Status.ACHIEVED:
        achieved_on = achieved_on or goal.achieved_on or timezone.localdate()
    else:
        achieved_on = None
    for name, value in (("area", area), ("title", title.strip()), ("kind", kind),
                        ("member", member), ("parent", parent),
                        ("description", description.strip()), ("target_date", target_date),
                        ("status", status), ("achieved_on", achieved_on)):
        setattr(goal, name, value)
    goal.updated_at = timezone.now()
    goal.save()
    _audit(actor=actor, request=request, action=Action.UPDATE, obj=goal,
           persons=[member.person_id] if member else _member_persons(case),
           purpose="endret mål i Familiens plan")
    return goal


@transaction.atomic
def action_create(*, actor, goal: Goal, description: str, responsible_unit: OrgUnit | None = None,
                  responsible_person: str = "", deadline: dt.date | None = None,
                  request=None) -> GoalAction:
    if not description.strip():
        raise InvalidInput([Problem("Beskriv tiltaket.", field="tiltak")])
    if responsible_unit is None and not responsible_person.strip():
        raise InvalidInput([Problem("Velg ansvarlig enhet eller skriv ansvarlig person.",
                                    field="ansvarlig")])
    action = GoalAction.objects.create(goal=goal, description=description.strip(),
                                       responsible_unit=responsible_unit,
                                       responsible_person=responsible_person.strip(),
                                       deadline=deadline)
    case = goal.plan.case
    _audit(actor=actor, request=request, action=Action.CREATE, obj=action,
           persons=[goal.member.person_id] if goal.member_id else _member_persons(case),
           purpose="nytt tiltak i Familiens plan")
    return action


@transaction.atomic
def action_status_set(*, actor, action: GoalAction, status: str, on: dt.date | None = None,
                      request=None) -> GoalAction:
    if status not in GoalAction.Status.values:
        raise InvalidInput([Problem("Ukjent status.", field="status")])
    action.status = status
    action.done_on = (on or timezone.localdate()) if status == GoalAction.Status.DONE else None
    action.save(update_fields=["status", "done_on"])
    goal = action.goal
    _audit(actor=actor, request=request, action=Action.UPDATE, obj=action,
           persons=[goal.member.person_id] if goal.member_id else _member_persons(
               goal.plan.case),
           purpose="endret status på tiltak")
    return action


@transaction.atomic
def child_voice_record(*, actor, goal: Goal, child: CaseMember, words: str, gathered_how: str,
                       gathered_on: dt.date | None = None, child_age: int | None = None,
                       request=None) -> ChildVoice:
    """Barnets stemme. The age is taken from the birth date when known, else must be given."""
    gathered_on = gathered_on or timezone.localdate()
    problems = []
    if child.case_id != goal.plan.case_id or child.role != CaseMember.Role.CHILD:
        problems.append(Problem("Velg et av barna i familieløpet.", field="barn"))
    if not words.strip():
        problems.append(Problem("Skriv barnets egne ord.", field="barnets egne ord"))
    if gathered_on > timezone.localdate():
        problems.append(Problem("Datoen kan ikke være fram i tid.", field="dato"))
    known_age = child.person.age_on(gathered_on)
    age = known_age if known_age is not None else child_age
    if age is None:
        problems.append(Problem("Fødselsdato mangler – skriv barnets alder.", field="alder"))
    elif not 0 <= age <= 25:
        problems.append(Problem("Alderen må være mellom 0 og 25 år.", field="alder"))
    if problems:
        raise InvalidInput(problems)
    voice = ChildVoice.objects.create(goal=goal, child=child, words=words.strip(), child_age=age,
                                      gathered_how=gathered_how, gathered_on=gathered_on,
                                      recorded_by=actor)
    _audit(actor=actor, request=request, action=Action.CREATE, obj=voice,
           persons=[child.person_id], purpose="barnets stemme i Familiens plan")
    return voice


# --- mapping (kartlegging) ------------------------------------------------------------------------

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


# --- contacts, meetings, tasks ----------------------------------------------------------------

def _meeting_problems(case, kind, status, starts_at, members) -> list[Problem]:
    problems = []
    if kind not in Meeting.Kind.values:
        problems.append(Problem("Ukjent type kontakt.", field="type kontakt"))
    if status == Meeting.Status.HELD and starts_at > timezone.now() + dt.timedelta(minutes=5):
        problems.append(Problem("Et gjennomført møte kan ikke ligge fram i tid.", field="tid"))
    if any(m.case_id != case.pk for m in members):
        problems.append(Problem("Personen er ikke med i dette familieløpet.",
                                field="til stede fra familien"))
    return problems


@transaction.atomic
def meeting_create(*, actor, case: Case, kind: str, starts_at: dt.datetime,
                   status: str = Meeting.Status.PLANNED, place: str = "",
                   units: Sequence[OrgUnit] = (), members: Sequence[CaseMember] = (),
                   notes: str = "", request=None) -> Meeting:
    problems = _meeting_problems(case, kind, status, starts_at, members)
    if problems:
        raise InvalidInput(problems)
    meeting = Meeting.objects.create(case=case, kind=kind, starts_at=starts_at, status=status,
                                     place=place.strip(), notes=notes.strip(), created_by=actor)
    meeting.units.set(units)
    meeting.members.set(members)
    _audit(actor=actor, request=request, action=Action.CREATE, obj=meeting,
           persons=[m.person_id for m in members] or _member_persons(case),
           purpose="ny kontakt / nytt møte")
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, kind: str, starts_at: dt.datetime, status: str,
                   place: str, units: Sequence[OrgUnit], members: Sequence[CaseMember],
                   notes: str, request=None) -> Meeting:
    problems = _meeting_problems(meeting.case, kind, status, starts_at, members)
    if status != Meeting.Status.HELD and meeting.feedback.exists():
        problems.append(Problem("Møtet har tilbakemeldinger og må stå som gjennomført.",
                                field="status"))
    if problems:
        raise InvalidInput(problems)
    meeting.kind, meeting.starts_at, meeting.status = kind, starts_at, status
    meeting.place, meeting.notes = place.strip(), notes.strip()
    meeting.save()
    meeting.units.set(units)
    meeting.members.set(members)
    _audit(actor=actor, request=request, action=Action.UPDATE, obj=meeting,
           persons=[m.person_id for m in members] or _member_persons(meeting.case),
           purpose="endret kontakt / møte")
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
    _audit(actor=actor, request=request, action=Action.CREATE, obj=task,
           persons=_member_persons(case), purpose="ny oppfølgingsoppgave")
    return task


@transaction.atomic
def task_done_set(*, actor, task: FollowUpTask, done: bool, on: dt.date | None = None,
                  request=None) -> FollowUpTask:
    task.done_on = (on or timezone.localdate()) if done else None
    task.save(update_fields=["done_on"])
    _audit(actor=actor, request=request, action=Action.UPDATE, obj=task,
           persons=_member_persons(task.case),
           purpose="oppgave gjort" if done else "oppgave åpnet igjen")
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
    _audit(actor=actor, request=request, action=Action.CREATE if created else Action.UPDATE,
           obj=feedback, persons=[member.person_id], purpose="tilbakemelding etter samtale")
    return feedback


# --- purge (registered with the case part's purge at merge) ---------------------------------

SCRUBBED = ""


def work_purge_case(case: Case) -> None:
    """Remove the free texts of a case's work (the purge's hook; runs inside its transaction).

    Scrubbed: the family's wishes, goal titles and descriptions, action and task texts and
    responsible persons, the child's words, meeting notes and places, and text answers of
    the mappings. Kept for aggregated outcome statistics: areas, kinds, statuses and dates of
    goals and actions, the child's age and how it was heard, mapping numbers and choices,
    meeting kinds/dates/units, and feedback scores. The audit event is the purge's own.
    """
    FamilyPlan.objects.filter(case=case).update(family_wishes=SCRUBBED)
    Goal.objects.filter(plan__case=case).update(title=SCRUBBED, description=SCRUBBED)
    GoalAction.objects.filter(goal__plan__case=case).update(description=SCRUBBED,
                                                            responsible_person=SCRUBBED)
    ChildVoice.objects.filter(goal__plan__case=case).update(words=SCRUBBED)
    Meeting.objects.filter(case=case).update(notes=SCRUBBED, place=SCRUBBED)
    FollowUpTask.objects.filter(case=case).update(description=SCRUBBED,
                                                  responsible_person=SCRUBBED)
    reg = instruments.registry()
    for assessment in Assessment.objects.filter(case=case):
        inst = reg.get(assessment.instrument_id, assessment.instrument_version)
        texts = {i.id for s in inst.sections for i in s.items if i.type == "text"}
        answers = assessment.answers
        answers["household"] = {k: v for k, v in answers.get("household", {}).items()
                                if k not in texts}
        answers["persons"] = {pid: {k: v for k, v in values.items() if k not in texts}
                              for pid, values in answers.get("persons", {}).items()}
        assessment.answers = answers
        assessment.save(update_fields=["answers"])
