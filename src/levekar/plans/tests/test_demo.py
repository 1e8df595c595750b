"""``levekar demo`` for plans: every file in data/plans/ through the import service."""

import pytest

from levekar.core.lib.progress import NULL_REPORTER
from levekar.plans import demo
from levekar.plans.models import ActionPlan, Measure, MeasureReport, ReportingRound
from levekar.plans.tests.conftest import FIXTURES, PLAN

pytestmark = pytest.mark.django_db


def test_the_demo_imports_every_plan_file_in_order_and_is_idempotent(demo_org, monkeypatch):
    monkeypatch.setattr(demo, "PLANS_DIR", FIXTURES)  # the revised plan sorts after its parent
    monkeypatch.setattr(demo, "DEMO_ROUND", (PLAN, 2025))
    demo.load(reporter=NULL_REPORTER)
    assert sorted(ActionPlan.objects.values_list("code", flat=True)) == [
        "eksempel-2020-2023", "eksempel-2024-2027"]
    rnd = ReportingRound.objects.get(plan__code=PLAN, year=2025)
    measures = Measure.objects.filter(plan__code=PLAN).count()
    assert MeasureReport.objects.filter(round=rnd).count() == measures - 2  # two missing
    # A measure is reported by someone in a responsible unit when there is one.
    nav_report = MeasureReport.objects.get(round=rnd, measure__code="1.1.1")
    assert nav_report.reported_by.username == "nav1"
    state = (Measure.objects.count(), MeasureReport.objects.count(),
             list(Measure.objects.values_list("version", flat=True)))
    demo.load(reporter=NULL_REPORTER)
    assert (Measure.objects.count(), MeasureReport.objects.count(),
            list(Measure.objects.values_list("version", flat=True))) == state
