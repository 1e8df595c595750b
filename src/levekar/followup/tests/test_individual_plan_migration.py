"""Migrations 0014–0016 turn the case's old three-way assessment of individuell plan and
barnekoordinator into records, and going back gives each case its assessment again."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from levekar.followup.models import IndividualPlan
from levekar.followup.tests.case_fixtures import open_family

BEFORE = [("followup", "0013_merge_meetings_bti_break_glass")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_assessments_become_records_and_come_back(demo_org, coordinator):
    cases = {key: open_family(coordinator, serial=n, kids=(9,))[0]
             for n, key in enumerate(["plan", "plan_and_coordinator", "not_needed",
                                      "not_assessed"], start=1)}
    assessed = timezone.make_aware(dt.datetime(2026, 3, 14, 10, 0))
    try:
        old = _migrate(BEFORE)
        Case = old.get_model("followup", "Case")
        for value, case in cases.items():
            Case.objects.filter(pk=case.pk).update(
                individual_plan=value,
                individual_plan_assessed_at=None if value == "not_assessed" else assessed)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    started = IndividualPlan.objects.get(case=cases["plan"])
    assert (started.status, started.started_on, started.adopted_on, started.member,
            started.created_by) == ("in_progress", dt.date(2026, 3, 14), None, None,
                                    coordinator)
    in_place = IndividualPlan.objects.get(case=cases["plan_and_coordinator"])
    assert (in_place.status, in_place.adopted_on) == ("adopted", dt.date(2026, 3, 14))
    assert "Barnekoordinatoren var ikke navngitt" in in_place.note
    assert not IndividualPlan.objects.filter(
        case__in=[cases["not_needed"], cases["not_assessed"]]).exists()

    try:
        old = _migrate(BEFORE)
        Case = old.get_model("followup", "Case")
        back = dict(Case.objects.filter(pk__in=[c.pk for c in cases.values()])
                    .values_list("pk", "individual_plan"))
        assert back == {cases["plan"].pk: "plan",
                        cases["plan_and_coordinator"].pk: "plan_and_coordinator",
                        cases["not_needed"].pk: "not_assessed",
                        cases["not_assessed"].pk: "not_assessed"}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert IndividualPlan.objects.count() == 2
