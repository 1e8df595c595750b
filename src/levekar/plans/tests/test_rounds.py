"""Reporting rounds that run themselves: deadlines, reminders to each responsible unit,
a state per unit, deviations rolled up to goals and focus areas, and a dashboard whose
summary agrees with its table."""

import datetime as dt

import pytest

from levekar.core.errors import InvalidInput
from levekar.core.models import OutboundMessage
from levekar.plans.models import Deviation, Measure, Progress, RoundReminder, UnitRoundStatus
from levekar.plans.selectors import NO_UNIT, measures_to_report, plan_matrix, round_dashboard
from levekar.plans.services import (
    measure_report_save,
    reporting_round_start,
    round_reminders_send,
)

pytestmark = pytest.mark.django_db


def _report(rnd, code, actor, deviation=Deviation.ON_TRACK, reason=""):
    measure = Measure.objects.get(plan=rnd.plan, code=code)
    return measure_report_save(round=rnd, measure=measure, actor=actor,
                               progress=Progress.IN_PROGRESS, narrative="", indicator_value=None,
                               expected_version=None, deviation=deviation,
                               deviation_reason=reason)


@pytest.fixture
def rnd(example_plan, plan_owner):
    return reporting_round_start(plan=example_plan, year=2025, actor=plan_owner,
                                 deadline=dt.date.today() + dt.timedelta(days=5))


def test_a_deviation_needs_its_reason(rnd, plan_owner):
    with pytest.raises(InvalidInput) as exc:
        _report(rnd, "1.1.1", plan_owner, deviation=Deviation.DEVIATION)
    assert exc.value.problems[0].field == "deviation_reason"


def test_a_goal_and_its_focus_area_take_the_worst_status_of_their_measures(rnd, plan_owner):
    _report(rnd, "1.1.1", plan_owner)
    blocks = {b.focus_area.code: b for b in plan_matrix(rnd.plan, year=2025).blocks}
    assert blocks["1"].deviation == Deviation.ON_TRACK
    _report(rnd, "1.2.1", plan_owner, deviation=Deviation.DEVIATION,
            reason="Mangler lokaler til gruppene.")
    blocks = {b.focus_area.code: b for b in plan_matrix(rnd.plan, year=2025).blocks}
    goals = {g.goal.code: g for g in blocks["1"].goals}
    assert goals["1.1"].deviation == Deviation.ON_TRACK
    assert goals["1.2"].deviation == Deviation.DEVIATION
    assert blocks["1"].deviation == Deviation.DEVIATION
    assert blocks["2"].deviation == ""


def test_each_unit_has_a_state_and_missing_after_the_deadline_is_overdue(
        rnd, plan_owner, nav_partner):
    _report(rnd, "1.1.1", nav_partner)
    units = {u.code: u for u in round_dashboard(plan_matrix(rnd.plan, year=2025))}
    assert units["nav-lillestrom"].status == UnitRoundStatus.DONE
    assert units["familieteamet"].status == UnitRoundStatus.NOT_STARTED
    rnd.deadline = dt.date.today() - dt.timedelta(days=1)
    rnd.save()
    matrix = plan_matrix(rnd.plan, year=2025)
    matrix.round = rnd
    units = {u.code: u for u in round_dashboard(matrix)}
    assert units["familieteamet"].status == UnitRoundStatus.OVERDUE
    assert units["nav-lillestrom"].status == UnitRoundStatus.DONE


def test_the_dashboard_summary_counts_the_plan_owners_measures_too(rnd, plan_owner, client_as):
    """Every unit reports, but a measure without a unit is missing: the summary must not
    say that everything is in."""
    missing = {row.measure.code for u in round_dashboard(plan_matrix(rnd.plan, year=2025))
               if u.code != NO_UNIT for row in u.missing}
    for code in missing:
        _report(rnd, code, plan_owner)
    page = client_as("planeier1").get(
        f"/handlingsplan/{rnd.plan.code}/oppfolging/2025/").content.decode()
    assert "Alle tiltak er rapportert" not in page
    assert "1 tiltak mangler rapport" in page
    assert "Planeieren (tiltak uten ansvarlig enhet)" in page


def test_the_plan_owner_has_the_measures_without_a_unit_among_my_measures(rnd, plan_owner):
    codes = {t.measure.code for t in measures_to_report(plan_owner)}
    assert "2.1.3" in codes  # the example plan's measure with no unit


def test_reminders_go_to_each_unit_missing_reports_once_before_and_once_after(
        rnd, plan_owner, nav_partner):
    _report(rnd, "1.1.1", nav_partner)
    today = dt.date.today()
    far = round_reminders_send(today=(today - dt.timedelta(days=10)).isoformat())
    assert far["reminders"] == 0 and not OutboundMessage.objects.exists()
    first = round_reminders_send(today=today.isoformat())
    again = round_reminders_send(today=today.isoformat())
    assert first["reminders"] >= 1 and again["reminders"] == 0
    kinds = set(RoundReminder.objects.values_list("unit_code", "kind"))
    assert ("familieteamet", "before") in kinds
    assert ("nav-lillestrom", "before") not in kinds  # it has reported everything
    assert ("", "before") in kinds  # the plan owner, for the measure without a unit
    # Queued in the outbox (sent after commit by the messaging job).
    to_team = OutboundMessage.objects.filter(to="koordinator1@lillestrom.kommune.example")
    assert to_team.count() == 1
    assert "1.2.1" in to_team[0].body and "Påminnelse" in to_team[0].subject
    after = round_reminders_send(today=(rnd.deadline + dt.timedelta(days=1)).isoformat())
    assert after["reminders"] == first["reminders"]
    assert "Fristen er passert" in OutboundMessage.objects.order_by("-pk")[0].subject


def test_the_reminders_are_a_scheduled_job(rnd, nav_partner):
    from levekar.core import jobs

    spec = jobs.get_task("plans.send_reminders")
    assert spec.schedule == "20 7 * * *"
    result = spec.func(today=dt.date.today().isoformat(), dry_run=True)
    assert result["dry_run"] and "Familieteamet" in result["message"]
    assert not RoundReminder.objects.exists()  # a dry run records and sends nothing
