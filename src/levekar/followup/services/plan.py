"""Familiens plan: wishes, goals, actions and the child's voice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Action
from levekar.core.errors import InvalidInput, Problem
from levekar.core.models import OrgUnit
from levekar.followup.models import (
    Case,
    CaseMember,
    ChildVoice,
    FamilyPlan,
    Goal,
    GoalAction,
)
from levekar.followup.selectors.offers import offer_catalogue
from levekar.followup.services._common import _audit, _member_persons, version_claim


def plan_ensure(*, case: Case) -> FamilyPlan:
    plan, _ = FamilyPlan.objects.get_or_create(case=case)
    return plan


@transaction.atomic
def plan_wishes_update(*, actor, case: Case, family_wishes: str, request=None,
                       expected_version: int | None = None) -> FamilyPlan:
    plan = plan_ensure(case=case)
    version_claim(plan, expected_version, "familiens ønsker")
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
                  offer: str = "", request=None) -> GoalAction:
    """A plan action; ``offer`` names an offer of the catalogue (its unit is responsible when
    no unit or person is given)."""
    if not description.strip():
        raise InvalidInput([Problem("Beskriv tiltaket.", field="tiltak")])
    if offer:
        found = offer_catalogue().get(offer)
        if found is None:
            raise InvalidInput([Problem("Tilbudet finnes ikke i tiltaksoversikten.",
                                        field="tilbud")])
        if responsible_unit is None and not responsible_person.strip() and found.unit:
            responsible_unit = OrgUnit.objects.filter(code=found.unit, active=True).first()
    if responsible_unit is None and not responsible_person.strip():
        raise InvalidInput([Problem("Velg ansvarlig enhet eller skriv ansvarlig person.",
                                    field="ansvarlig")])
    action = GoalAction.objects.create(goal=goal, description=description.strip(),
                                       responsible_unit=responsible_unit,
                                       responsible_person=responsible_person.strip(),
                                       deadline=deadline, offer=offer)
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
