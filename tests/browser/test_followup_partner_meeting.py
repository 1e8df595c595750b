"""A partner records a meeting held with the family (issue 11): the health nurse records an
office talk about health with the mother, within the family's consent; the coordinator
sees on the meetings page who wrote it and when, and reads the notes."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from levekar.followup import services as S
from levekar.followup.models import InfoPart, Meeting
from levekar.followup.tests.factories import make_family, member
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family(demo_org):
    coordinator = demo_org["users"]["koordinator1"]
    health = demo_org["units"]["helsestasjon-lillestrom"]
    case = make_family(coordinator=coordinator, municipality=demo_org["municipality"])
    S.consent_record(actor=coordinator, case=case, given_by=member(case, "Amina").person,
                     subject=None, grants=[(health, InfoPart.HEALTH)])
    return case


def test_the_health_nurse_records_a_meeting_and_the_coordinator_sees_who_and_when(
        page, live_server, family):
    case = family
    login(page, live_server, "helsestasjon1")
    page.goto(f"{live_server.url}/familier/{case.pk}/moter/")
    page.get_by_role("link", name="Registrer et møte med familien").click()
    assert page.get_by_label("Gjelder").evaluate(
        "s => [...s.options].map(o => o.text)") == ["Helse"]
    assert page.get_by_label("Deltakende enheter").count() == 0
    page.get_by_label("Type kontakt").select_option(label="Kontorsamtale")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Dato").fill(yesterday.isoformat())
    page.get_by_label("Amina Hassan").check()
    page.get_by_label("Notater").fill("Snakket om søvn og kosthold for hele familien.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status").filter(has_text="Kontakten er lagret.")).to_be_visible()
    assert "Snakket om søvn og kosthold" in page.locator("main").inner_text()
    meeting = Meeting.objects.get(case=case)
    assert (meeting.part, meeting.created_by.username) == ("health", "helsestasjon1")
    when = timezone.localtime(meeting.created_at).strftime("%d.%m.%Y %H:%M")

    page.context.clear_cookies()
    login(page, live_server, "koordinator1")
    page.goto(f"{live_server.url}/familier/{case.pk}/moter/")
    row = page.get_by_role("row").filter(has_text="Kontorsamtale")
    assert f"Hanne Helse (Helsestasjon Lillestrøm), {when}" in row.inner_text()
    assert "Helse" in row.inner_text()
    assert axe_violations(page) == []
    row.get_by_role("link").first.click()
    assert "Snakket om søvn og kosthold for hele familien." in page.locator("main").inner_text()
