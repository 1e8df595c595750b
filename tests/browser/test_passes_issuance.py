"""Fritid: the uptake of last season, then the August issuance with letters (Playwright)."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_world(demo_org):
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.passes import demo
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    demo.load_with(reporter=NULL_REPORTER, holiday=False)  # the full demo register
    return demo


def test_the_leisure_office_reads_uptake_and_issues_this_years_cards(page, live_server,
                                                                     demo_world):
    from levekar.passes.models import ActivityPass, IssuanceRun

    login(page, live_server, "fritid1")
    menu = page.get_by_role("navigation", name="Hovedmeny")

    # November, last season: the uptake page per zone, with Strømmen vest at 31 %.
    menu.get_by_role("link", name="Bruk").click()
    page.get_by_label("År", exact=True).select_option(str(demo_world.HISTORY_YEAR))
    page.get_by_role("button", name="Vis").click()
    row = page.get_by_role("row", name=re.compile("Strømmen vest"))
    assert row.get_by_role("cell").last.inner_text() == "31 %"
    assert "Hjalp påminnelsene?" in page.content()
    assert axe_violations(page) == []

    # August: run the automatic issuance for this year.
    year = timezone.localdate().year
    menu.get_by_role("link", name="Fritidskort").click()
    assert axe_violations(page) == []
    page.get_by_role("table").get_by_role("link", name="Fritidskort").click()
    page.get_by_label("År").fill(str(year))
    page.get_by_role("button", name="Utsted kort").click()
    run = IssuanceRun.objects.get(year=year)
    if year == demo_world.DEMO_YEAR:
        assert run.eligible == 1214  # the journey's figure
    assert page.get_by_test_id("run-eligible").inner_text() == str(run.eligible)
    assert page.get_by_test_id("run-issued").inner_text() == str(run.eligible)
    assert "Utstedelsen er ferdig" in page.get_by_role("status").first.inner_text()
    assert "Husstandens inntekt er over grensen" in page.content()
    assert axe_violations(page) == []

    # Running it again issues nobody a second card.
    page.get_by_role("link", name="Tilbake til ordningen").click()
    page.get_by_label("År").fill(str(year))
    page.get_by_role("button", name="Utsted kort").click()
    assert page.get_by_test_id("run-issued").inner_text() == "0"
    assert page.get_by_test_id("run-skipped").inner_text() == str(run.eligible)
    assert ActivityPass.objects.filter(year=year).count() == run.eligible

    # One letter per household, in the household's language.
    page.get_by_role("link", name="Brev til husstandene").click()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Last ned \\(PDF\\)")).first.click()
    with open(download.value.path(), "rb") as f:
        text = " ".join(PdfReader(io.BytesIO(f.read())).pages[0].extract_text().split())
    assert f"Fritidskort {year}" in text or f"Fritidskort for {year}" in text
    assert "inntekt" not in text.lower() and "income" not in text.lower()
