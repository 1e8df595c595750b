"""A club registers a card for a member's fee; the office approves and exports (Playwright)."""

import re

import pytest
from django.utils import timezone

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def card(demo_org):
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.passes import demo
    from levekar.passes.models import ActivityPass, Scheme
    from levekar.passes.services import passes_issue
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    demo.load_with(reporter=NULL_REPORTER, households=200, target=None, history=False,
                   holiday=False)
    year = timezone.localdate().year
    passes_issue(scheme=Scheme.objects.get(code=demo.SCHEME_CODE), year=year)
    return ActivityPass.objects.filter(year=year).order_by("pk").first()


def test_a_club_registers_a_card_and_the_office_refunds_the_fee(page, live_server, card):
    from levekar.passes.models import PassUse

    # The club has no login: it opens its secret link.
    page.goto(f"{live_server.url}/fritid/klubb/demo-strommen-if/")
    assert page.get_by_role("heading", level=1).inner_text() == \
        "Registrer et kort – Strømmen IF"
    assert axe_violations(page) == []
    page.get_by_label("Kortkode").fill("ABCD-EFGH-JK")
    page.get_by_label("Kontingent (kr)").fill("1200")
    page.get_by_role("button", name="Registrer").click()
    assert "Kortkoden er ikke gyldig" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []

    page.get_by_label("Kortkode").fill(card.display_code.lower())
    page.get_by_label("Kontingent (kr)").fill("1200")
    page.get_by_label("Aktivitet eller sesong").fill("Fotball, høst")
    page.get_by_role("button", name="Registrer").click()
    assert f"Registrert: kort {card.display_code}, 1200 kr" in \
        page.get_by_role("status").first.inner_text()
    assert card.display_code in page.get_by_role("table").inner_text()
    assert card.person.first_name not in page.content()
    assert PassUse.objects.get().fee == 1200
    assert axe_violations(page) == []

    # The leisure office approves the month's claims and exports them for payment.
    login(page, live_server, "fritid1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Klubber og refusjon").click()
    assert "1 krav, kontingent 1\u00a0200 kr." in page.get_by_test_id("pending-count").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Godkjenn alle krav som venter").click()
    assert "1 krav godkjent" in page.get_by_role("status").first.inner_text()
    page.get_by_role("link", name="Eksporter til utbetaling").click()
    # Asked first, with what goes into the file.
    assert "1 godkjente krav til 1 klubber" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Eksporter", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Eksport \d+ \(CSV\)")).click()
    with open(download.value.path(), encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    assert lines[1].startswith("krav;Strømmen IF;971277882;12345678903;")
    assert ";1200;1200;" in lines[1]
    assert lines[2].startswith("sum klubb;Strømmen IF;971277882;12345678903;")
    assert ";1 krav;1200;1200;" in lines[2]
    assert axe_violations(page) == []
    use = PassUse.objects.get()
    assert (use.status, use.approved_amount) == ("approved", 1200)
    assert use.export_id is not None
