"""The yearly evaluation report made as a job from its page (issue 15, item 2), in
Chromium: «Lag rapporten» for a year, the progress on the page, then the PDF, Word and
spreadsheet to download; the finished report stays listed for whoever comes back."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_analyst_makes_the_yearly_report_and_downloads_it(
        page, live_server, demo_org, settings, tmp_path):
    from levekar.core import jobs
    from levekar.evaluation.forms import current_year

    settings.MEDIA_ROOT = tmp_path / "media"
    year = current_year()
    login(page, live_server, "analytiker1")
    page.goto(f"{live_server.url}/evaluering/rapport/")
    assert page.get_by_role("heading", level=1).inner_text() == "Årlig evalueringsrapport"
    assert "ikke laget ennå" in page.get_by_test_id(f"report-year-{year}").inner_text()
    page.get_by_role("combobox", name="År").select_option(str(year))
    page.get_by_role("button", name="Lag rapporten").click()
    assert "venter på å starte" in page.get_by_test_id("job-progress").inner_text()
    assert axe_violations(page) == []

    jobs.run_pending()          # the worker; the page polls and shows the links
    link = page.get_by_test_id("job-download-pdf")
    link.wait_for(timeout=15_000)
    assert "Rapporten er klar: Evalueringsrapport" in page.get_by_test_id(
        "job-message").inner_text()
    with page.expect_download() as info:
        link.click()
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    assert pdf.name == f"evalueringsrapport-{year}.pdf"
    assert f"Evalueringsrapport {year}" in PdfReader(pdf).pages[0].extract_text()
    with page.expect_download() as info:
        page.get_by_test_id("job-download-docx").click()
    word = Document(str(info.value.path()))
    assert any(f"Evalueringsrapport {year}" in p.text for p in word.paragraphs)
    with page.expect_download() as info:
        page.get_by_test_id("job-download-xlsx").click()
    assert "Utfall" in load_workbook(io.BytesIO(info.value.path().read_bytes())).sheetnames

    # Coming back later: the report stays listed with the time it was made.
    page.goto(f"{live_server.url}/evaluering/rapport/")
    row = page.get_by_test_id(f"report-year-{year}")
    assert "laget " in row.inner_text()
    expect(page.get_by_test_id(f"last-report-{year}-pdf")).to_be_visible()
    assert axe_violations(page) == []
