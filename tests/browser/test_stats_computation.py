"""Analytiker (issue 13): starts a computation from the page over microdata in the
server's import folder, follows its progress, finds the new result (not the default),
makes it the default, compares it with the other one, and deletes the old one."""

import pytest

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def import_folder(tmp_path, settings, demo_org):
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.people import demo as people_demo
    from levekar.stats.engine import FocusMunicipality, synthesize
    from levekar.stats.services import result_set_load
    from levekar.stats.tests.factories import write_periods

    people_demo.load(reporter=NULL_REPORTER)
    zones = [c for c, _ in people_demo.LILLESTROM_ZONES]
    result_set_load(paths=[write_periods(tmp_path / "r", zones=zones)], source="Juni 2026")
    folder = tmp_path / "import"
    settings.LEVEKAR_STATS_IMPORT_DIR = folder
    synthesize(persons=4000, years=(2022, 2024), out_dir=folder / "uttrekk-2026", seed=2,
               fmt="csv", focus=FocusMunicipality(code="3205", persons=2000,
                                                  zones=tuple(zones[:5])))
    return folder


def test_the_analyst_computes_from_the_page_and_manages_the_results(page, live_server,
                                                                    import_folder):
    from levekar.core import jobs

    login(page, live_server, "analytiker1")
    page.goto(f"{live_server.url}/kunnskap/")
    page.get_by_role("link", name="Beregninger").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Beregninger"
    page.get_by_label("Navn på resultatet").fill("Uttrekk desember 2026")
    page.get_by_label("…eller en fil i serverens importmappe").select_option("uttrekk-2026/")
    page.get_by_label("Første år i perioden").fill("2022")
    page.get_by_role("button", name="Start beregningen").click()
    progress = page.get_by_test_id("job-progress")
    assert "Statistikkberegning" in progress.inner_text()
    assert axe_violations(page) == []

    assert jobs.run_pending() == 1  # the worker's round, in this process
    page.wait_for_selector("[data-testid=job-progress][data-status=done]", timeout=20_000)
    assert "Lagret «Uttrekk desember 2026»" in page.get_by_test_id("job-message").inner_text()

    page.get_by_role("link", name="Beregninger").click()
    table = page.get_by_test_id("result-sets")
    assert "Uttrekk desember 2026" in table.inner_text()
    # the newest is shown until someone chooses; make the old one the default explicitly
    page.get_by_role("button", name="Gjør til standard: Juni 2026").click()
    assert "«Juni 2026» vises nå for alle" in page.get_by_role("status").inner_text()

    compare = page.get_by_test_id("compare-form")
    compare.get_by_label("Resultat A").select_option(label="Juni 2026")
    compare.get_by_label("Resultat B").select_option(label="Uttrekk desember 2026")
    compare.get_by_role("button", name="Sammenlign").click()
    text = page.get_by_test_id("compare-table").inner_text()
    assert "A: Juni 2026" in text and "B: Uttrekk desember 2026" in text and "Lillestrøm" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/kunnskap/beregninger/")
    page.get_by_role("link", name="Slett Uttrekk desember 2026").click()
    page.get_by_role("button", name="Slett").click()
    assert "«Uttrekk desember 2026» er slettet." in page.get_by_role("status").inner_text()
    assert "Uttrekk desember 2026" not in page.get_by_test_id("result-sets").inner_text()
