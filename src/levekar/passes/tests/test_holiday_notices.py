"""Families are told of their holiday places (issue 17, item 4): e-mail, SMS or a printed
letter (English for an English-speaking household), once, as a job started by the draw;
the organiser's page shows who was told how."""

import datetime as dt
import io

import pytest
from django.core import mail
from pypdf import PdfReader

from levekar.core import jobs, messaging
from levekar.core.models import AuditEvent, Job, OutboundMessage
from levekar.passes.models import HolidayNotice, Nomination
from levekar.passes.services import holiday_letter_pdf, holiday_notices_send, offer_allocate
from levekar.passes.tests.test_holidays import family, nominate, offer  # noqa: F401
from levekar.passes.tests.test_letters import assert_no_stigma
from levekar.people.models import Person


@pytest.fixture
def outboxes(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEVEKAR_MINSIDE_URL = "https://kommune.example/min-side/"
    messaging.memory_outbox().clear()
    yield messaging.memory_outbox()
    messaging.memory_outbox().clear()


def _adult(household) -> Person:
    return Person.objects.filter(household=household).order_by("birth_date").first()


@pytest.fixture
def families(offer, family, nav_partner):  # noqa: F811
    """Four families for 10 places: e-mail, SMS, paper (Norwegian), paper (English)."""
    by_email, by_sms, paper, paper_en = family(3), family(2), family(2), family(3)
    adult = _adult(by_email)
    adult.email, adult.phone = "mor@example.org", "+4791234567"
    adult.save()
    adult = _adult(by_sms)
    adult.phone = "+4798765432"
    adult.save()
    paper_en.preferred_language = "en"
    paper_en.save()
    nominations = {name: nominate(offer, h, nav_partner) for name, h in [
        ("email", by_email), ("sms", by_sms), ("paper", paper), ("paper_en", paper_en)]}
    return nominations


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)   # A4
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_allocating_tells_each_family_once_by_email_sms_or_letter(
        client_as, offer, families, outboxes, django_assert_max_num_queries):  # noqa: F811
    client = client_as("fritid1")
    response = client.post(f"/fritid/ferie/{offer.pk}/fordel/", {"seed": "42"})
    job = Job.objects.get(name="passes.holiday_notices")
    assert response["Location"] == f"/fritid/ferie/{offer.pk}/?jobb={job.pk}"
    assert not HolidayNotice.objects.exists()      # not in the request
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-progress"' in page and "4 familier med plass har ikke fått " \
        "beskjed ennå." in page

    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert (job.result["email"], job.result["sms"], job.result["paper"]) == (1, 1, 2)
    channels = dict(HolidayNotice.objects.values_list("nomination_id", "channel"))
    assert channels == {families["email"].pk: "email", families["sms"].pk: "sms",
                        families["paper"].pk: "letter", families["paper_en"].pk: "letter"}

    # E-mail first when the family has both; it names the offer, dates and deadline.
    [email] = mail.outbox
    assert email.to == ["mor@example.org"]
    assert email.subject == "Ferieplass til familien: Sommerleir"
    start = offer.starts_on
    assert f"3 plasser på Sommerleir med Røde Kors, på Haraldvangen fra {start.day}. juli " \
        f"{start.year} til {start.day + 4}. juli {start.year}." in email.body
    deadline = offer.answer_by
    assert f"Svar ja eller nei innen {deadline.day}. juli {deadline.year}." in email.body
    assert "Min side, https://kommune.example/min-side/" in email.body
    assert_no_stigma(email.subject + email.body)

    [(to, sms)] = outboxes
    assert to == "+4798765432"
    assert "2 plasser på Sommerleir" in sms and f"innen {deadline.day}. juli" in sms
    assert_no_stigma(sms)
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}

    # Paper: one print file with both letters, the English family's in English.
    download = client.get(job.result["download_url"])
    assert download.status_code == 200
    printed = _text(b"".join(download.streaming_content))
    assert "Ferieplass til familien: Sommerleir" in printed
    assert "A holiday place for your family: Sommerleir" in printed
    assert f"Please say yes or no by {deadline.day} July {deadline.year}." in printed
    assert "Trenger ferie" not in printed         # the service's reason stays with it
    assert_no_stigma(printed)

    # The organiser's page shows who was told how, in a constant number of queries.
    with django_assert_max_num_queries(20):
        page = client.get(f"/fritid/ferie/{offer.pk}/").content.decode()
    assert f'data-testid="told-{families["email"].pk}">E-post' in page
    assert f'data-testid="told-{families["sms"].pk}">SMS' in page
    assert f'/fritid/ferie/{offer.pk}/nominasjon/{families["paper"].pk}/brev.pdf' in page
    assert 'data-testid="untold"' not in page

    # Told once: a second run (or the button) tells nobody again.
    again = holiday_notices_send(offer=offer)
    assert again["families"] == 0 and again["print_file"] == ""
    jobs.run_pending()
    assert len(mail.outbox) == 1 and len(outboxes) == 1
    assert HolidayNotice.objects.count() == 4
    assert AuditEvent.objects.filter(action="export", object_type="passes.holidayoffer",
                                     detail__startswith="varslet 4 familier").count() == 1


