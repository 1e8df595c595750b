"""The yearly evaluation report, read back: PDF (tagged, A4) and Word (A4, alt text) text,
and the XLSX figures, with the page's suppression."""

import datetime as dt
import io

import pytest
from django.conf import settings
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from levekar.core import jobs
from levekar.core.models import AuditEvent, Job
from levekar.evaluation import datafiles, programme_services
from levekar.evaluation.services import RatingInput, practice_assess
from levekar.plans.models import Measure
from levekar.plans.services import plan_import

pytestmark = pytest.mark.django_db
PLAN_FILE = settings.REPO_DIR / "data" / "plans" / "lillestrom-2026-2030.yaml"


@pytest.fixture
def report_data(open_family, plan_owner, demo_org):
    plan = plan_import(text=PLAN_FILE.read_text(encoding="utf-8"), filename=PLAN_FILE.name).plan
    leader = demo_org["users"]["helsestasjon1"]
    programme = programme_services.programme_create(
        actor=plan_owner, name="ICDP foreldreveiledning", questionnaire="icdp_foreldre")
    course = programme_services.course_create(
        actor=plan_owner, programme=programme, name="Strømmen", language="arabisk",
        place="Strømmen", starts_on=dt.date(2026, 1, 5), leaders=[leader])
    up = [i.id for i in datafiles.questionnaires()["icdp_foreldre"].items
          if i.direction == "up"]
    for i in range(12):
        p = programme_services.participant_register(actor=leader, course=course,
                                                    name=f"Deltaker Kursesen{i}", consent=True)
        for phase, value in (("before", 2), ("after", 4 if i < 7 else 2)):
            programme_services.questionnaire_answer(actor=leader, participant=p, phase=phase,
                                                    answers=dict.fromkeys(up, value))
    for n, pair in enumerate([(3, 6)] * 12 + [(5, 5)] * 5 + [(7, 4)] * 5):
        open_family(n, qol=pair)
    measure = Measure.objects.get(plan=plan, code="1.1.1")
    practice_assess(actor=plan_owner, measure=measure, year=2026, ratings=[
        RatingInput(e.id, "met" if i < 6 else "not_met", evidence="Rapport")
        for i, e in enumerate(datafiles.elements())])
    return plan


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _made_by_the_job(client, year: int = 2026) -> Job:
    response = client.post("/evaluering/rapport/lag/", {"year": str(year)})
    job = Job.objects.filter(name="evaluation.report").latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/evaluering/rapport/?jobb={job.pk}"
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    return job


def test_the_report_reads_back_from_pdf_and_word(report_data, client_as, media):
    client = client_as("planeier1")
    job = _made_by_the_job(client)
    pdf = client.get(f"/evaluering/rapport/jobb/{job.pk}/rapport.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="evalueringsrapport-2026.pdf"' in pdf["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Evalueringsrapport 2026" in text
    assert "Livskvalitet" in text and "54,5" in text          # 12 of 22 improved
    assert "6 av 8 elementer" in text and "Medbestemmelse" in text
    flat = " ".join(text.split())
    assert "6 av 8 elementer (0 delvis, 2 ikke oppfylt)" in flat   # the year has its own column
    assert "Testesen" not in text                              # nobody is named
    assert "ICDP foreldreveiledning" in text and "58,3" in text   # 7 of 12 better
    assert "Kursesen" not in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged PDF
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210, 297)

    # Word as the job made it, and at once from the page's direct link: the same text.
    made = client.get(f"/evaluering/rapport/jobb/{job.pk}/rapport.docx")
    word = client.get("/evaluering/rapport/2026.docx")
    doc = Document(io.BytesIO(word.content))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    made_doc = Document(io.BytesIO(b"".join(made.streaming_content)))
    assert [p.text for p in made_doc.paragraphs] == [p.text for p in doc.paragraphs]
    assert "Evalueringsrapport 2026" in body and "54,5" in body and "6 av 8 elementer" in body
    assert "Testesen" not in body and "Kursesen" not in body
    assert "Strømmen (arabisk)" in body and "58,3" in body
    section = doc.sections[0]
    assert (round(section.page_width.cm), round(section.page_height.cm)) == (21, 30)
    alt = doc.inline_shapes[0]._inline.docPr.get("descr")
    assert "Livskvalitet: 54,5 %" in alt


