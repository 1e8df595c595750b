"""Innbygger (Min side): a father logs in with ID-porten (the local provider's test login),
sees his children's activity cards with what is left and where they were used, declines
a holiday place, reads the page in English on his phone, and logs out everywhere."""

import pytest
from playwright.sync_api import expect

from levekar.minside.tests.factories import residents
from levekar.minside.tests.idp_fixtures import *  # noqa: F403
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def citizen_login(page, live_server, pid):
    page.goto(f"{live_server.url}/min-side/")
    page.get_by_label("Fødselsnummer").fill(pid)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/min-side/**")


def _no_stigma(page):
    text = page.inner_text("body").lower()
    assert "fattigdom" not in text and "lavinntekt" not in text and "oppfølging" not in text


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_father_sees_the_cards_and_declines_a_holiday_place(page, live_server,
                                                                minside_settings, demo_org):
    from levekar.core.models import AuditEvent

    state = residents(demo_org)
    citizen_login(page, live_server, state["jonas"].national_id)

    expect(page.get_by_role("heading", name="Hei, Jonas")).to_be_visible()
    cards = page.get_by_role("region", name="Aktivitetskort")
    assert "Emil Berg" in cards.inner_text() and "1550 kr igjen i år" in cards.inner_text()
    assert "Strømmen IF (Fotball), 450 kr" in cards.inner_text()
    assert "Per Lie" not in page.inner_text("body")
    _no_stigma(page)
    _fits(page)
    assert axe_violations(page) == []

    page.get_by_role("button", name="Takk nei til plassen").click()
    assert "Du har takket nei til plassen på Sommerleir." in page.get_by_role(
        "status").inner_text()
    state["nomination"].refresh_from_db()
    assert state["nomination"].status == "declined"
    assert axe_violations(page) == []

    page.get_by_role("button", name="Forny Langrennsski, 130 cm").click()
    assert "Fornyet: Langrennsski, 130 cm" in page.get_by_role("status").inner_text()
    state["loan"].refresh_from_db()
    assert state["loan"].renewals == 1

    page.get_by_role("link", name="Reserver utstyr").click()
    assert axe_violations(page) == []
    page.get_by_label("Utstyr").select_option(label="Telt, 4 personer")
    page.get_by_label("Hent på").select_option(label="Lillestrøm bibliotek")
    page.get_by_role("button", name="Reserver").click()
    assert "Reservert: Telt, 4 personer på Lillestrøm bibliotek" in page.get_by_role(
        "status").inner_text()
    assert "Telt, 4 personer, Lillestrøm bibliotek: klar til henting" in page.inner_text("main")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Emil Berg").click()
    expect(page.get_by_role("heading", name="Emil Berg")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.get_by_role("heading", name="Tilgjengelighetserklæring")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/min-side/")
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{live_server.url}/min-side/utlogget/")
    expect(page.get_by_role("heading", name="Du er logget ut")).to_be_visible()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).count() == 1
    page.goto(f"{live_server.url}/min-side/")
    expect(page.get_by_label("Fødselsnummer")).to_be_visible()  # back at the provider


def test_the_page_in_english_on_a_phone(phone_page, live_server, minside_settings, demo_org):
    state = residents(demo_org, with_holiday_place=False)
    citizen_login(phone_page, live_server, state["jonas"].national_id)

    phone_page.get_by_role("button", name="English").click()

    expect(phone_page.get_by_role("heading", name="Hello, Jonas")).to_be_visible()
    assert "NOK 2000 left this year" in phone_page.inner_text("main")
    _fits(phone_page)
    assert axe_violations(phone_page) == []
