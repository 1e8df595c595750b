"""Moving a measure to another goal of its plan: lineage and reports stay, the move is
in the measure's history and the audit log, a stale form gets the conflict page, and a
goal of another plan is refused with a message that says why."""

import pytest

from levekar.core.audit_kinds import AuditKind
from levekar.core.errors import AccessDenied, Conflict, InvalidInput
from levekar.core.models import AuditEvent
from levekar.plans.models import Goal, Measure, PlanChange
from levekar.plans.services import (
    measure_move,
    measure_report_save,
    plan_revise,
    reporting_round_start,
)
from levekar.plans.tests.conftest import PLAN

pytestmark = pytest.mark.django_db


def _measure(plan, code="1.1.1"):
    return Measure.objects.select_related("goal").get(plan=plan, code=code)


def test_moving_a_measure_keeps_its_row_reports_and_lineage_and_records_the_move(
        example_plan, plan_owner):
    measure = _measure(example_plan)
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    measure_report_save(round=rnd, measure=measure, actor=plan_owner, progress="in_progress",
                        narrative="I gang.", indicator_value=None, expected_version=None)
    successor = plan_revise(plan=example_plan, actor=plan_owner, code="neste-plan",
                            title="Neste plan", period_start=2028, period_end=2031)
    target = Goal.objects.get(plan=example_plan, code="2.1")

    moved = measure_move(measure_id=measure.pk, expected_version=measure.version,
                         goal_id=target.pk, actor=plan_owner)

    assert (moved.pk, moved.code, moved.goal_id) == (measure.pk, "1.1.1", target.pk)
    assert moved.version == measure.version + 1 and moved.updated_by == plan_owner
    assert moved.reports.count() == 1
    assert Measure.objects.get(plan=successor, continues=moved).code == "1.1.1"
    change = PlanChange.objects.get(measure=moved, field="Mål")
    assert change.old_value.startswith("1.1 ") and change.new_value.startswith("2.1 ")
    assert change.changed_by == plan_owner
    event = AuditEvent.objects.get(kind=AuditKind.ACTIONPLAN_MEASURE_MOVE)
    assert event.actor == plan_owner and event.object_id == str(measure.pk)
    assert event.changes == [{"field": "goal", "old": measure.goal_id, "new": target.pk}]
    assert "fra mål 1.1 til mål 2.1" in event.detail


def test_a_goal_of_another_plan_is_refused_and_nothing_is_written(example_plan, plan_owner):
    other = plan_revise(plan=example_plan, actor=plan_owner, code="annen-plan",
                        title="En annen plan", period_start=2028, period_end=2031)
    foreign = Goal.objects.get(plan=other, code="2.1")
    measure = _measure(example_plan)
    with pytest.raises(InvalidInput) as exc:
        measure_move(measure_id=measure.pk, expected_version=measure.version,
                     goal_id=foreign.pk, actor=plan_owner)
    problem = exc.value.problems[0]
    assert problem.field == "goal"
    assert "hører til planen «En annen plan»" in problem.message
    assert "bare flyttes til et mål i sin egen plan" in problem.message
    assert _measure(example_plan).goal_id == measure.goal_id
    assert not AuditEvent.objects.filter(kind=AuditKind.ACTIONPLAN_MEASURE_MOVE).exists()


def test_moving_to_the_goal_it_has_is_refused(example_plan, plan_owner):
    measure = _measure(example_plan)
    with pytest.raises(InvalidInput) as exc:
        measure_move(measure_id=measure.pk, expected_version=measure.version,
                     goal_id=measure.goal_id, actor=plan_owner)
    assert exc.value.problems[0].message == "Tiltaket står allerede under mål 1.1."


def test_a_move_from_a_stale_form_is_a_conflict(example_plan, plan_owner):
    measure = _measure(example_plan)
    goals = {g.code: g for g in Goal.objects.filter(plan=example_plan)}
    measure_move(measure_id=measure.pk, expected_version=measure.version,
                 goal_id=goals["2.1"].pk, actor=plan_owner)
    with pytest.raises(Conflict) as exc:
        measure_move(measure_id=measure.pk, expected_version=measure.version,
                     goal_id=goals["1.2"].pk, actor=plan_owner)
    assert exc.value.message.startswith("Tiltaket ble endret av Per Planeier")
    assert _measure(example_plan).goal_id == goals["2.1"].pk


