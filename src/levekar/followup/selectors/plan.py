"""Reads of Familiens plan, filtered by the user's access."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from levekar.followup.access import (
    AREA_PARTS,
    can_add_action,
    can_note_goal,
    can_see_any,
    can_update_action,
    goal_visible,
)
from levekar.followup.models import (
    ActionUpdate,
    ChildVoice,
    FamilyPlan,
    Goal,
    GoalAction,
    GoalNote,
    Participant,
    PlanArea,
)


@dataclass
class GoalView:
    goal: Goal
    actions: list[GoalAction]
    voices: list[ChildVoice]
    overdue_actions: int
    notes: list[GoalNote] = ()
    can_add_action: bool = False
    can_note: bool = False


def plan_for_case(access) -> dict:
    """The plan's goals the user may see, by area, with actions and the child's voice."""
    case = access.case
    today = timezone.localdate()
    plan = FamilyPlan.objects.filter(case=case).first()
    goals = (Goal.objects.filter(plan__case=case)
             .select_related("member__person", "parent")
             .prefetch_related(
                 Prefetch("actions", queryset=GoalAction.objects.select_related(
                     "responsible_unit", "responsible_participant__unit", "created_by")
                     .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects
                                                .select_related("author", "author_unit")))
                     .order_by("deadline", "pk")),
                 Prefetch("notes", queryset=GoalNote.objects.select_related(
                     "author", "author_unit")),
                 Prefetch("child_voices", queryset=ChildVoice.objects.select_related(
                     "child__person").order_by("gathered_on", "pk")))
             .order_by("kind", "target_date", "pk"))
    by_area: dict[str, list[GoalView]] = defaultdict(list)
    hidden = 0
    for goal in goals:
        if not goal_visible(access, goal):
            hidden += 1
            continue
        voices = [v for v in goal.child_voices.all()
                  if can_see_any(access, AREA_PARTS[goal.area], v.child.person_id)]
        actions = list(goal.actions.all())
        for a in actions:
            a.goal = goal  # the rule reads the goal; spare a query per action
            a.can_update = can_update_action(access, a)
        overdue = sum(1 for a in actions if a.is_overdue(today))
        by_area[goal.area].append(GoalView(goal, actions, voices, overdue,
                                           notes=list(goal.notes.all()),
                                           can_add_action=can_add_action(access, goal),
                                           can_note=can_note_goal(access, goal)))
    areas = [(PlanArea(a).label, by_area[a]) for a in PlanArea.values if by_area.get(a)]
    return {"plan": plan, "areas": areas, "hidden_goals": hidden,
            "show_wishes": access.full, "today": today}


def goal_get(access, goal_pk: int) -> Goal:
    goal = (Goal.objects.select_related("plan__case", "member__person", "parent")
            .filter(pk=goal_pk, plan__case=access.case).first())
    if goal is None or not goal_visible(access, goal):
        raise Http404("Fant ikke målet.")
    return goal


def action_get(access, action_pk: int) -> GoalAction:
    action = (GoalAction.objects.select_related("goal__plan__case", "goal__member",
                                                "responsible_unit", "responsible_participant")
              .filter(pk=action_pk, goal__plan__case=access.case).first())
    if action is None or not goal_visible(access, action.goal):
        raise Http404("Fant ikke tiltaket.")
    return action


def participants_of(case) -> list[Participant]:
    """The case's participants, by name."""
    return list(Participant.objects.filter(case=case).select_related("unit", "user"))
