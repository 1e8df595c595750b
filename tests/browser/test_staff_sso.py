"""Staff single sign-on in the browser: a family coordinator opens Levekår, chooses
"Logg inn med kommunens innlogging", logs in at the municipality's provider (the local
provider's test login) and lands where she was going, with the role and unit her groups
give; the login page with the button is axe clean."""

import pytest
from playwright.sync_api import expect

from levekar.core.models import AuditEvent, User
from levekar.core.roles import Role, user_roles
from levekar.minside.tests.idp_fixtures import *  # noqa: F403
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_logs_in_with_the_municipalitys_login(
        page, live_server, settings, idp, demo_org, tmp_path):
    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    settings.LEVEKAR_STAFF_SSO_ISSUER = idp

    page.goto(f"{live_server.url}/familier/")
    assert page.url.startswith(f"{live_server.url}/logg-inn/")
    button = page.get_by_role("link", name="Logg inn med kommunens innlogging")
    expect(button).to_be_visible()
    expect(page.get_by_label("Brukernavn")).to_be_visible()  # local accounts still log in
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "staff-sso-login.png"), full_page=True)

    button.click()
    page.get_by_label("Brukernavn").fill("siri.sso")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/familier/")

    assert "Siri Solberg" in page.inner_text("header")
    # The provider keeps her password: Levekår offers none to change.
    assert page.get_by_role("link", name="Endre passord").count() == 0
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "staff-sso-landed.png"), full_page=True)
    siri = User.objects.get(username="siri.sso")
    assert user_roles(siri) == {Role.COORDINATOR} and siri.org_unit.code == "familieteamet"
    assert AuditEvent.objects.filter(
        actor=siri, action=AuditEvent.Action.LOGIN,
        detail="logget inn med kommunens innlogging (roller: familiekoordinator)").exists()


def test_when_sso_is_required_the_login_page_has_only_the_button(
        page, live_server, settings, demo_org):
    settings.LEVEKAR_STAFF_SSO_ENABLED = settings.LEVEKAR_STAFF_SSO_REQUIRED = True
    page.goto(f"{live_server.url}/logg-inn/")
    expect(page.get_by_role("link", name="Logg inn med kommunens innlogging")).to_be_visible()
    assert page.get_by_label("Passord").count() == 0
    assert axe_violations(page) == []


def test_logging_out_ends_the_session_at_the_provider_so_the_next_login_asks_again(
        page, live_server, settings, idp, demo_org):
    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    settings.LEVEKAR_STAFF_SSO_ISSUER = idp
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_role("link", name="Logg inn med kommunens innlogging").click()
    page.get_by_label("Brukernavn").fill("siri.sso")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/")

    # While the provider's session lives, going there again asks nothing.
    page.goto(f"{live_server.url}/logg-inn/sso/?next=/familier/")
    page.wait_for_url(f"{live_server.url}/familier/")

    page.get_by_role("button", name="Logg ut").click()
    # Through the provider's logout and back to our login page.
    page.wait_for_url(f"{live_server.url}/logg-inn/")
    expect(page.get_by_role("link", name="Logg inn med kommunens innlogging")).to_be_visible()
    assert AuditEvent.objects.filter(actor__username="siri.sso",
                                     action=AuditEvent.Action.LOGOUT).exists()

    page.get_by_role("link", name="Logg inn med kommunens innlogging").click()
    page.wait_for_url(f"{idp}/**")
    expect(page.get_by_label("Brukernavn")).to_be_visible()  # asked again


def test_a_coordinator_is_refused_a_password_and_pointed_to_the_municipalitys_login(
        page, phone_page, live_server, settings, demo_org):
    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    settings.LEVEKAR_STAFF_SSO_REQUIRED_ROLES = [Role.COORDINATOR.value]
    for p in (page, phone_page):
        p.goto(f"{live_server.url}/logg-inn/")
        p.get_by_label("Brukernavn").fill("koordinator1")
        p.get_by_label("Passord").fill("demo-passord")
        p.get_by_role("button", name="Logg inn", exact=True).click()
        p.wait_for_load_state()
        assert "Rollen din må logge inn med kommunens innlogging" in p.inner_text("main")
        assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_violations(p) == []


def test_logging_out_at_the_provider_ends_the_levekar_session_too(
        page, live_server, settings, idp, demo_org):
    """Front-channel logout: the provider's logout page loads our frontchannel_logout_uri
    (iss + sid) in a hidden frame, and Levekår's staff session ends with it."""
    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    settings.LEVEKAR_STAFF_SSO_ISSUER = idp
    page.goto(f"{live_server.url}/logg-inn/sso/?next=/familier/")
    page.get_by_label("Brukernavn").fill("siri.sso")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/familier/")

    # She logs out at the provider (its own end-session page, not through Levekår).
    frames = []
    page.on("response", lambda r: frames.append(r) if "/logg-ut/sso/kanal/" in r.url
            else None)
    page.goto(f"{idp}/session/end")
    page.get_by_role("heading", name="Du er logget ut").wait_for()
    assert [r.status for r in frames] == [200]

    page.goto(f"{live_server.url}/familier/")
    assert page.url.startswith(f"{live_server.url}/logg-inn/")
    expect(page.get_by_role("link", name="Logg inn med kommunens innlogging")).to_be_visible()
    assert AuditEvent.objects.filter(actor__username="siri.sso",
                                     kind="account.logout.provider").count() == 1

