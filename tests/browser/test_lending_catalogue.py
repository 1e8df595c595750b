"""A father on his phone on a Saturday: «ski 130» in the public catalogue shows two
pairs free at the library branch (JOURNEYS.md, Utlån and residents). No login."""

import pytest

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_library(demo_org):
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.lending import demo

    demo.load(reporter=NULL_REPORTER)


def test_a_resident_finds_free_skis_in_his_size_on_his_phone(phone_page, live_server,
                                                             demo_library):
    page = phone_page
    page.goto(f"{live_server.url}/utstyr/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lån sports- og fritidsutstyr"
    page.get_by_role("searchbox", name="Søk").fill("ski 130")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.wait_for_load_state("networkidle")

    card = page.locator(".lk-item", has=page.get_by_role("link", name="Langrennsski, 130 cm"))
    library = card.get_by_test_id("avail-lillestrom-bibliotek")
    assert library.inner_text().split() == ["2", "ledige", "Lillestrøm", "bibliotek"]
    assert "Vinter · 7–9 år" in card.inner_text()
    # Fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []

    # Opening hours, and the same in English.
    assert "Hvor du kan låne" in page.content()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    card = page.locator(".lk-item", has=page.get_by_role("link",
                                                         name="Cross-country skis, 130 cm"))
    assert card.get_by_test_id("avail-lillestrom-bibliotek").inner_text().startswith("2 free")
    card.get_by_role("link", name="Cross-country skis, 130 cm").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Cross-country skis, 130 cm"
    assert "Usual loan period" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Opening hours for the whole week, and how to borrow").first \
        .click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "How to borrow"
    assert "everyone can borrow" in page.content()
    assert page.get_by_role("table", name="Opening hours, Lillestrøm bibliotek") \
        .get_by_role("row", name="Saturday 11:00–15:00").count() == 1
    assert axe_violations(page) == []