def test_only_the_plan_owner_moves_a_measure(example_plan, nav_partner):
    measure = _measure(example_plan)
    target = Goal.objects.get(plan=example_plan, code="2.1")
    with pytest.raises(AccessDenied):
        measure_move(measure_id=measure.pk, expected_version=measure.version,
                     goal_id=target.pk, actor=nav_partner)


# ---------------------------------------------------------------- the page

def test_the_owner_chooses_a_goal_confirms_and_the_measure_page_shows_the_move(
        client_as, example_plan, django_assert_max_num_queries):
    client = client_as("planeier1")
    measure = _measure(example_plan)
    target = Goal.objects.get(plan=example_plan, code="2.1")
    url = f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/flytt/"
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200
    assert f'<option value="{target.pk}">' in page.content.decode()
    confirm = client.post(url, {"goal": target.pk, "version": measure.version})
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Flytte tiltak 1.1.1 fra mål 1.1 til mål 2.1?" in text
    assert _measure(example_plan).goal_id == measure.goal_id  # nothing moved before confirming
    done = client.post(url, {"goal": target.pk, "version": measure.version, "bekreft": "ja"})
    assert done.status_code == 302
    assert done["Location"] == f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/"
    assert _measure(example_plan).goal_id == target.pk
    detail = client.get(done["Location"]).content.decode()
    assert "Mål" in detail and "2.1 " in detail


def test_a_stale_confirmation_answers_409_with_the_conflict(client_as, example_plan,
                                                            plan_owner):
    measure = _measure(example_plan)
    goals = {g.code: g for g in Goal.objects.filter(plan=example_plan)}
    measure_move(measure_id=measure.pk, expected_version=measure.version,
                 goal_id=goals["2.1"].pk, actor=plan_owner)
    response = client_as("planeier1").post(
        f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/flytt/",
        {"goal": goals["1.2"].pk, "version": measure.version, "bekreft": "ja"})
    assert response.status_code == 409
    assert 'data-testid="conflict"' in response.content.decode()
    assert _measure(example_plan).goal_id == goals["2.1"].pk


def test_the_page_refuses_a_goal_of_another_plan_naming_the_field(client_as, example_plan,
                                                                 plan_owner):
    other = plan_revise(plan=example_plan, actor=plan_owner, code="annen-plan",
                        title="En annen plan", period_start=2028, period_end=2031)
    foreign = Goal.objects.get(plan=other, code="2.1")
    measure = _measure(example_plan)
    response = client_as("planeier1").post(
        f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/flytt/",
        {"goal": foreign.pk, "version": measure.version})
    assert response.status_code == 400
    assert "bare flyttes til et mål i sin egen plan" in response.content.decode()
    assert _measure(example_plan).goal_id == measure.goal_id


def test_others_cannot_open_the_move_page(client_as, example_plan):
    measure = _measure(example_plan)
    response = client_as("nav1").get(f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/flytt/")
    assert response.status_code == 403


def test_moving_a_goal_to_another_focus_area_takes_its_measures_and_is_audited(
        example_plan, plan_owner):
    from levekar.plans.models import FocusArea
    from levekar.plans.services import goal_save

    goal = Goal.objects.select_related("focus_area").get(plan=example_plan, code="1.2")
    other = FocusArea.objects.get(plan=example_plan, code="2")
    measures = set(goal.measures.values_list("pk", flat=True))
    old_focus_area_id = goal.focus_area_id
    goal_save(plan=example_plan, actor=plan_owner, goal=goal, focus_area=other,
              code=goal.code, text=goal.text)
    assert Goal.objects.get(pk=goal.pk).focus_area == other
    assert set(Goal.objects.get(pk=goal.pk).measures.values_list("pk", flat=True)) == measures
    change = PlanChange.objects.get(subject="Mål 1.2", field="Innsatsområde")
    assert (change.old_value, change.new_value) == ("1", "2")
    event = AuditEvent.objects.get(kind=AuditKind.ACTIONPLAN_GOAL_MOVE)
    assert event.changes == [{"field": "focus_area", "old": old_focus_area_id,
                              "new": other.pk}]
    # Changing only the text is no move.
    goal_save(plan=example_plan, actor=plan_owner, goal=Goal.objects.get(pk=goal.pk),
              focus_area=other, code=goal.code, text="Ny tekst")
    assert AuditEvent.objects.filter(kind=AuditKind.ACTIONPLAN_GOAL_MOVE).count() == 1
