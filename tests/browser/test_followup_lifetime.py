"""The case over the years, in the browser: the family moves to a bigger flat (address
history, crowding before and after), a child's fødselsnummer comes (a typing error is
named by field first), and the coordinator hands the case to a colleague, who is told by
e-mail and finds it on her list."""

import datetime as dt

import pytest
from django.utils import timezone

from levekar.core.lib.progress import NULL_REPORTER
from levekar.core.models import AuditEvent, OutboundMessage
from levekar.followup.models import Case, CaseHandover
from levekar.followup.tests.case_fixtures import nid_for_age, open_family
from levekar.people.models import HouseholdAddress, Zone
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_move_and_a_handover_end_to_end(browser, page, phone_page, live_server, demo_org):
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    coordinator = demo_org["users"]["koordinator1"]
    case, persons = open_family(coordinator, zone=Zone.objects.get(code="3205-03"))
    login(page, live_server, "koordinator1")
    page.goto(f"{live_server.url}/familier/{case.pk}/")

    # The move: a bigger flat in another zone.
    page.get_by_role("link", name="Registrer flytting").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Registrer flytting"
    moved_on = timezone.localdate() - dt.timedelta(days=7)
    page.get_by_label("Flyttedato").fill(moved_on.isoformat())
    page.get_by_label("Ny adresse").fill("Stasjonsveien 3")
    page.get_by_label("Postnummer").fill("20")  # a typing error
    page.get_by_label("Poststed").fill("Strømmen")
    page.get_by_label("Levekårssone").select_option(label="Strømmen øst")
    page.get_by_label("Rom i den nye boligen").fill("5")
    page.get_by_label("Rom i boligen før").fill("2")
    page.get_by_role("button", name="Registrer flyttingen").click()
    assert "Et postnummer har fire siffer." in page.content()
    assert not HouseholdAddress.objects.exists()
    assert axe_violations(page) == []
    page.get_by_label("Postnummer").fill("2011")
    page.get_by_role("button", name="Registrer flyttingen").click()
    history = page.get_by_role("table", name="Hvor familien har bodd").inner_text()
    assert "Strømsveien 41 B" in history and "Stasjonsveien 3" in history
    assert moved_on.strftime("%d.%m.%Y") in history
    crowded = page.get_by_role("table", name="Hvor familien har bodd") \
        .locator("tbody tr td:last-child").all_inner_texts()
    assert crowded == ["Ja", "Nei"]  # four persons in two rooms, then in five
    assert "Stasjonsveien 3" in page.get_by_test_id("address").inner_text()
    assert "Strømmen øst" in page.content()
    assert axe_violations(page) == []

    # The youngest child's fødselsnummer arrives.
    members = page.get_by_role("table", name="Familiens medlemmer")
    members.get_by_role("link", name="Rett Barn4 Ahmadi0").click()
    page.get_by_label("Fødselsnummer eller D-nummer").fill("01011012345")
    page.get_by_role("button", name="Lagre").click()
    assert "kontrollsifrene stemmer ikke" in page.content()
    nid = nid_for_age(4, 77)
    page.get_by_label("Fødselsnummer eller D-nummer").fill(nid)
    page.get_by_role("button", name="Lagre").click()
    assert nid in page.get_by_role("table", name="Familiens medlemmer").inner_text()
    persons["child4"].refresh_from_db()
    assert persons["child4"].national_id == nid

    # The case page fits a phone.
    login(phone_page, live_server, "koordinator1")
    phone_page.goto(f"{live_server.url}/familier/{case.pk}/")
    assert _no_sideways_scroll(phone_page)
    page.screenshot(path="var/i2-case-after-move.png", full_page=True)

    # The handover.
    page.get_by_role("link", name="Overfør familieløpet").click()
    page.get_by_role("button", name="Overfør").click()  # nothing chosen
    assert Case.objects.get(pk=case.pk).coordinator == coordinator
    # Both fields are named as missing; nothing is handed over.
    # Each missing field is named beside it (and once more in the summary at the top).
    assert page.locator(".ds-validation-message", has_text="Feltet er påkrevet.").count() == 2
    colleague = demo_org["users"]["koordinator2"]
    page.get_by_label("Ny familiekoordinator").select_option(value=str(colleague.pk))
    page.get_by_label("Begrunnelse").fill("Kari går ut i permisjon.")
    page.get_by_role("button", name="Overfør").click()
    assert "Familieløpet er overført" in page.content()
    assert Case.objects.get(pk=case.pk).coordinator == colleague
    handover = CaseHandover.objects.get()
    mail = OutboundMessage.objects.get(reference=f"followup.handover:{handover.pk}")
    assert mail.to == colleague.email and f"/familier/{case.pk}/" in mail.body
    assert "Ahmadi" not in mail.body
    assert AuditEvent.objects.filter(kind="case.handover",
                                     actor_username="koordinator1").count() == 1
    # The old coordinator's next click: no access.
    page.goto(f"{live_server.url}/familier/{case.pk}/")
    assert "Ingen tilgang" in page.content()

    # The new coordinator finds the case and sees why it came to her.
    context = browser.new_context(locale="nb-NO", viewport={"width": 390, "height": 844})
    new = context.new_page()
    login(new, live_server, "koordinator2")
    new.goto(f"{live_server.url}/familier/{case.pk}/")
    assert "Kari går ut i permisjon." in new.get_by_test_id("handovers").inner_text()
    new.screenshot(path="var/i2-handover-phone.png", full_page=True)
    assert _no_sideways_scroll(new)
    context.close()
