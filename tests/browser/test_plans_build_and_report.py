"""The plan owner builds and follows up a measure without a developer (issue 13), in
Chromium: creates a measure, links it to «barn i vedvarende lavinntekt, Strømmen vest»
with a target, starts a round with a deadline; the responsible unit reports; the Word
and PDF reports show the measure with its Norwegian indicator label and its trend."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from levekar.core.models import Municipality
from levekar.people.services import zone_ensure
from levekar.plans.models import IndicatorLink, Measure, MeasureReport, PlanChange
from levekar.plans.tests.conftest import PLAN, PREVIOUS, fixture_text, import_text
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABEL = "Vedvarende lavinntekt (EU-60) – barn 0–17 år, Strømmen vest"
TITLE = "Gratis aktivitetskort til alle barn i Strømmen vest"


@pytest.fixture
def plan(demo_org):
    from levekar.stats.models import FigureStatus, Level, PublishedFigure, PublishedTable

    zone_ensure(municipality=Municipality.objects.get(code="3205"), code="3205-03",
                name="Strømmen vest")
    # Figures as a published table gives them (SSB's area code for the zone).
    table = PublishedTable.objects.create(table_id="lillestrom-soner", source="SSB (bestilt)")
    for period, value in [("2019-2021", "31.2"), ("2020-2022", "30.4"), ("2021-2023", "29.7")]:
        PublishedFigure.objects.create(
            table=table, level=Level.ZONE, area="3205-03", period=period,
            indicator="persistent_low_income_60", group="children", threshold_scope="national",
            value=Decimal(value), status=FigureStatus.OK)
    import_text(fixture_text(PREVIOUS))
    return import_text(fixture_text(PLAN)).plan


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_owner_builds_links_and_follows_up_a_measure_to_the_council_report(
        page, phone_page, live_server, plan, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    login(page, live_server, "planeier1")
    page.goto(f"{live_server.url}/handlingsplan/{PLAN}/")
    page.get_by_role("link", name="Bygg planen").click()

    # A new measure under goal 1.1, with NAV as the responsible unit.
    add = page.locator("section", has=page.get_by_role("heading", name="Legg til et tiltak"))
    add.get_by_label("Under målet").select_option(index=1)
    add.get_by_role("textbox", name="Tiltak", exact=True).fill(TITLE)
    add.get_by_label("NAV Lillestrøm").check()
    assert axe_violations(page) == []
    add.get_by_role("button", name="Legg til tiltaket").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith(TITLE)
    measure = Measure.objects.get(plan=plan, title=TITLE)
    assert measure.status == "N"  # a new measure in a plan that revises another

    # Link it to the statistics with Norwegian pickers, and set the target.
    page.get_by_role("link", name="Koble til en indikator").click()
    page.get_by_role("combobox", name="Indikator", exact=True).select_option(
        label="Vedvarende lavinntekt (EU-60)")
    page.get_by_label("Gruppe").select_option(label="Barn 0–17 år")
    page.get_by_label("Område").select_option(label="Strømmen vest (Lillestrøm)")
    page.get_by_label("Utgangsverdi (prosent)").fill("29,7")
    page.get_by_label("År eller periode for utgangsverdien").fill("2021-2023")
    page.get_by_label("Mål (prosent)").fill("25")
    page.get_by_label("Målår").fill("2027")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre").click()
    assert LABEL in page.get_by_role("main").inner_text()
    link = IndicatorLink.objects.get(measure=measure)
    assert (link.indicator, link.area, link.target, link.target_year) == (
        "persistent_low_income_60", "3205-03", 25.0, 2027)
    assert PlanChange.objects.filter(measure=measure, field="Mål", new_value="25").exists()
    assert "Endringer i tiltaket" in page.get_by_role("main").inner_text()

    # Start the 2025 round with a deadline.
    deadline = dt.date.today() + dt.timedelta(days=30)
    page.get_by_role("link", name=plan.title).first.click()
    page.get_by_role("link", name="Årlig oppfølging").click()
    page.get_by_label("Rapporteringsår").select_option("2025")
    page.get_by_label("Frist for enhetene").fill(deadline.isoformat())
    page.get_by_role("button", name="Start rapporteringsrunden").click()
    assert deadline.strftime("%-d.%-m.%Y") in page.get_by_test_id("deadline").inner_text()
    assert plan.reporting_rounds.get(year=2025).deadline == deadline

    # The unit reports on its phone.
    login(phone_page, live_server, "nav1")
    phone_page.goto(f"{live_server.url}/handlingsplan/mine-tiltak/")
    phone_page.get_by_role("link", name=f"Rapporter {measure.code}").click()
    phone_page.get_by_label("Pågår").check()
    phone_page.get_by_label("På sporet").check()
    phone_page.get_by_label("Hva er gjort i år").fill("40 barn har fått aktivitetskort.")
    phone_page.get_by_role("button", name="Lagre rapporten").click()
    report = MeasureReport.objects.get(measure=measure)
    assert (report.progress, report.deviation, report.reported_for.code) == (
        "in_progress", "on_track", "nav-lillestrom")

    # The council report as Word and PDF: the measure, its label and its trend.
    page.goto(f"{live_server.url}/handlingsplan/{PLAN}/rapport/2025/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned som Word").click()
    word = tmp_path / "rapport.docx"
    info.value.save_as(word)
    doc = Document(io.BytesIO(word.read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert TITLE in text and "40 barn har fått aktivitetskort." in text
    assert any(LABEL in p.text for p in doc.paragraphs)  # the trend table's caption
    assert {"2019-2021", "31,2", "30,4", "29,7", "Mål 2027", "25,0"} <= set(cells)
    assert any(LABEL in (d.get("descr") or "") for d in doc.element.body.xpath(".//wp:docPr"))
    # The PDF is made by the job worker: «Lag rapporten», the page follows the job and
    # gives the files when it is done, and lists them for whoever comes back.
    from levekar.core import jobs

    page.get_by_role("button", name="Lag rapporten").click()
    assert "venter på å starte" in page.get_by_test_id("job-progress").inner_text()
    jobs.run_pending()          # the worker; the page polls and shows the links
    link = page.get_by_test_id("job-download-pdf")
    link.wait_for(timeout=15_000)
    assert "Rapporten er klar" in page.get_by_test_id("job-message").inner_text()
    with page.expect_download() as info:
        link.click()
    pdf = tmp_path / "rapport.pdf"
    info.value.save_as(pdf)
    pdf_text = _flat(" ".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert _flat(TITLE) in pdf_text and _flat(LABEL) in pdf_text
    assert "2020-2022 30,4" in pdf_text and "Mål 2027 25,0" in pdf_text
    page.goto(f"{live_server.url}/handlingsplan/{PLAN}/rapport/2025/")
    assert "Sist laget" in page.get_by_test_id("last-report").inner_text()
    expect(page.get_by_test_id("last-report-docx")).to_be_visible()
    assert axe_violations(page) == []
