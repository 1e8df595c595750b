"""The plan owner moves a measure to another goal in Chromium: choose the goal, confirm,
and the measure page shows it under the new goal with the move in its history; the page
fits a 1280 px window and a 390 px phone and has no serious axe violations."""

import re

import pytest

from levekar.core.audit_kinds import AuditKind
from levekar.core.models import AuditEvent
from levekar.plans.models import Goal, Measure, PlanChange
from levekar.plans.tests.conftest import PLAN, PREVIOUS, fixture_text, import_text
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_owner_moves_a_measure_to_another_goal(page, phone_page, live_server, demo_org):
    import_text(fixture_text(PREVIOUS))
    plan = import_text(fixture_text(PLAN)).plan
    measure = Measure.objects.get(plan=plan, code="1.1.1")
    target = Goal.objects.get(plan=plan, code="2.1")
    detail = f"{live_server.url}/handlingsplan/{PLAN}/tiltak/{measure.pk}/"

    login(page, live_server, "planeier1")
    page.goto(detail)
    page.get_by_role("link", name="Flytt til et annet mål").click()
    page.wait_for_url(re.compile(r"/flytt/$"))
    page.get_by_label("Flytt til mål").select_option(str(target.pk))
    assert axe_violations(page) == [] and _fits(page)
    page.get_by_role("button", name="Fortsett").click()
    page.get_by_text("Flytte tiltak 1.1.1 fra mål 1.1 til mål 2.1?").wait_for()
    assert Measure.objects.get(pk=measure.pk).goal_id == measure.goal_id  # not yet
    assert axe_violations(page) == [] and _fits(page)
    page.get_by_role("button", name="Flytt tiltaket").click()
    page.wait_for_url(detail)
    page.get_by_text("Tiltak 1.1.1 er flyttet til mål 2.1.").wait_for()

    assert Measure.objects.get(pk=measure.pk).goal_id == target.pk
    assert PlanChange.objects.filter(measure=measure, field="Mål").count() == 1
    assert AuditEvent.objects.filter(kind=AuditKind.ACTIONPLAN_MEASURE_MOVE).count() == 1

    login(phone_page, live_server, "planeier1")
    phone_page.goto(f"{detail}flytt/")
    assert _fits(phone_page)