def test_a_family_moving_up_from_the_waitlist_is_told_then(
        client_as, offer, family, nav_partner, leisure_office, outboxes):  # noqa: F811
    big = [nominate(offer, family(5), nav_partner, need=5) for _ in range(2)]
    waiting = nominate(offer, family(4), nav_partner, need=1)
    adult = _adult(waiting.household)
    adult.phone = "+4791111111"
    adult.save()
    offer_allocate(actor=leisure_office, offer=offer, seed=1)
    holiday_notices_send(offer=offer)
    assert not HolidayNotice.objects.filter(nomination=waiting).exists()

    client = client_as("fritid1")
    response = client.post(f"/fritid/ferie/{offer.pk}/nominasjon/{big[0].pk}/takk-nei/",
                           {"reason": ""})
    assert "?jobb=" in response["Location"]
    jobs.run_pending()
    waiting.refresh_from_db()
    assert waiting.status == Nomination.Status.ALLOCATED
    assert waiting.notice.channel == "sms"
    assert [to for to, _text in outboxes] == ["+4791111111"]


def test_the_letter_is_a4_in_the_households_language(offer, families, leisure_office,  # noqa: F811
                                                     settings):
    offer_allocate(actor=leisure_office, offer=offer, seed=3)
    settings.LEVEKAR_MINSIDE_URL = ""
    text = _text(holiday_letter_pdf(nomination=families["paper_en"], actor=leisure_office))
    start = offer.starts_on
    assert "Your family has 3 places on Sommerleir with Røde Kors, at Haraldvangen from " \
        f"{start.day} July {start.year} to {start.day + 4} July {start.year}." in text
    assert "Answer on Min side, or call or visit Culture and leisure." in text
    assert "juli" not in text
    nb = _text(holiday_letter_pdf(nomination=families["paper"], actor=leisure_office))
    assert "Familien har 2 plasser på Sommerleir" in nb
    assert "Svar på Min side, eller ring eller kom innom Kultur og fritid." in nb
    assert_no_stigma(text + nb)
    assert AuditEvent.objects.filter(action="export", object_type="passes.nomination").count() == 2


def test_nobody_is_told_before_the_draw_and_only_families_with_places(
        offer, families, leisure_office, outboxes):  # noqa: F811
    assert holiday_notices_send(offer=offer)["families"] == 0
    offer.capacity = 3
    offer.save()
    offer_allocate(actor=leisure_office, offer=offer, seed=7)
    result = holiday_notices_send(offer=offer)
    allocated = set(Nomination.objects.filter(status="allocated").values_list("pk", flat=True))
    assert set(HolidayNotice.objects.values_list("nomination_id", flat=True)) == allocated
    assert result["families"] == len(allocated) < 4
    assert dt.date.today() <= offer.answer_by
