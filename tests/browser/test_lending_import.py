"""Utstyrsbanken: the inventory import from the equipment page, followed as a job; a
misspelt category is mapped to a known one on a preview, or the file refused
(Playwright)."""

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
    good.write_text(f"{HEADER}\n7003;Vinter;Skøyter;38;;;god;bibliotek;\n"
                    "7002;Sykkel;Sykkelhjelm;M;;;;bibliotek;ja\n", encoding="utf-8")

    login(page, live_server, "utlan1")
    page.goto(f"{live_server.url}/utstyr/utlan/utstyr/")
    page.get_by_role("link", name="Importer utstyr").click()
    assert "Sykkel, Vinter" in page.get_by_test_id("known-categories").inner_text()
    assert axe_violations(page) == []

    # A misspelt category: a preview asks what it is; refusing imports nothing.
    page.get_by_label("Utstyrsfil (CSV eller XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Importer filen").click()
    preview = page.get_by_test_id("category-preview")
    preview.wait_for()
    assert "lager-feil.csv nevner en kategori som ikke finnes." in preview.inner_text()
    assert axe_violations(page) == []
    preview.get_by_role("button", name="Avvis filen").click()
    page.wait_for_url("**/utstyr/utlan/utstyr/import/")
    assert "Filen lager-feil.csv ble avvist" in page.get_by_role("main").inner_text()
    assert not Copy.objects.exists()

    # Mapped explicitly to «Vinter»: the job imports it there, no category is created.
    page.get_by_label("Utstyrsfil (CSV eller XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Importer filen").click()
    page.get_by_label("«Vinterr» i filen er").select_option(label="Vinter")
    page.get_by_role("button", name="Importer med disse kategoriene").click()
    page.wait_for_url("**/utstyr/utlan/utstyr/import/?jobb=*")
    jobs.run_pending()          # the worker; the page polls and shows the outcome
    message = page.get_by_test_id("job-message")
    message.wait_for(timeout=10_000)
    assert "Importert 1 eksemplar" in message.inner_text()
    assert Copy.objects.get(number=7001).item.category.name == "Vinter"
    assert not Category.objects.filter(name="Vinterr").exists()

    page.get_by_label("Utstyrsfil (CSV eller XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Importer filen").click()
    jobs.run_pending()
    message = page.get_by_test_id("job-message")
    message.wait_for(timeout=10_000)
    assert "Importert 2 eksemplarer fra lager.csv, 2 nye utstyrstyper." in message.inner_text()
    assert sorted(Copy.objects.values_list("number", flat=True)) == [7001, 7002, 7003]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    assert axe_violations(page) == []