def test_the_report_spreadsheet_hides_what_the_page_hides(report_data, client_as):
    book = load_workbook(io.BytesIO(client_as("analytiker1").get(
        "/evaluering/rapport/2026.xlsx").content))
    rows = list(book["Utfall"].iter_rows(values_only=True))
    qol = next(r for r in rows if r[0] == "Livskvalitet" and r[1] == "Alle familier")
    assert qol[2:] == (22, 54.5, 22.7, 22.7)
    level0 = next(r for r in rows if r[0] == "Livskvalitet" and r[1].startswith("Nivå 0"))
    assert level0[3:] == (54.5, 22.7, 22.7)
    groups = list(book["Gruppeprogrammer"].iter_rows(values_only=True))
    assert groups[1][:5] == ("ICDP foreldreveiledning", "Strømmen (arabisk)", "12", "12", 58.3)
    practice = list(book["Lovende praksis"].iter_rows(values_only=True))
    assert practice[1][3:] == (6, 0, 2)


def test_the_job_spreadsheet_is_the_page_s_spreadsheet(report_data, client_as, media):
    client = client_as("analytiker1")
    job = _made_by_the_job(client)
    made = load_workbook(io.BytesIO(b"".join(
        client.get(f"/evaluering/rapport/jobb/{job.pk}/rapport.xlsx").streaming_content)))
    direct = load_workbook(io.BytesIO(client.get("/evaluering/rapport/2026.xlsx").content))
    assert made.sheetnames == direct.sheetnames
    assert list(made["Utfall"].iter_rows(values_only=True)) == list(
        direct["Utfall"].iter_rows(values_only=True))


def test_the_page_starts_the_job_and_lists_the_last_report_of_each_year(
        client_as, media, django_assert_max_num_queries):
    client = client_as("planeier1")
    assert client.get("/evaluering/rapport/2026.pdf")["Location"] == "/evaluering/rapport/"
    response = client.post("/evaluering/rapport/lag/", {"year": "2026"})
    job = Job.objects.get(name="evaluation.report")
    assert (job.kwargs, job.started_by.username) == ({"year": 2026}, "planeier1")
    assert not media.exists()                                # nothing made in the request
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-progress"' in page and "venter på å starte" in page
    assert "Lag rapporten" in page and "ikke laget ennå" in page

    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.progress_done == job.progress_total == 4
    assert sorted(job.result["files"]) == ["docx", "pdf", "xlsx"]
    folder = media / "rapporter" / "evaluering" / str(job.pk)
    assert sorted(p.name for p in folder.iterdir()) == [
        "evalueringsrapport-2026.docx", "evalueringsrapport-2026.pdf",
        "evalueringsrapport-2026.xlsx"]
    fragment = client.get(f"/jobber/{job.pk}/").content.decode()
    assert f'href="/evaluering/rapport/jobb/{job.pk}/rapport.pdf"' in fragment
    with django_assert_max_num_queries(30) as one:
        page = client.get("/evaluering/rapport/").content.decode()
    assert 'data-testid="last-report-2026-pdf"' in page
    assert 'data-testid="last-report-2025-pdf"' not in page
    for year in (2025, 2024, 2026):
        Job.objects.create(name="evaluation.report", status="done", kwargs={"year": year},
                           result={})
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/evaluering/rapport/")

    client.get(f"/evaluering/rapport/jobb/{job.pk}/rapport.pdf")
    event = AuditEvent.objects.get(kind="evaluation.report.export")
    assert event.actor.username == "planeier1" and event.detail.startswith("2026 (pdf, ")


def test_a_bad_year_is_refused_with_a_message_naming_the_field(client_as, media):
    response = client_as("planeier1").post("/evaluering/rapport/lag/", {"year": "1999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "År: Velg ett av årene i listen." in page
    assert not Job.objects.filter(name="evaluation.report").exists()


def test_the_files_are_only_for_those_who_may_read_the_report(client_as, client, media):
    owner = client_as("planeier1")
    owner.post("/evaluering/rapport/lag/", {"year": "2026"})
    jobs.run_pending()
    job = Job.objects.get(name="evaluation.report")
    url = f"/evaluering/rapport/jobb/{job.pk}/rapport.pdf"
    assert client_as("bti1").get(url).status_code == 200     # may read the report
    coordinator = client_as("koordinator1")                  # may not
    assert coordinator.get(url).status_code == 403
    assert coordinator.post("/evaluering/rapport/lag/", {"year": "2026"}).status_code == 403
    owner = client_as("planeier1")
    assert owner.get(f"/evaluering/rapport/jobb/{job.pk}/rapport.exe").status_code == 404
    letters = Job.objects.create(name="passes.send_letters", status="done",
                                 result={"files": job.result["files"]})
    assert owner.get(f"/evaluering/rapport/jobb/{letters.pk}/rapport.pdf").status_code == 404
    running = Job.objects.create(name="evaluation.report", kwargs={"year": 2025},
                                 result={"files": job.result["files"]})
    assert owner.get(f"/evaluering/rapport/jobb/{running.pk}/rapport.pdf").status_code == 404
