"""Each demo user logs in and meets a dashboard that fits the role (Playwright)."""

import pytest

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    "admin": ("Administrator", "Revisjonslogg"),
    "koordinator1": ("Familiekoordinator", None),
    "koordinator2": ("Familiekoordinator", None),
    "nav1": ("Tjenestepartner", None),
    "helsestasjon1": ("Tjenestepartner", None),
    "bti1": ("BTI-koordinator / leder", None),
    "planeier1": ("Planeier", None),
    "analytiker1": ("Analytiker", None),
    "utlan1": ("Utlån", None),
    "fritid1": ("Fritid", None),
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_demo_user_logs_in_and_sees_a_dashboard_for_the_role(
    page, live_server, demo_org, username
):
    role_label, start_point = EXPECTED[username]
    login(page, live_server, username)
    user = demo_org["users"][username]
    assert page.get_by_role("heading", level=1).inner_text() == f"Velkommen, {user.display_name}"
    assert role_label in page.locator(".lk-user__roles").inner_text()
    if start_point:
        assert page.get_by_role("navigation", name="Hovedmeny").get_by_role(
            "link", name=start_point).is_visible()
    else:
        assert page.get_by_role("link", name="Revisjonslogg").count() == 0
    assert axe_violations(page) == []


def test_a_wrong_password_is_refused_with_a_clear_message(page, live_server, demo_org):
    login(page, live_server, "nav1", password="galt-passord")
    alert = page.get_by_role("alert")
    assert "Feil brukernavn eller passord" in alert.inner_text()
    assert page.url.endswith("/logg-inn/")
    assert axe_violations(page) == []


def test_the_audit_search_page_is_accessible(page, live_server, demo_org):
    login(page, live_server, "admin")
    page.get_by_role("link", name="Revisjonslogg").first.click()
    page.get_by_label("Handling").select_option("login")
    page.get_by_role("button", name="Søk").click()
    assert "admin" in page.locator("table").inner_text()
    assert axe_violations(page) == []
