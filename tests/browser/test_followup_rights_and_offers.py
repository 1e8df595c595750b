"""The coordinator follows every person over the years and goes from a need to an offer:
Sara answers her own part of the yearly mapping, the change page shows every mapping, a
possible entitlement becomes a plan action in one click and is followed to "søkt", and its
offer is one click away in the tiltaksoversikt."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from levekar.followup import services as S
from levekar.followup.models import Assessment, GoalAction
from levekar.followup.tests.factories import journey_answers, make_family
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family(demo_org):
    coordinator = demo_org["users"]["koordinator1"]
    case = make_family(coordinator=coordinator)
    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                        answers=journey_answers(case),
                        performed_on=timezone.localdate() - dt.timedelta(days=366))
    return case


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_right_becomes_an_action_with_its_offer_and_the_child_answers(
        page, phone_page, live_server, family):
    login(page, live_server, "koordinator1")
    base = f"{live_server.url}/familier/{family.pk}"
    page.goto(f"{base}/rettigheter/")
    card = page.locator("li", has=page.get_by_role("heading", name="Bostøtte", exact=True))
    card.get_by_role("button", name=re.compile("^Gjør til tiltak i planen")).click()
    page.wait_for_load_state("networkidle")
    action = GoalAction.objects.get(entitlement="bostotte")
    assert page.url.endswith(f"/plan/#tiltak-{action.pk}")
    row = page.locator(f"#tiltak-{action.pk}")
    assert "Avklare og søke: Bostøtte" in row.inner_text()
    assert "Søknad: Ikke søkt ennå" in row.inner_text()
    row.get_by_label(re.compile("^Søknad for")).select_option(label="Søkt")
    row.get_by_role("button", name="Lagre – Søknad").click()
    page.wait_for_load_state("networkidle")
    assert "Søknad: Søkt" in page.locator(f"#tiltak-{action.pk}").inner_text()
    action.refresh_from_db()
    assert action.application == "applied" and action.status == "in_progress"
    assert axe_violations(page) == []

    page.locator(f"#tiltak-{action.pk}").get_by_role(
        "link", name=re.compile("^Tilbud: Boligkontoret")).click()
    page.wait_for_load_state("networkidle")
    offer = page.locator("#tilbud-boligkontoret")
    assert offer.is_visible() and "Husbanken" in offer.inner_text()
    assert axe_violations(page) == []

    page.goto(f"{base}/kartlegging/")
    page.get_by_role("link", name="Fyll ut årlig kartlegging").click()
    own = page.locator("section", has=page.get_by_role(
        "heading", name="Barnets egne svar: trivsel og venner", exact=True))
    assert "Barnet svarer selv" in own.inner_text()
    assert own.get_by_role("group", name=re.compile("^Lina Hassan")).count() == 1   # 9 years
    sara = own.get_by_role("group", name=re.compile("^Sara Hassan"))
    sara.get_by_label("Hvordan har du det for tiden?").select_option(label="4 – Bra")
    sara.get_by_label("Med barnets egne ord: hva er bra, og hva er vanskelig?").fill(
        "Jeg har fått en venn i klassen.")
    page.get_by_role("button", name="Lagre kartleggingen").click()
    page.wait_for_load_state("networkidle")
    assert "Barnet svarte selv" in page.content()
    assert "Jeg har fått en venn i klassen." in page.content()

    page.goto(f"{base}/kartlegging/")
    assert page.get_by_role("heading", name=re.compile("^Endring over årene")).count() == 1
    table = page.locator("table", has_text="Barnets egne svar: trivsel og venner – Sara")
    assert "4 – Bra" in table.inner_text()
    assert axe_violations(page) == []

    login(phone_page, live_server, "koordinator1")
    for url in (f"{base}/kartlegging/", f"{base}/plan/", f"{live_server.url}/familier/tilbud/"):
        phone_page.goto(url)
        assert no_sideways_scroll(phone_page), url


def test_the_bti_coordinator_keeps_the_catalogue_current(page, live_server, demo_org):
    login(page, live_server, "bti1")
    page.goto(f"{live_server.url}/familier/tilbud/")
    page.get_by_role("link", name="Hold oversikten oppdatert").click()
    text = page.get_by_label("Tiltaksoversikten (YAML)")
    text.fill(text.input_value().replace("name: Utstyrsbanken\n", "name: UtstyrsBUA\n")
              .replace("prevention: indicated", "prevention: maybe"))
    page.get_by_role("button", name="Lagre tiltaksoversikten").click()
    assert "ugyldig verdi 'maybe'" in page.content().replace("&#x27;", "'")
    text = page.get_by_label("Tiltaksoversikten (YAML)")
    text.fill(text.input_value().replace("prevention: maybe", "prevention: indicated"))
    page.get_by_label("Hva endret du?").fill("Nytt navn på utstyrsbanken")
    page.get_by_role("button", name="Lagre tiltaksoversikten").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="UtstyrsBUA").count() == 1
    assert "Sist endret" in page.content()
    assert axe_violations(page) == []
