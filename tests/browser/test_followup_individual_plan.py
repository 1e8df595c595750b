"""The individuell plan and the barnekoordinator as records (issue 11, item 2): the
coordinator records Sara's individual plan with her teacher — a person without an account
— as barnekoordinator, sees it on the case page, and the plan page fits a phone."""

import pytest

from levekar.followup.models import IndividualPlan, Participant
from levekar.followup.tests.factories import make_family
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_coordinator_records_a_teacher_without_account_as_barnekoordinator(
        page, phone_page, live_server, demo_org):
    case = make_family(coordinator=demo_org["users"]["koordinator1"])
    login(page, live_server, "koordinator1")
    page.goto(f"{live_server.url}/familier/{case.pk}/")
    page.get_by_role("link", name="Individuell plan og barnekoordinator").click()
    page.wait_for_url(f"**/familier/{case.pk}/individuell-plan/")
    assert "Ingen individuell plan er registrert." in page.content()
    page.get_by_role("link", name="Registrer en individuell plan").click()
    page.wait_for_url(f"**/familier/{case.pk}/individuell-plan/ny/")
    assert axe_violations(page) == []

    form = page.locator("form.lk-form")
    form.get_by_label("Planen gjelder").select_option(label="Sara Hassan")
    form.get_by_label("Status").select_option(label="Vedtatt")
    form.get_by_label("Arbeidet med planen startet").fill("2026-10-05")
    # Adopted without a date: refused, naming the field, and nothing is written.
    form.get_by_role("button", name="Registrer planen").click()
    page.wait_for_load_state("networkidle")
    assert "Skriv datoen planen ble vedtatt." in page.content()
    assert not IndividualPlan.objects.exists()

    form = page.locator("form.lk-form")
    form.get_by_label("Vedtatt", exact=True).fill("2026-11-16")
    form.get_by_label("Ny barnekoordinator uten brukerkonto: navn").fill("Tone Lærer")
    form.get_by_label("Ny barnekoordinator: tjeneste eller organisasjon").fill("Strømmen skole")
    form.get_by_label("Ny barnekoordinator: kontakt (telefon eller e-post)").fill("tone@skole.no")
    form.get_by_label("Barnekoordinator oppnevnt").fill("2026-11-16")
    form.get_by_role("button", name="Registrer planen").click()
    page.wait_for_url(f"**/familier/{case.pk}/individuell-plan/")
    card = page.get_by_test_id("individual-plan")
    assert "Individuell plan for Sara Hassan" in card.inner_text()
    assert "Tone Lærer (Strømmen skole), tone@skole.no (uten brukerkonto)" in \
        card.get_by_test_id("child-coordinator").inner_text()
    assert axe_violations(page) == []

    teacher = Participant.objects.get(case=case, name="Tone Lærer")
    assert teacher.user is None
    plan = IndividualPlan.objects.get(case=case)
    assert (plan.status, plan.child_coordinator, plan.member.person.first_name) == (
        "adopted", teacher, "Sara")

    page.goto(f"{live_server.url}/familier/{case.pk}/")
    summary = page.get_by_test_id("case-individual-plans").inner_text()
    assert "Sara: Vedtatt (vedtatt 16.11.2026)." in summary
    assert "Barnekoordinator: Tone Lærer, Strømmen skole" in summary

    login(phone_page, live_server, "koordinator1")
    for path in ("", "individuell-plan/", f"individuell-plan/{plan.pk}/endre/"):
        phone_page.goto(f"{live_server.url}/familier/{case.pk}/{path}")
        assert _fits(phone_page), path
