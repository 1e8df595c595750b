"""Holiday offers: after «Fordel plassene» the families with places are told by e-mail, SMS
or letter as a job, and the organiser's page shows who was told how (Playwright)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def camp(demo_org, settings, tmp_path):
    from levekar.core import messaging
    from levekar.passes import services
    from levekar.people.services import household_create, person_create

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    messaging.memory_outbox().clear()
    municipality, users = demo_org["municipality"], demo_org["users"]
    start = dt.date(dt.date.today().year + 1, 7, 5)
    offer = services.offer_create(municipality=municipality, name="Sommerleir",
                                  organiser="Røde Kors", place="Haraldvangen", starts_on=start,
                                  ends_on=start + dt.timedelta(days=4), capacity=20)
    for n, (email, phone) in enumerate([("kari@example.org", ""), ("", "+4791234567"),
                                        ("", "")]):
        household = household_create(actor=users["fritid1"], municipality=municipality,
                                     street=f"Ferieveien {n}", postcode="2000",
                                     city="Lillestrøm")
        person_create(actor=users["fritid1"], household=household, first_name=f"Voksen{n}",
                      last_name="Hansen", birth_date=dt.date(1985, 3, 1), email=email,
                      phone=phone)
        person_create(actor=users["fritid1"], household=household, first_name=f"Barn{n}",
                      last_name="Hansen", birth_date=dt.date(start.year - 9, 3, 1))
        services.nomination_create(actor=users["nav1"], offer=offer, household=household,
                                   need=3, basis="service_case", reason="Trenger ferie")
    yield offer
    messaging.memory_outbox().clear()


def test_the_office_allocates_and_sees_who_was_told_how(page, live_server, camp, tmp_path):
    from levekar.core import jobs
    from levekar.passes.models import HolidayNotice

    login(page, live_server, "fritid1")
    page.goto(f"{live_server.url}/fritid/ferie/{camp.pk}/")
    page.get_by_role("button", name="Fordel plassene").click()
    assert "Familiene med plass får beskjed på e-post, SMS eller brev." in \
        page.get_by_role("status").first.inner_text()
    assert "3 familier med plass har ikke fått beskjed ennå." in \
        page.get_by_test_id("untold").inner_text()

    jobs.run_pending()          # the worker; the page polls and shows the outcome
    message = page.get_by_test_id("job-message")
    message.wait_for(timeout=10_000)
    assert "3 familier varslet: 1 på e-post, 1 på SMS, 1 brev til utskrift." in \
        message.inner_text()
    expect(page.get_by_test_id("job-download")).to_be_visible()
    assert sorted(HolidayNotice.objects.values_list("channel", flat=True)) == [
        "email", "letter", "sms"]

    page.reload()
    told = page.get_by_test_id("allocated").inner_text()
    assert "E-post" in told and "SMS" in told and "Brev" in told
    assert page.get_by_role("link", name="Brev (PDF)").count() == 1
    assert page.get_by_test_id("untold").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=str(tmp_path / "told.png"), full_page=True)
    assert axe_violations(page) == []
