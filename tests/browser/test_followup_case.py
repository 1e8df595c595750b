"""The family coordinator's and the nurse's journey (JOURNEYS.md): case, consent, BTI.

NAV refers a family: the coordinator opens a case, registers the household (fødselsnummer
checked; the youngest, newly arrived, has none yet) and records the mother's consent and
the 16-year-old's own consent. The helsestasjon nurse sees the family — only the parts
the consent names — and after the mother withdraws consent for helsestasjon, the nurse's
next click gives "Ingen tilgang".
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from levekar.core.lib.progress import NULL_REPORTER
from levekar.followup.demo import families as demo_case
from levekar.followup.demo.families import synthetic_national_id
from levekar.followup.models import Case, Consent
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _load_demo():
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    demo_case.load(reporter=NULL_REPORTER)


def _born(age: int, day: int) -> dt.date:
    return dt.date(timezone.localdate().year - age, 1, day)


def test_a_coordinator_opens_a_case_with_the_household_and_records_consent(
        page, live_server, demo_org):
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    login(page, live_server, "koordinator1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Ny familie").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ny familie"
    assert axe_violations(page) == []

    page.get_by_label("Gateadresse").fill("Strømsveien 41 B")
    page.get_by_label("Postnummer").fill("2010")
    page.get_by_label("Poststed").fill("Strømmen")
    page.get_by_label("Levekårssone").select_option(label="Strømmen vest")
    page.get_by_label("Henvist av").select_option(label="NAV Lillestrøm")
    people = [
        ("Forelder / foresatt", "Leila", synthetic_national_id(_born(38, 3), 1), None),
        ("Barn", "Sara", "01011012345", None),  # a typing error: check digits wrong
        ("Barn", "Omid", synthetic_national_id(_born(11, 5), 2), None),
        ("Barn", "Nora", "", f"{timezone.localdate().year - 4}-09-01"),  # newly arrived
    ]
    for i, (role, first, nid, birth) in enumerate(people, start=1):
        group = page.get_by_role("group", name=f"Person {i}")
        group.get_by_label("Fornavn").fill(first)
        group.get_by_label("Etternavn").fill("Ahmadi")
        group.get_by_label("Rolle i familien").select_option(label=role)
        if nid:
            group.get_by_label("Fødselsnummer eller D-nummer").fill(nid)
        if birth:
            group.get_by_label("Fødselsdato").fill(birth)
    page.get_by_role("button", name="Åpne familieløpet").click()
    sara = page.get_by_role("group", name="Person 2")
    assert "Fødselsnummeret er ikke gyldig (kontrollsifrene stemmer ikke)." in sara.inner_text()
    assert Case.objects.count() == 0
    assert axe_violations(page) == []
    sara.get_by_label("Fødselsnummer eller D-nummer").fill(
        synthetic_national_id(_born(16, 2), 3))
    page.get_by_role("button", name="Åpne familieløpet").click()

    case = Case.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == case.name
    assert "Familieløpet er åpnet" in page.get_by_role("status").first.inner_text()
    members = page.get_by_role("table", name="Familiens medlemmer").inner_text()
    assert "Nora Ahmadi" in members and "ikke ennå" in members
    assert "BTI-nivå 0: En bekymring avklares" in page.content()
    assert axe_violations(page) == []

    # The mother's consent: NAV and helsestasjon see economy, housing and health; the
    # school sees school.
    page.get_by_role("navigation", name="Deler av familieløpet").get_by_role(
        "link", name="Samtykker").click()
    page.get_by_role("link", name="Registrer samtykke").click()
    page.get_by_label("Gitt av").select_option(label="Leila Ahmadi (forelder / foresatt)")
    page.get_by_label("Hvem opplysningene gjelder").select_option(label="Hele familien")
    for unit in ("NAV Lillestrøm", "Helsestasjon Lillestrøm"):
        for part in ("Økonomi", "Bolig", "Helse"):
            page.get_by_label(f"{unit} – {part}", exact=True).check()
    page.get_by_label("Strømmen skole – Barnehage og skole", exact=True).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Registrer samtykket").click()
    assert "Samtykket er registrert." in page.get_by_role("status").first.inner_text()

    # Sara (16) gives her own consent for her health information.
    page.get_by_role("link", name="Registrer samtykke").click()
    page.get_by_label("Gitt av").select_option(label="Sara Ahmadi (barn)")
    page.get_by_label("Hvem opplysningene gjelder").select_option(label="Sara Ahmadi (barn)")
    page.get_by_label("Strømmen skole – Helse", exact=True).check()
    page.get_by_role("button", name="Registrer samtykket").click()
    assert "Samtykke fra Sara Ahmadi om Sara Ahmadi" in page.content()
    assert axe_violations(page) == []
    family = Consent.objects.get(subject__isnull=True)
    assert family.grants.count() == 7
    own = Consent.objects.get(subject__first_name="Sara")
    assert list(own.grants.values_list("unit__code", "part")) == [("strommen-skole", "health")]


def test_the_nurse_sees_only_the_consented_parts_until_consent_is_withdrawn(
        page, browser, live_server, demo_org):
    _load_demo()
    case = Case.objects.get(household__external_id=demo_case.JOURNEY_HOUSEHOLD_EXTERNAL_ID)
    login(page, live_server, "helsestasjon1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Familier").click()
    # The start page may list the same family: wait for the list before picking it,
    # or the click can land on the page being left.
    page.wait_for_url(f"{live_server.url}/familier/")
    page.get_by_role("link", name=case.name).click()
    page.wait_for_url(f"{live_server.url}/familier/{case.pk}/")
    coverage = page.get_by_role("table", name="Delene av hvert familiemedlems opplysninger "
                                              "som tjenesten din kan se")
    headers = coverage.get_by_role("columnheader").all_inner_texts()
    assert headers == ["Navn", "Økonomi", "Bolig", "Helse"]
    sara = coverage.get_by_role("row", name="Sara Ahmadi")
    assert sara.get_by_role("cell").all_inner_texts() == ["Ja", "Ja", "Nei"]
    assert "Strømsveien" not in page.content()
    assert axe_violations(page) == []

    # The coordinator, on her own laptop, withdraws the consent for helsestasjon.
    context = browser.new_context(locale="nb-NO")
    coordinator = context.new_page()
    try:
        login(coordinator, live_server, "koordinator1")
        coordinator.goto(f"{live_server.url}/familier/{case.pk}/samtykke/")
        card = coordinator.get_by_role("article", name="Samtykke fra Leila Ahmadi for hele "
                                                       "familien")
        card.get_by_role("link", name="Trekk tilbake").click()
        coordinator.get_by_label("Helsestasjon Lillestrøm").check()
        coordinator.get_by_label("Begrunnelse (valgfri)").fill("Mor ønsker ikke lenger deling "
                                                               "med helsestasjonen.")
        assert axe_violations(coordinator) == []
        coordinator.get_by_role("button", name="Trekk tilbake").click()
        assert "Samtykket er trukket tilbake" in coordinator.get_by_role(
            "status").first.inner_text()
    finally:
        context.close()

    # The nurse's next click.
    page.get_by_role("navigation", name="Deler av familieløpet").get_by_role(
        "link", name="Samtykker").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ingen tilgang"
    assert "Ahmadi" not in page.content()
    assert axe_violations(page) == []


def test_the_bti_coordinator_sees_counts_and_emergency_accesses(page, live_server, demo_org):
    _load_demo()
    login(page, live_server, "bti1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link",
                                                                   name="BTI-oversikt").click()
    expect(page.get_by_role("table", name="Barn per BTI-nivå og enhet")).to_be_visible()
    assert "Ahmadi" not in page.content()
    assert axe_violations(page) == []
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link",
                                                                   name="Nødtilganger").click()
    rows = page.get_by_role("table", name="Nødtilganger").inner_text()
    assert "Kåre Koordinator" in rows and "Kari er syk" in rows
    assert axe_violations(page) == []
