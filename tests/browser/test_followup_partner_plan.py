"""Familiens plan as shared work (issue 11): NAV's adviser finds the action her unit is
responsible for under "Mine tiltak", marks it started with a progress note, and the
coordinator sees in the plan who wrote it and when. On a phone the pages fit the width."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from levekar.followup import services as S
from levekar.followup.models import ActionUpdate, GoalAction, InfoPart, PlanArea
from levekar.followup.tests.factories import make_family, member
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared_plan(demo_org):
    coordinator = demo_org["users"]["koordinator1"]
    nav = demo_org["units"]["nav-lillestrom"]
    case = make_family(coordinator=coordinator, municipality=demo_org["municipality"])
    S.consent_record(actor=coordinator, case=case, given_by=member(case, "Amina").person,
                     subject=None, grants=[(nav, InfoPart.ECONOMY), (nav, InfoPart.WORK)])
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                         title="Mor i arbeid eller utdanning")
    action = S.action_create(actor=coordinator, goal=goal,
                             description="Avklare arbeidsrettet tiltak", responsible_unit=nav,
                             deadline=timezone.localdate() + dt.timedelta(days=30))
    return case, action


def test_nav_marks_its_action_started_and_the_coordinator_sees_who_and_when(
        page, live_server, shared_plan):
    case, action = shared_plan
    login(page, live_server, "nav1")
    assert page.locator('a[href="/familier/mine-tiltak/"]').count() >= 1  # in the menu
    page.goto(f"{live_server.url}/familier/mine-tiltak/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mine tiltak"
    row = page.get_by_role("row", name=re.compile("Avklare arbeidsrettet tiltak"))
    assert "Amina Hassan" in row.inner_text() and "Planlagt" in row.inner_text()
    assert axe_violations(page) == []
    row.get_by_role("link", name="Avklare arbeidsrettet tiltak").click()

    page.get_by_role("link", name="Oppdater – Avklare arbeidsrettet tiltak").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Oppdater tiltak"
    page.get_by_label("Status").select_option(label="Pågår")
    page.get_by_label("Notat om framdriften").fill("Første samtale holdt, ny time 12. januar.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status").filter(has_text="Tiltaket er oppdatert.")).to_be_visible()
    action.refresh_from_db()
    assert action.status == GoalAction.Status.IN_PROGRESS
    update = ActionUpdate.objects.get(action=action)
    when = timezone.localtime(update.written_at).strftime("%d.%m.%Y %H:%M")

    # The health station's goal is not NAV's to write in: no links to change anything else.
    assert page.get_by_role("link", name=re.compile("^Endre mål")).count() == 0
    assert page.get_by_role("link", name="Nytt mål").count() == 0

    page.context.clear_cookies()
    login(page, live_server, "koordinator1")
    page.goto(f"{live_server.url}/familier/{case.pk}/plan/")
    updates = page.get_by_role("list", name="Oppdateringer av Avklare arbeidsrettet tiltak")
    text = updates.inner_text()
    assert f"Nina Navesen (NAV Lillestrøm), {when}" in text
    assert "status → Pågår" in text
    assert "Første samtale holdt, ny time 12. januar." in text
    assert "Pågår" in page.locator(f"#status-{action.pk}").evaluate(
        "s => s.options[s.selectedIndex].text")
    assert axe_violations(page) == []


def test_mine_tiltak_and_the_update_form_fit_a_phone(phone_page, live_server, shared_plan):
    case, action = shared_plan
    login(phone_page, live_server, "nav1")
    for path in ("/familier/mine-tiltak/", f"/familier/{case.pk}/plan/tiltak/{action.pk}/oppdater/",
                 f"/familier/{case.pk}/plan/"):
        phone_page.goto(f"{live_server.url}{path}")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a phone"
