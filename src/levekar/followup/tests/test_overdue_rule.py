""""Overdue" is a fact of the row (``is_overdue``), and ``overdue_q`` is the same rule for
the caseload's counts: the two must agree."""

import datetime as dt

import pytest

from levekar.followup.models import FollowUpTask, GoalAction

TODAY = dt.date(2026, 12, 5)
S = GoalAction.Status


@pytest.mark.parametrize("status,deadline,overdue", [
    (S.PLANNED, dt.date(2026, 12, 4), True),
    (S.IN_PROGRESS, dt.date(2026, 12, 4), True),
    (S.PLANNED, TODAY, False),                  # due today is not overdue yet
    (S.PLANNED, None, False),                   # no deadline, never overdue
    (S.DONE, dt.date(2026, 1, 1), False),
])
def test_an_action_is_overdue_when_open_after_its_deadline(status, deadline, overdue):
    assert GoalAction(status=status, deadline=deadline).is_overdue(TODAY) is overdue


@pytest.mark.parametrize("deadline,done_on,overdue", [
    (dt.date(2026, 12, 4), None, True),
    (TODAY, None, False),
    (dt.date(2026, 12, 4), dt.date(2026, 12, 5), False),
])
def test_a_task_is_overdue_when_not_done_after_its_deadline(deadline, done_on, overdue):
    assert FollowUpTask(deadline=deadline, done_on=done_on).is_overdue(TODAY) is overdue


@pytest.mark.django_db
def test_the_query_rule_agrees_with_the_row_rule(demo_org, coordinator):
    from levekar.followup import services
    from levekar.followup.models import PlanArea
    from levekar.followup.tests.factories import make_family

    case = make_family(coordinator=coordinator)
    goal = services.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING,
                                title="Større bolig")
    for days in (-3, 0, 3):
        services.action_create(actor=coordinator, goal=goal, description=f"Tiltak {days}",
                               deadline=TODAY + dt.timedelta(days=days), responsible_person="NAV")
        services.task_create(actor=coordinator, case=case, description=f"Oppgave {days}",
                             deadline=TODAY + dt.timedelta(days=days), responsible_person="NAV")
    for model in (GoalAction, FollowUpTask):
        by_query = set(model.objects.filter(model.overdue_q(TODAY)).values_list("pk", flat=True))
        by_row = {row.pk for row in model.objects.all() if row.is_overdue(TODAY)}
        assert by_query == by_row and len(by_row) == 1
