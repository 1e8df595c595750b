"""Fritid: the household register import from the page, followed as a job (Playwright)."""

import pytest

from levekar.passes.tests.test_import import GOOD
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leisure_office_imports_a_register_extract_and_follows_the_job(
        page, live_server, demo_org, settings, tmp_path):
    from levekar.core import jobs
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.people import demo as people_demo
    from levekar.people.models import Household

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEVEKAR_IMPORT_DIR = tmp_path / "importmappe"
    people_demo.load(reporter=NULL_REPORTER)
    csv = tmp_path / "skatt-2025.csv"
    csv.write_text(GOOD, encoding="utf-8")

    login(page, live_server, "fritid1")
    page.goto(f"{live_server.url}/fritid/")
    page.get_by_role("link", name="Importer husstander (registeruttrekk)").click()
    assert axe_violations(page) == []
    page.get_by_label("Registeruttrekk (CSV)").set_input_files(str(csv))
    page.get_by_role("button", name="Importer filen").click()
    assert "venter på å starte" in page.get_by_test_id("job-progress").inner_text()

    jobs.run_pending()          # the worker; the page polls and shows the outcome
    message = page.get_by_test_id("job-message")
    message.wait_for(timeout=10_000)
    assert "Importert 4 rader fra skatt-2025.csv" in message.inner_text()
    assert Household.objects.filter(external_id__in=["H1", "H2"]).count() == 2
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    assert axe_violations(page) == []
