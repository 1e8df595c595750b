"""Planeier and a responsible unit through the year (JOURNEYS.md, «Planeier»), in Chromium."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from levekar.plans.models import Measure, MeasureReport
from levekar.plans.tests.conftest import PLAN, PREVIOUS, fixture_text, import_text
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(demo_org):
    import_text(fixture_text(PREVIOUS))
    return import_text(fixture_text(PLAN)).plan


def test_the_plan_owner_filters_the_matrix_starts_the_round_and_downloads_the_report(
        page, live_server, plan, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    login(page, live_server, "planeier1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Handlingsplan").click()
    page.get_by_role("link", name=plan.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == plan.title
    assert page.get_by_test_id("measure-row").count() == 6
    assert axe_violations(page) == []

    # Filter by responsible unit: the matrix is replaced in place (htmx), the URL kept.
    page.get_by_label("Ansvarlig enhet").select_option(label="Kultur og fritid")
    page.wait_for_url("**enhet=kultur-fritid**")
    assert page.get_by_test_id("measure-row").count() == 1
    assert "Fritids- og ferietilbud" in page.get_by_test_id("measure-row").inner_text()

    # Start the reporting round for 2025.
    page.get_by_role("link", name="Årlig oppfølging").click()
    page.get_by_label("Rapporteringsår").select_option("2025")
    page.get_by_role("button", name="Start rapporteringsrunden").click()
    assert "Rapporteringsrunden for 2025 er startet" in page.get_by_role("status").inner_text()
    assert "har ikke rapportert på alle sine tiltak" in page.get_by_test_id(
        "missing-summary").inner_text()
    assert list(plan.reporting_rounds.values_list("year", "started_by__username")) == [
        (2025, "planeier1")]
    assert axe_violations(page) == []

    # The annual report on screen, then as Word and PDF.
    page.get_by_role("link", name="Årsrapport 2025").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Årsrapport 2025"
    assert page.get_by_test_id("report-measure").count() == 6
    assert axe_violations(page) == []
    titles = list(Measure.objects.filter(plan=plan).values_list("title", flat=True))
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned som Word").click()
    word = tmp_path / info.value.suggested_filename
    info.value.save_as(word)
    assert word.name == f"{PLAN}-arsrapport-2025.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(word.read_bytes())).paragraphs)
    assert all(t in text for t in titles)
    # The PDF is made by the job worker; the page follows the job, then gives the files.
    from levekar.core import jobs

    page.get_by_role("button", name="Lag rapporten").click()
    assert "venter på å starte" in page.get_by_test_id("job-progress").inner_text()
    jobs.run_pending()          # the worker; the page polls and shows the links
    link = page.get_by_test_id("job-download-pdf")
    link.wait_for(timeout=15_000)
    assert axe_violations(page) == []
    with page.expect_download() as info:
        link.click()
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    assert "Årsrapport 2025 til kommunestyret" in PdfReader(pdf).pages[0].extract_text()


def test_a_responsible_unit_reports_on_its_measure_from_its_list(phone_page, live_server, plan,
                                                                 plan_owner):
    from levekar.plans.services import reporting_round_start

    reporting_round_start(plan=plan, year=2025, actor=plan_owner)
    page = phone_page
    login(page, live_server, "nav1")
    page.get_by_test_id("start-plan_reporting").get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mine tiltak å rapportere på"
    page.get_by_role("link", name="Rapporter 1.1.1").click()
    page.get_by_label("Pågår").check()
    page.get_by_label("På sporet").check()
    page.get_by_label("Hva er gjort i år").fill("Ti familier har fått foreldreveiledning.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre rapporten").click()
    assert "Rapporten din på 1.1.1 for 2025 er lagret" in page.get_by_role("status").inner_text()
    assert "Pågår" in page.get_by_test_id("todo").inner_text()
    report = MeasureReport.objects.get(measure__plan=plan, measure__code="1.1.1")
    assert (report.progress, report.reported_by.username) == ("in_progress", "nav1")
    assert report.narrative == "Ti familier har fått foreldreveiledning."
    assert (report.round.year, report.reported_for.code) == (2025, "nav-lillestrom")
