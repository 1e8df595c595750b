"""Analytiker (JOURNEYS.md): imports SSB's table 12944 beside the computed figures, checks
the zone table (sorting), downloads it as Excel and reads the map; a plan owner reads the
overview on a phone."""

import io
import json
import re

import pytest
from django.conf import settings
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_DATA = settings.REPO_DIR / "data" / "stats"


@pytest.fixture
def statistics(demo_org, tmp_path):
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.people import demo as people_demo
    from levekar.stats.readers.geo import synthetic_boundaries
    from levekar.stats.services import (
        published_table_import,
        result_set_load,
        survey_import,
        zone_boundaries_import,
    )
    from levekar.stats.tests.factories import write_periods

    people_demo.load(reporter=NULL_REPORTER)
    zones = people_demo.LILLESTROM_ZONES
    result_set_load(paths=[write_periods(tmp_path / "r", zones=[c for c, _ in zones])],
                    source="Juni 2026")
    for name in ("ssb_11046_demo.json",):
        published_table_import(data=(DEMO_DATA / name).read_bytes(), file_name=name)
    survey_import(data=(DEMO_DATA / "ungdata_lillestrom_demo.csv").read_bytes(),
                  file_name="ungdata.csv")
    zone_boundaries_import(municipality_code="3205", synthetic=True, file_name="s.geojson",
                           data=json.dumps(synthetic_boundaries(zones)).encode())


def _percents(page, column: int) -> list[float | None]:
    cells = page.locator("[data-testid=zone-table] tbody tr").evaluate_all(
        f"rows => rows.map(r => r.children[{column}].innerText.trim())")
    return [None if c.startswith((":", "–")) else float(c.replace(",", ".")) for c in cells]


def test_the_analyst_checks_sorts_downloads_and_maps_the_zones(page, live_server, statistics):
    login(page, live_server, "analytiker1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Importer statistikk").click()
    form = page.get_by_test_id("form-published")
    form.get_by_label("JSON-stat-fil").set_input_files(str(DEMO_DATA / "ssb_12944_demo.json"))
    form.get_by_role("button", name="Importer tabellen").click()
    assert "Importerte tabell 12944: 5 tall." in page.get_by_role("status").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Kunnskapsgrunnlag").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Levekår: Lillestrøm"
    expect(page.get_by_test_id("latest-table")).to_be_visible()
    page.locator("[data-testid=trend-chart] svg").wait_for()
    assert "2017–2019" in page.get_by_test_id("trend-table").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Sonetabell").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Levekårssoner i Lillestrøm"
    assert page.locator("[data-testid=zone-table] tbody tr").count() == 14
    # name, code and five indicators fit a 1280 px window without sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.get_by_test_id("zone-table").evaluate(
        "t => t.scrollWidth <= t.parentElement.clientWidth")
    header = page.get_by_role("link", name=re.compile(r"^Vedvarende lavinntekt \(EU-60\)"))
    header.click()
    page.wait_for_url(re.compile("retning=synkende"))
    headers = page.locator("[data-testid=zone-table] thead th").all_inner_texts()
    column = next(i for i, h in enumerate(headers)
                  if h.strip().startswith("Vedvarende lavinntekt (EU-60)"))
    values = _percents(page, column)
    shown = [v for v in values if v is not None]
    assert shown == sorted(shown, reverse=True) and len(shown) >= 10
    assert values[-1] is None  # suppressed zones last
    assert page.locator("th[aria-sort=descending]").count() == 1
    page.get_by_role("link", name=re.compile(r"^Vedvarende lavinntekt \(EU-60\)")).click()
    page.wait_for_url(re.compile("retning=stigende"))
    shown = [v for v in _percents(page, column) if v is not None]
    assert shown == sorted(shown)
    assert axe_violations(page) == []

    with page.expect_download() as info:
        page.get_by_test_id("download-xlsx").click()
    book = load_workbook(io.BytesIO(info.value.path().read_bytes()))
    rows = list(book["Soner"].values)
    assert len(rows) == 15 and rows[0][:2] == ("Sonekode", "Sone")

    page.get_by_role("link", name="Kart", exact=True).click()
    page.locator("[data-testid=zone-map] svg").wait_for()
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=zone-map] svg path').length >= 14")
    map_text = page.get_by_test_id("zone-map").inner_text() + page.locator(
        "[data-testid=zone-map] svg").evaluate("s => s.textContent")
    assert "Syntetiske sonegrenser" in map_text
    assert "Strømmen vest" in map_text  # zones are named on the map, not told by colour
    expect(page.get_by_test_id("synthetic-note")).to_be_visible()
    assert page.locator("[data-testid=map-list] tbody tr").count() == 14
    # the ranked list beside the map shows every zone, none cut off by its box
    assert page.get_by_test_id("map-list").evaluate("""l => {
        const box = l.parentElement.getBoundingClientRect();
        return [...l.querySelectorAll('tbody tr')].every(
            r => r.getBoundingClientRect().bottom <= box.bottom + 1); }""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert axe_violations(page) == []

    page.get_by_test_id("map-list").get_by_role("link", name="Sørumsand").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sørumsand"
    assert "8,0" in page.get_by_test_id("survey-table").inner_text()
    assert axe_violations(page) == []


def test_a_plan_owner_reads_the_overview_on_a_phone_without_import(phone_page, live_server,
                                                                    statistics):
    login(phone_page, live_server, "planeier1")
    phone_page.goto(f"{live_server.url}/kunnskap/?indikator=crowding&gruppe=all")
    trend = phone_page.get_by_test_id("trend-table").inner_text()
    assert "9,7" in trend and "Hele landet (publisert)" in trend
    assert phone_page.get_by_role("link", name="Import").count() == 0
    assert axe_violations(phone_page) == []
