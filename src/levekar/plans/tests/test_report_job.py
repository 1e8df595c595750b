"""The council report made as a job: «Lag rapporten» on the report page starts it, the
page follows its progress, and the PDF and Word files it wrote are listed and served
only to those who may read the plan's report (issue 15, item 2)."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from levekar.core import jobs
from levekar.core.models import AuditEvent, Job
from levekar.plans.models import Measure, Progress
from levekar.plans.services import measure_report_save, reporting_round_start
from levekar.plans.tests.conftest import PLAN

pytestmark = pytest.mark.django_db

PAGE = f"/handlingsplan/{PLAN}/rapport/2025/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reported(example_plan, plan_owner):
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    first = Measure.objects.filter(plan=example_plan).order_by("position").first()
    measure_report_save(round=rnd, measure=first, actor=plan_owner,
                        progress=Progress.IN_PROGRESS,
                        narrative="Førti barn har fått aktivitetskort.",
                        indicator_value=None, expected_version=None)
    return example_plan


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _start(client) -> Job:
    response = client.post(f"{PAGE}lag/")
    assert response.status_code == 302
    job = Job.objects.filter(name="plans.council_report").latest("pk")
    assert response["Location"] == f"{PAGE}?jobb={job.pk}"
    return job


def test_the_page_starts_the_job_follows_it_and_lists_the_files(
        reported, media, client_as, django_assert_max_num_queries):
    client = client_as("planeier1")
    job = _start(client)
    assert job.kwargs == {"plan_id": reported.pk, "year": 2025}
    assert job.started_by.username == "planeier1"
    assert not media.exists()                      # nothing rendered in the request
    assert _start(client).pk == job.pk             # a second click follows the same job
    page = client.get(f"{PAGE}?jobb={job.pk}").content.decode()
    assert 'data-testid="job-progress"' in page and "venter på å starte" in page
    assert "Lag rapporten" in page and 'data-testid="last-report"' not in page

    assert jobs.run_pending() >= 1
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.progress_done == job.progress_total == 3
    assert job.result["files"] == {"pdf": f"{PLAN}-arsrapport-2025.pdf",
                                   "docx": f"{PLAN}-arsrapport-2025.docx"}
    folder = media / "rapporter" / "handlingsplan" / str(job.pk)
    assert sorted(p.name for p in folder.iterdir()) == sorted(job.result["files"].values())

    # The polled fragment, once done, gives the links; the page lists the last report.
    fragment = client.get(f"/jobber/{job.pk}/").content.decode()
    pdf_url = f"{PAGE}jobb/{job.pk}/rapport.pdf"
    assert f'href="{pdf_url}"' in fragment and "Last ned som Word" in fragment
    page = client.get(PAGE).content.decode()
    assert 'data-testid="last-report"' in page and f'href="{pdf_url}"' in page

    pdf = client.get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf"
    assert f'filename="{PLAN}-arsrapport-2025.pdf"' in pdf["Content-Disposition"]
    text = _flat(" ".join(p.extract_text() for p in
                          PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages))
    assert _flat(reported.title) in text and "Førti barn har fått aktivitetskort." in text
    word = client.get(f"{PAGE}jobb/{job.pk}/rapport.docx")
    doc = Document(io.BytesIO(b"".join(word.streaming_content)))
    assert "Førti barn har fått aktivitetskort." in "\n".join(p.text for p in doc.paragraphs)
    events = AuditEvent.objects.filter(kind="actionplan.report.export")
    assert sorted(e.detail.split(" (")[1][:4] for e in events) == ["docx", "pdf,"]
    assert {e.actor.username for e in events} == {"planeier1"}

    # The page costs the same with one finished report or several.
    with django_assert_max_num_queries(40) as one:
        client.get(f"{PAGE}?jobb={job.pk}")
    for _ in range(2):
        Job.objects.create(name="plans.council_report", status="done",
                           kwargs={"plan_id": reported.pk, "year": 2025}, result={})
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(f"{PAGE}?jobb={job.pk}")


def test_a_second_run_writes_new_files_and_leaves_the_first_whole(reported, media,
                                                                   client_as):
    client = client_as("planeier1")
    first = _start(client)
    jobs.run_pending()
    first.refresh_from_db()
    first_pdf = (media / "rapporter" / "handlingsplan" / str(first.pk)
                 / first.result["files"]["pdf"]).read_bytes()
    second = _start(client)
    assert second.pk != first.pk
    jobs.run_pending()
    second.refresh_from_db()
    assert second.status == "done", second.error
    base = media / "rapporter" / "handlingsplan"
    assert (base / str(first.pk) / first.result["files"]["pdf"]).read_bytes() == first_pdf
    assert (base / str(second.pk) / second.result["files"]["pdf"]).read_bytes()[:4] == b"%PDF"
    assert not [p for p in base.rglob("*") if p.name.endswith(".tmp")]
    # The page lists the newest report; the first one's files are still served.
    page = client.get(PAGE).content.decode()
    assert f"{PAGE}jobb/{second.pk}/rapport.pdf" in page
    assert f"{PAGE}jobb/{first.pk}/rapport.pdf" not in page
    assert client.get(f"{PAGE}jobb/{first.pk}/rapport.pdf").status_code == 200


def test_the_files_are_only_for_those_who_may_read_the_report(
        reported, media, client_as, client, django_user_model):
    owner = client_as("planeier1")
    job = _start(owner)
    jobs.run_pending()
    job.refresh_from_db()
    url = f"{PAGE}jobb/{job.pk}/rapport.pdf"
    # Anyone with a role may read the report (as the direct download): another user too.
    assert client_as("nav1").get(url).status_code == 200
    # A user with no role is refused; someone not logged in is sent to log in.
    nobody = django_user_model.objects.create_user("uten-rolle", password="x" * 12)
    client.force_login(nobody)
    assert client.get(url).status_code == 403
    assert client.post(f"{PAGE}lag/").status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    owner = client_as("planeier1")
    # The file must belong to this job, of this plan and year, in a known format.
    assert owner.get(f"/handlingsplan/{PLAN}/rapport/2026/jobb/{job.pk}/rapport.pdf"
                     ).status_code == 404
    assert owner.get(f"{PAGE}jobb/{job.pk}/rapport.exe").status_code == 404
    other = Job.objects.create(name="passes.send_letters", status="done",
                               kwargs={"plan_id": reported.pk, "year": 2025},
                               result={"files": {"pdf": job.result["files"]["pdf"]}})
    assert owner.get(f"{PAGE}jobb/{other.pk}/rapport.pdf").status_code == 404
    forged = Job.objects.create(name="plans.council_report", status="done",
                                kwargs={"plan_id": reported.pk, "year": 2025},
                                result={"files": {"pdf": f"../{job.pk}/"
                                                         f"{job.result['files']['pdf']}"}})
    assert owner.get(f"{PAGE}jobb/{forged.pk}/rapport.pdf").status_code == 404
    # Someone else's job is not followed on the page (no progress shown).
    page = client_as("nav1").get(f"{PAGE}?jobb={job.pk}").content.decode()
    assert 'data-testid="job-progress"' not in page


def test_the_old_pdf_address_leads_to_the_page_and_word_stays_one_click(reported, media,
                                                                        client_as):
    client = client_as("planeier1")
    response = client.get(f"{PAGE}rapport.pdf")
    assert (response.status_code, response["Location"]) == (302, PAGE)
    word = client.get(f"{PAGE}rapport.docx")
    assert word["Content-Disposition"].endswith('-arsrapport-2025.docx"')
    assert "Førti barn har fått aktivitetskort." in "\n".join(
        p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert not Job.objects.filter(name="plans.council_report").exists()
