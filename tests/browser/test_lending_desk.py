"""The lending desk on a Saturday (JOURNEYS.md, Utlån and residents): the father is found
by phone number, his two children become co-borrowers, he borrows skis and poles for a
week and gets an SMS the day before they are due; a teacher borrows a class set of 25
helmets; skis with a broken binding come back and go to repair. Nobody asks about income."""

import datetime as dt

import pytest

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_library(demo_org, settings):
    from levekar.core import messaging
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.lending import demo

    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    messaging.memory_outbox().clear()
    demo.load(reporter=NULL_REPORTER)
    yield
    messaging.memory_outbox().clear()


def _free_numbers(name, size, n):
    from django.utils import timezone

    from levekar.lending.services._queue import free_copies

    return [str(c) for c in free_copies(timezone.now())
            .filter(item__name=name, item__size=size, location__code="lillestrom-bibliotek")
            .order_by("number").values_list("number", flat=True)[:n]]


def test_the_father_borrows_skis_and_poles_and_is_reminded(page, live_server, demo_library):
    from levekar.core import messaging
    from levekar.lending.models import Borrower, Loan
    from levekar.lending.services import reminders_send

    login(page, live_server, "utlan1")
    page.get_by_role("link", name="Utlån").first.click()
    page.get_by_role("searchbox", name="Finn låntaker").fill("912 34 567")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Jonas Berg").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Jonas Berg"

    # Two children as co-borrowers.
    for name, year in (("Emma Berg", "2017"), ("Noah Berg", "2019")):
        page.get_by_text("Legg til et barn").click()
        page.get_by_label("Barnets navn").fill(name)
        page.get_by_label("Fødselsår (valgfritt)").fill(year)
        page.get_by_role("button", name="Legg til barn").click()
        page.wait_for_load_state("networkidle")
        assert f"{name} er lagt til som medlåner" in page.get_by_role("status").first \
            .inner_text()
    assert page.get_by_test_id("children").inner_text().count("Berg") == 2

    # Skis and poles for a week.
    skis = _free_numbers("Langrennsski", "130 cm", 1)
    poles = _free_numbers("Skistaver", "100 cm", 1)
    page.get_by_label("Eksemplarnummer").fill(" ".join(skis + poles))
    page.get_by_role("button", name="Lån ut", exact=True).click()
    page.wait_for_load_state("networkidle")
    loans = list(Loan.objects.filter(borrower__name="Jonas Berg", returned_at__isnull=True))
    assert len(loans) == 2
    due = loans[0].due_on
    assert "2 eksemplarer lånt ut til Jonas Berg, levering " \
        f"{due:%d.%m.%Y}." in page.get_by_role("status").first.inner_text()
    table = page.get_by_test_id("active-loans").inner_text()
    assert "Langrennsski, 130 cm" in table and "Skistaver, 100 cm" in table
    assert axe_violations(page) == []

    # The day before they are due: one SMS.
    reminders_send(today=due - dt.timedelta(days=1))
    messaging.send_due()
    to_him = [text for to, text in messaging.memory_outbox() if to == "+4791234567"]
    assert len(to_him) == 1
    assert "i morgen" in to_him[0]
    assert "Langrennsski, 130 cm" in to_him[0] and "Skistaver, 100 cm" in to_him[0]
    assert Borrower.objects.get(name="Jonas Berg").children.count() == 2


def test_a_class_set_goes_out_and_broken_skis_go_to_repair(page, live_server, demo_library):
    from levekar.lending.models import Loan, RepairReport

    login(page, live_server, "utlan1")
    page.goto(f"{live_server.url}/utstyr/utlan/")
    page.get_by_role("searchbox", name="Finn låntaker").fill("Strømmen skole")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.get_by_role("link", name="Strømmen skole").click()
    page.get_by_label("Utstyr").select_option(label="Sykkelhjelm, M (52–58 cm)")
    page.get_by_label("Antall eksemplarer").fill("25")
    page.get_by_label("Merknad (f.eks. aktivitetsdag, klasse)").fill("Aktivitetsdag 5B")
    page.get_by_role("button", name="Lån ut klassesett").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("status").first.inner_text().startswith(
        "Klassesett lånt ut: 25 × Sykkelhjelm, M (52–58 cm)")
    assert Loan.objects.filter(borrower__name="Strømmen skole", checkout__is_class_set=True,
                               returned_at__isnull=True).count() == 25
    assert axe_violations(page) == []

    # Skis come back with a broken binding.
    out = Loan.objects.filter(item__name="Langrennsski", returned_at__isnull=True) \
        .select_related("copy", "borrower").first()
    page.get_by_role("link", name="Retur").first.click()
    page.get_by_label("Eksemplarnummer").fill(str(out.copy.number))
    page.get_by_label("Trenger reparasjon").check()
    page.get_by_label("Hva er skadet").fill("Bindingen er knekt")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Registrer retur").click()
    page.wait_for_load_state("networkidle")
    messages = page.locator(".lk-messages").inner_text()
    assert f"1 eksemplar levert fra {out.borrower.name}." in messages
    assert f"Sendt til verkstedet: {out.copy.number} ({out.copy.item})." in messages
    report = RepairReport.objects.get(copy=out.copy, resolved_at__isnull=True)
    assert report.description == "Bindingen er knekt"

    page.get_by_role("link", name="Verksted").click()
    row = page.get_by_test_id("repairs").get_by_role("row").filter(has_text="Bindingen er knekt")
    assert str(out.copy.number) in row.inner_text()
    assert axe_violations(page) == []
    # New binding on: back in use.
    row.get_by_label("Reparert, tilbake i bruk").check()
    row.get_by_role("textbox").fill("Ny binding")
    row.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state("networkidle")
    assert f"Eksemplar {out.copy.number} er reparert og tilbake i bruk." in \
        page.locator(".lk-messages").inner_text()
