"""Letters digital first: e-mail with the PDF, SMS with the codes, one print PDF for the
rest — started from the page as a job, with progress, and idempotent."""

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from levekar.core import jobs, messaging
from levekar.core.models import AuditEvent, Job, OutboundMessage
from levekar.passes.models import ActivityPass
from levekar.passes.services import passes_issue
from levekar.passes.tests.conftest import YEAR
from levekar.passes.tests.test_letters import assert_no_stigma, text_of


@pytest.fixture
def outboxes(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    settings.MEDIA_ROOT = tmp_path / "media"
    messaging.memory_outbox().clear()
    yield messaging.memory_outbox()
    messaging.memory_outbox().clear()


@pytest.fixture
def families(scheme, make_household):
    by_email, people_e = make_household(children=[10, 7], language="nb")
    people_e[0].email = "mor@example.org"
    people_e[0].save()
    by_sms, people_s = make_household(adults=1, children=[12], language="en")
    people_s[0].phone = "+4791234567"
    people_s[0].save()
    paper1, _p1 = make_household(children=[9])
    paper2, _p2 = make_household(children=[11])
    passes_issue(scheme=scheme, year=YEAR)
    return {"email": by_email, "sms": by_sms, "paper": [paper1, paper2]}


def test_letters_go_by_email_sms_or_one_print_pdf(client_as, scheme, families, outboxes):
    client = client_as("fritid1")
    response = client.post(f"/fritid/ordninger/{scheme.code}/{YEAR}/brev/send/")
    assert response.status_code == 302
    job = Job.objects.get(name="passes.send_letters")
    assert response["Location"].endswith(f"/brev/?jobb={job.pk}")
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-progress"' in page and "venter på å starte" in page

    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert (job.result["email"], job.result["sms"], job.result["paper"]) == (1, 1, 2)

    # E-mail: the household's own letter as a PDF, nothing else in it.
    [email] = mail.outbox
    assert email.to == ["mor@example.org"]
    name, pdf, mimetype = email.attachments[0]
    assert name == f"{scheme.code}-{YEAR}.pdf"
    assert mimetype == "application/pdf"
    letter = text_of(pdf)
    for card in ActivityPass.objects.filter(household=families["email"]):
        assert card.person.full_name in letter and card.display_code in letter
    assert "Barn" in letter and str(families["paper"][0].street) not in letter
    assert_no_stigma(letter + email.body)

    # SMS in the household's language with the code.
    [(to, text)] = outboxes
    card = ActivityPass.objects.get(household=families["sms"])
    assert to == "+4791234567" and card.display_code in text and "Show the code" in text
    assert_no_stigma(text)
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}

    # Paper: one print-ready PDF with the two other households, each from a new page.
    page = client.get(f"/fritid/ordninger/{scheme.code}/{YEAR}/brev/?jobb={job.pk}")
    html = page.content.decode()
    assert "2 til utskrift" in html and 'data-testid="job-download"' in html
    download = client.get(f"/fritid/brev/utskrift/{job.pk}.pdf")
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    first_pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    paper_streets = [h.street for h in families["paper"]]
    assert sum(any(s in t for s in paper_streets) for t in first_pages) >= 2
    everything = " ".join(first_pages)
    assert families["email"].street not in everything
    assert AuditEvent.objects.filter(action="export", detail__contains="1 på e-post").exists()
    assert client_as("utlan1").get(f"/fritid/brev/utskrift/{job.pk}.pdf").status_code == 403

    # Sending again reaches no one twice by e-mail or SMS; paper is made again.
    again = jobs.enqueue("passes.send_letters", scheme_id=scheme.pk, year=YEAR)
    jobs.run_pending()
    again.refresh_from_db()
    assert (again.result["email"], again.result["sms"], again.result["paper"]) == (0, 0, 2)
    assert len(mail.outbox) == 1 and len(outboxes) == 1
