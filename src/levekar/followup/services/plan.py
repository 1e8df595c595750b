"""Familiens plan: wishes, goals, actions and the child's voice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Kind, audit_changes, audit_snapshot
from levekar.core.errors import AccessDenied, InvalidInput, Problem
from levekar.core.models import OrgUnit
from levekar.followup.access import (
    can_add_action,
    can_note_goal,
    can_update_action,
    write_refusal,
)
from levekar.followup.models import (
    ActionUpdate,
    Case,
    CaseMember,
    ChildVoice,
    FamilyPlan,
    Goal,
    GoalAction,
    GoalNote,
    Participant,
)
from levekar.followup.selectors.offers import offer_catalogue
from levekar.followup.services._common import _audit, _member_ids, version_claim
from levekar.followup.services.participants import participant_for_user, participant_named


def plan_ensure(*, case: Case) -> FamilyPlan:
    plan, _ = FamilyPlan.objects.get_or_create(case=case)
    return plan


@transaction.atomic
def plan_wishes_update(*, actor, case: Case, family_wishes: str, request=None,
                       expected_version: int | None = None) -> FamilyPlan:
    plan = plan_ensure(case=case)
    version_claim(plan, expected_version, "familiens ønsker")
    before = audit_snapshot(plan, ["family_wishes"])
    plan.family_wishes = family_wishes.strip()
    plan.updated_at = timezone.now()
    plan.save(update_fields=["family_wishes", "updated_at"])
    _audit(actor=actor, request=request, kind=Kind.PLAN_WISHES_UPDATE, obj=plan,
           persons=_member_ids(case), changes=audit_changes(plan, before))
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
    _audit(actor=actor, request=request, kind=Kind.PLAN_GOAL_CREATE, obj=goal,
           persons=[member.person_id] if member else _member_ids(case))
    return goal


_GOAL_FIELDS = ("area", "title", "kind", "member", "parent", "description", "target_date",
                "status", "achieved_on")


@transaction.atomic
def goal_update(*, actor, goal: Goal, area: str, title: str, kind: str,
                member: CaseMember | None, parent: Goal | None, description: str,
                target_date: dt.date | None, status: str, achieved_on: dt.date | None = None,
                request=None, expected_version: int | None = None) -> Goal:
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
    version_claim(goal, expected_version, "målet")
    if status == Goal.Status.ACHIEVED:
        achieved_on = achieved_on or goal.achieved_on or timezone.localdate()
    else:
        achieved_on = None
    before = audit_snapshot(goal, _GOAL_FIELDS)
    for name, value in (("area", area), ("title", title.strip()), ("kind", kind),
                        ("member", member), ("parent", parent),
                        ("description", description.strip()), ("target_date", target_date),
                        ("status", status), ("achieved_on", achieved_on)):
        setattr(goal, name, value)
    goal.updated_at = timezone.now()
    goal.save()
    _audit(actor=actor, request=request, kind=Kind.PLAN_GOAL_UPDATE, obj=goal,
           persons=[member.person_id] if member else _member_ids(case),
           changes=audit_changes(goal, before))
    return goal


ADD_ACTION = "legge til dette tiltaket"
UPDATE_ACTION = "endre dette tiltaket"
NOTE_GOAL = "skrive notat på dette målet"


def _goal_persons(goal: Goal) -> list[int]:
    return [goal.member.person_id] if goal.member_id else _member_ids(goal.plan.case)


def _refuse(*, actor, request, obj, persons, what: str) -> AccessDenied:
    """Audit a refused write (``denied``, kept: it is written outside the write's
    transaction) and return the error for the caller to raise."""
    _audit(actor=actor, request=request, kind=Kind.PLAN_WRITE_DENIED, obj=obj,
           persons=persons, detail=f"skriving avvist: {what}")
    return AccessDenied(write_refusal(what))


def action_create(*, actor, goal: Goal, description: str, responsible_unit: OrgUnit | None = None,
                  responsible_participant: Participant | None = None,
                  responsible_person: str = "", responsible_user=None,
                  deadline: dt.date | None = None, offer: str = "", access=None,
                  request=None) -> GoalAction:
    """A new action under ``goal``; ``offer`` names an offer of the catalogue (its unit is
    responsible when no unit or person is given). With ``access`` (a page), the access rule
    applies: a service partner adds actions for their own unit under a goal their consent
    covers, and a refusal is audited. ``responsible_user`` (the writer choosing "me")
    becomes the case's participant for that account; ``responsible_person`` given as a
    name (the CLI, the demo) becomes a named participant of the case, so a responsible
    person is never free text.
    """
    case = goal.plan.case
    if offer:
        found = offer_catalogue().get(offer)
        if found is None:
            raise InvalidInput([Problem("Tilbudet finnes ikke i tiltaksoversikten.",
                                        field="tilbud")])
        if (responsible_unit is None and responsible_participant is None
                and responsible_user is None and not responsible_person.strip() and found.unit):
            responsible_unit = OrgUnit.objects.filter(code=found.unit, active=True).first()
    if access is not None:
        other_unit = (not access.full and responsible_unit is not None
                      and responsible_unit.pk != access.unit_id)
        if not can_add_action(access, goal) or other_unit:
            raise _refuse(actor=actor, request=request, obj=goal,
                          persons=_goal_persons(goal), what=ADD_ACTION)
        if not access.full:
            responsible_unit = OrgUnit.objects.get(pk=access.unit_id)
    return _action_create(actor=actor, goal=goal, case=case, description=description,
                          responsible_unit=responsible_unit,
                          responsible_participant=responsible_participant,
                          responsible_person=responsible_person,
                          responsible_user=responsible_user, deadline=deadline,
                          offer=offer, request=request)


@transaction.atomic
def _action_create(*, actor, goal, case, description, responsible_unit, responsible_participant,
                   responsible_person, responsible_user, deadline, offer,
                   request) -> GoalAction:
    problems = []
    if not description.strip():
        problems.append(Problem("Beskriv tiltaket.", field="tiltak"))
    if responsible_participant is not None and responsible_participant.case_id != case.pk:
        problems.append(Problem("Personen er ikke deltaker i dette familieløpet.",
                                field="ansvarlig person"))
    if (responsible_unit is None and responsible_participant is None
            and responsible_user is None and not responsible_person.strip()):
        problems.append(Problem("Velg ansvarlig enhet eller ansvarlig person.",
                                field="ansvarlig"))
    if problems:
        raise InvalidInput(problems)
    if responsible_participant is None and responsible_user is not None:
        responsible_participant = participant_for_user(case=case, user=responsible_user)
    elif responsible_participant is None and responsible_person.strip():
        responsible_participant = participant_named(case=case, name=responsible_person,
                                                    unit=responsible_unit)
    action = GoalAction.objects.create(goal=goal, description=description.strip(),
                                       responsible_unit=responsible_unit,
                                       responsible_participant=responsible_participant,
                                       deadline=deadline, offer=offer, created_by=actor)
    _audit(actor=actor, request=request, kind=Kind.PLAN_ACTION_CREATE, obj=action,
           persons=_goal_persons(goal))
    return action


def action_update(*, actor, access, action: GoalAction, status: str,
                  deadline: dt.date | None, note: str = "", on: dt.date | None = None,
                  expected_version: int | None = None, request=None) -> ActionUpdate:
    """Status, deadline and a progress note of one action, recorded as one ``ActionUpdate``
    (who and when). A partner may only update the actions of their own unit; a refusal
    is audited and raised as ``AccessDenied``."""
    if access is not None and not can_update_action(access, action):
        raise _refuse(actor=actor, request=request, obj=action,
                      persons=_goal_persons(action.goal), what=UPDATE_ACTION)
    return _action_update(actor=actor, action=action, status=status, deadline=deadline,
                          note=note, on=on, expected_version=expected_version,
                          request=request)


@transaction.atomic
def _action_update(*, actor, action, status, deadline, note, on, expected_version,
                   request) -> ActionUpdate:
    problems = []
    if status not in GoalAction.Status.values:
        problems.append(Problem("Ukjent status.", field="status"))
    note = note.strip()
    new_status = status if status != action.status else ""
    new_deadline = deadline if deadline != action.deadline else None
    if not (new_status or new_deadline or note or (deadline is None and action.deadline)):
        problems.append(Problem("Endre status eller frist, eller skriv et notat om "
                                "framdriften.", field="notat"))
    if problems:
        raise InvalidInput(problems)
    version_claim(action, expected_version, "tiltaket")
    before = audit_snapshot(action, ["status", "deadline", "done_on"])
    now = timezone.now()
    if new_status:
        action.status = status
        action.done_on = ((on or timezone.localdate()) if status == GoalAction.Status.DONE
                          else None)
    action.deadline = deadline
    action.updated_at = now
    action.save(update_fields=["status", "done_on", "deadline", "updated_at"])
    update = ActionUpdate.objects.create(action=action, author=actor,
                                         author_unit_id=getattr(actor, "org_unit_id", None),
                                         written_at=now, status=new_status,
                                         deadline=new_deadline, note=note)
    _audit(actor=actor, request=request, kind=Kind.PLAN_ACTION_UPDATE, obj=action,
           persons=_goal_persons(action.goal), changes=audit_changes(action, before))
    return update


def action_status_set(*, actor, action: GoalAction, status: str, on: dt.date | None = None,
                      request=None) -> GoalAction:
    """The status alone, by a trusted caller (the demo, the CLI); recorded as an update."""
    _action_update(actor=actor, action=action, status=status, deadline=action.deadline,
                   note="", on=on, expected_version=None, request=request)
    return action


def goal_note_add(*, actor, access, goal: Goal, text: str, request=None) -> GoalNote:
    """A note on a goal. A partner writes only on goals whose part their consent covers."""
    if access is not None and not can_note_goal(access, goal):
        raise _refuse(actor=actor, request=request, obj=goal, persons=_goal_persons(goal),
                      what=NOTE_GOAL)
    return _goal_note_add(actor=actor, goal=goal, text=text, request=request)


@transaction.atomic
def _goal_note_add(*, actor, goal, text, request) -> GoalNote:
    if not text.strip():
        raise InvalidInput([Problem("Skriv notatet.", field="notat")])
    note = GoalNote.objects.create(goal=goal, author=actor, text=text.strip(),
                                   author_unit_id=getattr(actor, "org_unit_id", None))
    _audit(actor=actor, request=request, kind=Kind.PLAN_GOAL_NOTE_CREATE, obj=note,
           persons=_goal_persons(goal))
    return note


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
    _audit(actor=actor, request=request, kind=Kind.PLAN_CHILD_VOICE_CREATE, obj=voice,
           persons=[child.person_id])
    return voice
