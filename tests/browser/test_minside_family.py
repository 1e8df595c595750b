"""Min side for a family under follow-up, on a 390 px phone: a mother logs in with
ID-porten (the local provider's test login), steps up to the high level for the family's
plan, reads it, withdraws NAV's consent to see the family's economy — and NAV's next
click on the family is refused. Her 16-year-old then logs in and takes her own health
consent back from the school."""

import pytest
from playwright.sync_api import expect

from levekar.core.models import AuditEvent
from levekar.minside.tests.factories import family_under_followup
from levekar.minside.tests.idp_fixtures import *  # noqa: F403
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _provider_login(page, live_server, pid):
    page.get_by_label("Fødselsnummer").fill(pid)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/min-side/**")


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_mother_withdraws_a_consent_on_her_phone_and_the_partner_loses_access(
        phone_page, browser, live_server, minside_settings, demo_org):
    fam = family_under_followup(demo_org)
    case = fam["case"]
    nav = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900}).new_page()
    login(nav, live_server, "nav1")
    nav.goto(f"{live_server.url}/familier/{case.pk}/")
    assert "Ahmadi" in nav.inner_text("main")  # NAV sees the family through the consent

    page = phone_page
    page.goto(f"{live_server.url}/min-side/")
    _provider_login(page, live_server, fam["leila"].national_id)  # substantial
    page.get_by_role("link", name="Planen vår: mål, hva som skal gjøres og hvem som gjør det") \
        .click()
    # The plan is family data: the provider asks again, at the high level.
    _provider_login(page, live_server, fam["leila"].national_id)
    expect(page.get_by_role("heading", name="Planen vår", exact=True)).to_be_visible()
    main = page.inner_text("main")
    assert "Større bolig" in main and "Søknad om kommunal bolig" in main
    assert "«Jeg vil spille håndball, men har ikke sko»" in main
    assert "Sara sover bedre" not in main  # Sara (16) decides her own health information
    _fits(page)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Hvem kan se hva (samtykke)").click()
    expect(page.get_by_role("heading", name="Hvem kan se hva")).to_be_visible()
    _fits(page)
    assert axe_violations(page) == []
    page.get_by_role("button",
                     name="Trekk tilbake: NAV Lillestrøm skal ikke lenger se økonomi").click()
    assert "NAV Lillestrøm kan ikke lenger se økonomi. Dette gjelder fra nå." in \
        page.get_by_role("status").inner_text()
    assert page.get_by_role(
        "button", name="Trekk tilbake: NAV Lillestrøm skal ikke lenger se økonomi").count() == 0
    assert axe_violations(page) == []

    nav.reload()
    assert "Ingen tilgang" in nav.inner_text("body")
    assert "Ahmadi" not in nav.inner_text("body")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED,
                                     actor__username="nav1").exists()
    nav.context.close()


def test_the_16_year_old_takes_her_health_consent_back_from_the_school(
        phone_page, live_server, minside_settings, demo_org):
    fam = family_under_followup(demo_org)
    own = fam["own"].grants.get()
    page = phone_page
    page.goto(f"{live_server.url}/min-side/familien/{fam['case'].pk}/samtykke/")
    _provider_login(page, live_server, fam["sara"].national_id)

    expect(page.get_by_role("heading", name="Hvem kan se hva")).to_be_visible()
    main = page.inner_text("main")
    assert "Foreldrene dine ser ikke disse samtykkene" in main
    assert "NAV Lillestrøm" not in main.split("Gi samtykke")[0]
    page.get_by_role("button",
                     name="Trekk tilbake: Strømmen skole skal ikke lenger se helse").click()
    assert "Strømmen skole kan ikke lenger se helse" in page.get_by_role("status").inner_text()
    own.refresh_from_db()
    assert own.withdrawn_at is not None
    _fits(page)
    assert axe_violations(page) == []
