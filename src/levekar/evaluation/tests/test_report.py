"""The yearly evaluation report, read back: PDF (tagged, A4) and Word (A4, alt text) text,
and the XLSX figures, with the page's suppression."""

import datetime as dt
import io

import pytest
from django.conf import settings
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

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


def test_the_report_reads_back_from_pdf_and_word(report_data, client_as):
    client = client_as("planeier1")
    pdf = client.get("/evaluering/rapport/2026.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
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

    word = client.get("/evaluering/rapport/2026.docx")
    doc = Document(io.BytesIO(word.content))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
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
