"""Søk om aktivitetskort (the Aarhus model): a mother on a 390 px phone applies for her son
on Min side, the leisure office grants it from its queue, and the card appears on her
Min side with the year's amount."""

import pytest
from playwright.sync_api import expect

from levekar.minside.tests.factories import residents
from levekar.minside.tests.idp_fixtures import *  # noqa: F403
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_parent_applies_on_her_phone_and_the_leisure_office_grants(
        phone_page, page, live_server, minside_settings, demo_org, tmp_path, settings):
    from levekar.passes.models import ActivityPass, CardApplication

    settings.MEDIA_ROOT = tmp_path
    state = residents(demo_org, with_holiday_place=False)
    phone = phone_page
    phone.goto(f"{live_server.url}/min-side/")
    phone.get_by_label("Fødselsnummer").fill(state["kari"].national_id)
    phone.get_by_role("button", name="Logg inn").click()
    phone.wait_for_url(f"{live_server.url}/min-side/")
    _fits(phone)

    phone.get_by_role("link", name="Søk om aktivitetskort for Per Lie").click()
    phone.wait_for_url("**/sok-aktivitetskort/")
    expect(phone.get_by_role("heading", name="Søk om aktivitetskort for Per Lie")).to_be_visible()
    _fits(phone)
    assert axe_violations(phone) == []
    phone.get_by_label("Hvorfor søker dere?").fill("Vi flyttet hit i høst og fikk ikke kort.")
    phone.get_by_label("Dokumentasjon (valgfritt)").set_input_files(
        files=[{"name": "flyttemelding.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n"}])
    phone.get_by_role("button", name="Send søknaden").click()
    phone.wait_for_url("**/min-side/soknad/**")
    assert "Vi mottok søknaden" in phone.get_by_role("status").inner_text()
    assert "mottatt, ikke avgjort ennå" in phone.inner_text("main")
    _fits(phone)
    assert axe_violations(phone) == []
    application = CardApplication.objects.get()
    assert application.applicant == state["kari"] and application.child == state["per"]

    login(page, live_server, "fritid1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Søknader om aktivitetskort").click()
    page.wait_for_url("**/fritid/soknader/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Per Lie").click()
    page.wait_for_url(f"**/fritid/soknader/{application.pk}/")
    assert "Vi flyttet hit i høst" in page.inner_text("main")
    assert axe_violations(page) == []
    page.get_by_label("Innvilg").check()
    page.get_by_role("button", name="Lagre avgjørelsen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("application-status").inner_text() == "Innvilget"
    card = ActivityPass.objects.get(person=state["per"])
    assert card.display_code in page.inner_text("main")

    phone.goto(f"{live_server.url}/min-side/")
    cards = phone.get_by_role("region", name="Aktivitetskort")
    assert "Fritidskort" in cards.inner_text() and "2000 kr igjen i år" in cards.inner_text()
    assert "Søknad om Fritidskort" in cards.inner_text() and "innvilget" in cards.inner_text()
    assert phone.get_by_role("link", name="Søk om aktivitetskort for Per Lie").count() == 0
    _fits(phone)
    assert axe_violations(phone) == []
