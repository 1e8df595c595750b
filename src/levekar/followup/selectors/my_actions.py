"""Mine tiltak: the plan actions a staff user (or their unit) is responsible for, across
the families they have access to."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from levekar.followup.access import accesses_for, cases_visible_to, goal_visible
from levekar.followup.models import ActionUpdate, CaseMember, GoalAction


@dataclass
class MyAction:
    action: GoalAction
    family: str
    last_update: ActionUpdate | None
    overdue: bool


def my_actions(user, *, include_closed: bool = False) -> tuple[list[MyAction], list[int]]:
    """The actions whose responsible person is the user, or whose responsible unit is the
    user's unit, in the cases the user may open and in goals they may see — open ones
    first by deadline. Also returns the persons of the families shown (for the audit
    event). A constant number of queries."""
    today = timezone.localdate()
    cases = list(cases_visible_to(user))
    accesses = accesses_for(user, cases)
    mine = Q(responsible_participant__user_id=user.pk)
    if user.org_unit_id:
        mine |= Q(responsible_unit_id=user.org_unit_id)
    actions = (GoalAction.objects.filter(mine, goal__plan__case_id__in=list(accesses))
               .select_related("goal__plan", "goal__member", "responsible_unit",
                               "responsible_participant__unit")
               .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects
                                          .select_related("author").order_by("written_at",
                                                                             "pk")))
               .order_by("deadline", "pk"))
    if not include_closed:
        actions = actions.filter(status__in=[GoalAction.Status.PLANNED,
                                             GoalAction.Status.IN_PROGRESS])
    shown = [a for a in actions if goal_visible(accesses[a.goal.plan.case_id], a.goal)]
    case_ids = {a.goal.plan.case_id for a in shown}
    names: dict[int, list[str]] = {}
    persons: list[int] = []
    for m in (CaseMember.objects.filter(case_id__in=case_ids).select_related("person")
              .order_by("role", "person__birth_date", "pk")):
        persons.append(m.person_id)
        if m.role == CaseMember.Role.PARENT:
            names.setdefault(m.case_id, []).append(m.person.full_name)
    rows = []
    for a in shown:
        updates = list(a.updates.all())
        case_id = a.goal.plan.case_id
        rows.append(MyAction(action=a, family=", ".join(names.get(case_id, [])) or str(case_id),
                             last_update=updates[-1] if updates else None,
                             overdue=a.is_overdue(today)))
    rows.sort(key=lambda r: (not r.action.is_open(), r.action.deadline is None,
                             r.action.deadline or today, r.action.pk))
    return rows, persons
