"""Utstyrsbanken: the inventory import from the equipment page, followed as a job; a
misspelt category is refused with the known ones (Playwright)."""

import pytest

from levekar.lending.tests.test_import import HEADER
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_desk_imports_an_inventory_file_and_follows_the_job(
        page, live_server, demo_org, settings, tmp_path):
    from levekar.core import jobs
    from levekar.lending import services
    from levekar.lending.models import Category, Copy

    settings.MEDIA_ROOT = tmp_path / "media"
    services.lending_point_ensure(code="bibliotek", name="Lillestrøm bibliotek")
    services.category_ensure(code="vinter", name="Vinter")
    services.category_ensure(code="sykkel", name="Sykkel")
    bad = tmp_path / "lager-feil.csv"
    bad.write_text(f"{HEADER}\n7001;Vinterr;Skøyter;36;;;god;bibliotek;\n", encoding="utf-8")
    good = tmp_path / "lager.csv"
    good.write_text(f"{HEADER}\n7001;Vinter;Skøyter;36;;;god;bibliotek;\n"
                    "7002;Sykkel;Sykkelhjelm;M;;;;bibliotek;ja\n", encoding="utf-8")

    login(page, live_server, "utlan1")
    page.goto(f"{live_server.url}/utstyr/utlan/utstyr/")
    page.get_by_role("link", name="Importer utstyr").click()
    assert "Sykkel, Vinter" in page.get_by_test_id("known-categories").inner_text()
    assert axe_violations(page) == []

    page.get_by_label("Utstyrsfil (CSV eller XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Importer filen").click()
    assert "venter på å starte" in page.get_by_test_id("job-progress").inner_text()
    jobs.run_pending()          # the worker; the page polls and shows the outcome
    problems = page.get_by_test_id("job-problems")
    problems.wait_for(timeout=10_000)
    assert ("lager-feil.csv, rad 2, kolonne B «kategori»: Ukjent kategori «Vinterr» "
            "(kjente: Sykkel, Vinter).") in problems.inner_text()
    assert not Copy.objects.exists()
    assert not Category.objects.filter(name="Vinterr").exists()

    page.get_by_label("Utstyrsfil (CSV eller XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Importer filen").click()
    jobs.run_pending()
    message = page.get_by_test_id("job-message")
    message.wait_for(timeout=10_000)
    assert "Importert 2 eksemplarer fra lager.csv, 2 nye utstyrstyper." in message.inner_text()
    assert sorted(Copy.objects.values_list("number", flat=True)) == [7001, 7002]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    assert axe_violations(page) == []
