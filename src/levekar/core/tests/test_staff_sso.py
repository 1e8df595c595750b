"""Staff single sign-on against the real local identity provider (idp/server.mjs).

Staff log in with the municipality's provider (code flow with PKCE, state, nonce and
private_key_jwt through authlib); the provider's groups give roles and the service unit by
the group map, re-synced at every login, each change audited as made by the SSO.
"""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore
from django.core import checks
from django.test import Client, RequestFactory

from levekar.core import sso
from levekar.core.models import AuditEvent, PrivilegeChange, ProviderSession, User
from levekar.core.roles import Role, user_roles
from levekar.minside.tests.idp_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db(transaction=True)


class HttpStaff:
    """A member of staff's browser without JavaScript, through the provider by hand."""

    def __init__(self, live_server):
        self.base = live_server.url
        self.http = requests.Session()

    def callback_for(self, username: str, next_path: str = "") -> str:
        r = self.http.get(f"{self.base}/logg-inn/sso/", params={"next": next_path} if
                          next_path else None, allow_redirects=False)
        assert r.status_code == 302, r.status_code
        self.asked = parse_qs(urlparse(r.headers["Location"]).query)
        page = self.http.get(r.headers["Location"])
        assert "Brukernavn" in page.text, page.text[:300]
        action = re.search(r'action="([^"]+)"', page.text).group(1)
        r = self.http.post(urljoin(page.url, action), data={"username": username},
                           allow_redirects=False)
        while r.status_code in (302, 303) and not r.headers["Location"].startswith(self.base):
            r = self.http.get(urljoin(r.url, r.headers["Location"]), allow_redirects=False)
        assert r.status_code in (302, 303), (r.status_code, r.text[:300])
        return r.headers["Location"]

    def log_in(self, username: str, next_path: str = "") -> requests.Response:
        return self.http.get(self.callback_for(username, next_path), allow_redirects=False)

    def session(self):
        return SessionStore(session_key=self.http.cookies.get("sessionid"))


@pytest.fixture
def sso_settings(settings, idp):
    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    settings.LEVEKAR_STAFF_SSO_ISSUER = idp
    return settings


def _by_sso(user):
    return PrivilegeChange.objects.filter(user=user, actor_username=sso.ACTOR)


def test_a_coordinator_logs_in_with_the_municipalitys_login_and_gets_role_and_unit(
        live_server, sso_settings, demo_org):
    staff = HttpStaff(live_server)

    response = staff.log_in("siri.sso", next_path="/familier/")

    assert staff.asked["code_challenge_method"] == ["S256"] and staff.asked["code_challenge"]
    assert staff.asked["state"][0] and staff.asked["nonce"][0]
    assert response.status_code == 302 and response.headers["Location"] == "/familier/"
    user = User.objects.get(username="siri.sso")
    assert (user.first_name, user.last_name) == ("Siri", "Solberg")
    assert user.email == "siri.solberg@lillestrom.kommune.example"
    assert user.org_unit.code == "familieteamet"
    assert user_roles(user) == {Role.COORDINATOR}
    assert not user.has_usable_password() and not user.is_staff
    assert staff.session().get("_auth_user_id") == str(user.pk)
    # The account, its role and its unit are audited as given by the SSO.
    assert set(_by_sso(user).values_list("kind", flat=True)) >= {
        PrivilegeChange.Kind.CREATED, PrivilegeChange.Kind.ROLE_ADDED}
    login = AuditEvent.objects.get(actor=user, action=AuditEvent.Action.LOGIN)
    assert login.detail == "logget inn med kommunens innlogging (roller: familiekoordinator)"
    assert login.path == "/logg-inn/sso/tilbake/"
    # The provider gave the second factor: no TOTP code, even where the role requires one.
    sso_settings.LEVEKAR_TOTP_REQUIRED_ROLES = [Role.COORDINATOR.value]
    assert staff.http.get(f"{live_server.url}/", allow_redirects=False).status_code == 200


def test_roles_are_resynced_at_every_login_and_the_change_is_audited(
        live_server, sso_settings, demo_org, tmp_path):
    staff = HttpStaff(live_server)
    assert staff.log_in("berit.bti").status_code == 302
    berit = User.objects.get(username="berit.bti")
    assert user_roles(berit) == {Role.BTI_COORDINATOR, Role.COORDINATOR}
    # The first group in the map's order that names a unit gives it.
    assert berit.org_unit.code == "familieteamet"

    # The municipality moves the family team's group to the analysts.
    group_map = json.loads(Path(sso_settings.LEVEKAR_STAFF_SSO_GROUP_MAP).read_text())
    group_map["groups"]["GG-Levekar-Familieteamet"] = {"roles": ["analytiker"],
                                                       "unit": "analyse"}
    path = tmp_path / "map.json"
    path.write_text(json.dumps(group_map))
    sso_settings.LEVEKAR_STAFF_SSO_GROUP_MAP = str(path)

    again = HttpStaff(live_server)
    assert again.log_in("berit.bti").status_code == 302

    berit = User.objects.get(pk=berit.pk)
    assert user_roles(berit) == {Role.BTI_COORDINATOR, Role.ANALYST}
    assert berit.org_unit.code == "analyse"
    changes = set(_by_sso(berit).values_list("kind", "old_value", "new_value"))
    assert (PrivilegeChange.Kind.ROLE_REMOVED, "familiekoordinator", "") in changes
    assert (PrivilegeChange.Kind.ROLE_ADDED, "", "analytiker") in changes
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, actor_username=sso.ACTOR,
        detail="tilgang endret for berit.bti: rolle fjernet: familiekoordinator").exists()


def test_someone_in_no_mapped_group_is_refused_and_an_existing_account_loses_its_roles(
        live_server, sso_settings, demo_org):
    response = HttpStaff(live_server).log_in("tor.uten")

    assert response.status_code == 403
    assert "Du har ikke tilgang til Levekår" in response.text
    assert not User.objects.filter(username="tor.uten").exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DENIED, actor_username="tor.uten",
        detail__contains="ingen rolle i Levekår").exists()

    # A local account of that name that had a role: the provider is the truth now.
    from levekar.core.services import user_ensure

    tor = user_ensure(username="tor.uten", password="x" * 12, roles=(Role.LENDING,),
                      org_unit=demo_org["units"]["utstyrsbanken"])
    staff = HttpStaff(live_server)
    assert staff.log_in("tor.uten").status_code == 403
    assert user_roles(User.objects.get(pk=tor.pk)) == set()
    assert _by_sso(tor).filter(kind=PrivilegeChange.Kind.ROLE_REMOVED,
                               old_value="utlan").exists()
    assert staff.session().get("_auth_user_id") is None


def test_a_group_map_naming_a_unit_levekar_lacks_refuses_the_login_and_changes_nothing(
        live_server, sso_settings, demo_org, tmp_path):
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"groups": {"GG-Levekar-NAV-Lillestrom": {
        "roles": ["tjenestepartner"], "unit": "nav-oslo"}}}))
    sso_settings.LEVEKAR_STAFF_SSO_GROUP_MAP = str(path)

    response = HttpStaff(live_server).log_in("nils.nav")

    assert response.status_code == 403
    assert not User.objects.filter(username="nils.nav").exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED,
                                     detail__contains="«nav-oslo»").exists()


def test_a_wrong_state_is_refused(live_server, sso_settings, demo_org):
    staff = HttpStaff(live_server)
    callback = urlparse(staff.callback_for("siri.sso"))
    query = parse_qs(callback.query)
    query["state"] = ["not-the-state-we-sent"]
    forged = callback._replace(query="&".join(f"{k}={v[0]}" for k, v in query.items()))

    response = staff.http.get(forged.geturl(), allow_redirects=False)

    assert response.status_code == 400
    assert not User.objects.filter(username="siri.sso").exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED,
                                     detail__contains="MismatchingStateError").exists()


def test_an_unreachable_provider_refuses_the_login_cleanly(live_server, sso_settings,
                                                           demo_org):
    staff = HttpStaff(live_server)
    callback = staff.callback_for("siri.sso")
    sso_settings.LEVEKAR_STAFF_SSO_ISSUER = "http://127.0.0.1:1"
    sso._clients.clear()
    try:
        response = staff.http.get(callback, allow_redirects=False)
    finally:
        sso._clients.clear()
    assert response.status_code == 400
    assert "Innloggingen kunne ikke fullføres" in response.text
    assert not User.objects.filter(username="siri.sso").exists()


# --- without the provider -------------------------------------------------------------


def test_the_login_page_offers_the_municipalitys_login_only_when_it_is_on(
        settings, demo_org):
    client = Client()
    page = client.get("/logg-inn/").content.decode()
    assert "Logg inn med kommunens innlogging" not in page and 'name="password"' in page
    assert client.get("/logg-inn/sso/").status_code == 404

    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    page = client.get("/logg-inn/").content.decode()
    assert "Logg inn med kommunens innlogging" in page and 'name="password"' in page


def test_when_sso_is_required_the_password_login_is_hidden_and_refused(settings, demo_org):
    settings.LEVEKAR_STAFF_SSO_ENABLED = settings.LEVEKAR_STAFF_SSO_REQUIRED = True
    client = Client()
    page = client.get("/logg-inn/").content.decode()
    assert "Logg inn med kommunens innlogging" in page and 'name="password"' not in page

    r = client.post("/logg-inn/", {"username": "koordinator1", "password": "demo-passord"},
                    follow=True)
    assert "Innlogging med passord er slått av" in r.content.decode()
    assert "_auth_user_id" not in client.session
    # Everything that asks the password backend (the admin's login too) is refused.
    request = RequestFactory().post("/administrasjon/login/")
    backend = sso.LocalAccountBackend()
    assert backend.authenticate(request, username="koordinator1",
                                password="demo-passord") is None

    settings.LEVEKAR_STAFF_SSO_REQUIRED = False
    assert backend.authenticate(request, username="koordinator1",
                                password="demo-passord") == demo_org["users"]["koordinator1"]


@pytest.mark.parametrize(("data", "message"), [
    ([], "må ha et objekt «groups»"),
    ({"groups": {"G": {"roles": []}}}, "«G» i gruppekartet gir ingen roller"),
    ({"groups": {"G": {"roles": ["sjef"]}}}, "ukjent rolle «sjef»"),
    ({"groups": {"G": {"roles": ["admin"], "unit": 7}}}, "«unit» må være en enhetskode"),
])
def test_a_bad_group_map_is_refused_with_what_is_wrong(data, message):
    with pytest.raises(sso.GroupMapError, match=message):
        sso.parse_group_map(data)


@pytest.mark.parametrize(("groups", "roles", "unit"), [
    ([], set(), ""),
    (["Alle-ansatte"], set(), ""),
    (["B"], {"analytiker"}, ""),
    (["B", "A"], {"analytiker", "familiekoordinator"}, "familieteamet"),
    (["C", "A"], {"utlan", "familiekoordinator"}, "familieteamet"),
    (["C"], {"utlan"}, "utstyrsbanken"),
])
def test_groups_give_every_mapped_role_and_the_first_mapped_unit(groups, roles, unit):
    group_map = sso.parse_group_map({"groups": {
        "A": {"roles": ["familiekoordinator"], "unit": "familieteamet"},
        "B": {"roles": ["analytiker"]},
        "C": {"roles": ["utlan"], "unit": "utstyrsbanken"}}})
    assert sso.roles_and_unit(groups, group_map) == (roles, unit)


@pytest.mark.parametrize(("claims", "refused"), [
    ({"iss": "http://other.example", "preferred_username": "a", "groups": []}, "utsteder"),
    ({"iss": "ISS", "groups": []}, "mangler brukernavn"),
    ({"iss": "ISS", "preferred_username": "a", "groups": "GG-Levekar"}, "ikke en liste"),
])
def test_claims_from_another_issuer_or_without_username_or_groups_are_refused(
        settings, claims, refused):
    settings.LEVEKAR_STAFF_SSO_ISSUER = "ISS"
    with pytest.raises(sso.LoginRefused, match=refused):
        sso.check_claims(claims)
    assert sso.check_claims({"iss": "ISS", "preferred_username": "a", "groups": ["G"]}) == (
        "a", ["G"])


def test_the_system_check_reports_bad_sso_settings(settings, tmp_path):
    assert sso.config_problems() == []  # off, and nothing required
    settings.LEVEKAR_STAFF_SSO_REQUIRED = True
    assert [e.id for e in sso.config_problems()] == ["levekar.E101"]

    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    assert sso.config_problems() == []  # the demo map and the local provider
    bad = tmp_path / "map.json"
    bad.write_text("{not json")
    settings.LEVEKAR_STAFF_SSO_GROUP_MAP = str(bad)
    settings.LEVEKAR_STAFF_SSO_ISSUER = "http://idp.example"
    settings.LEVEKAR_STAFF_SSO_GROUPS_CLAIM = ""
    ids = [e.id for e in checks.run_checks() if e.id.startswith("levekar.E1")]
    assert ids == ["levekar.E102", "levekar.E105", "levekar.E107"]


# --- the second factor is checked, not trusted ------------------------------------------


def test_a_login_without_a_second_factor_is_refused_and_audited(
        live_server, sso_settings, demo_org):
    # per.passord is in the family team's group, but the provider let him in with a
    # password only (amr ["pwd"], acr "loa-1").
    response = HttpStaff(live_server).log_in("per.passord")

    assert response.status_code == 403
    assert "bekreftet ikke andre faktor" in response.text
    assert not User.objects.filter(username="per.passord").exists()
    event = AuditEvent.objects.get(actor_username="per.passord")
    assert event.kind == "account.login.no_second_factor"
    assert event.action == AuditEvent.Action.DENIED
    assert "andre faktor mangler" in event.detail and "'pwd'" in event.detail

    # The same provider's login with the second factor goes through.
    assert HttpStaff(live_server).log_in("siri.sso").status_code == 302


def test_required_acr_values_are_asked_for_and_checked(live_server, sso_settings, demo_org):
    sso_settings.LEVEKAR_STAFF_SSO_REQUIRED_ACR = ["loa-2"]
    sso_settings.LEVEKAR_STAFF_SSO_REQUIRED_AMR = []

    siri = HttpStaff(live_server)
    assert siri.log_in("siri.sso").status_code == 302
    assert siri.asked["acr_values"] == ["loa-2"]

    per = HttpStaff(live_server).log_in("per.passord")
    assert per.status_code == 403
    assert AuditEvent.objects.filter(actor_username="per.passord",
                                     kind="account.login.no_second_factor",
                                     detail__contains="acr 'loa-1'").exists()

    # With neither setting the provider is trusted (allowed outside production only).
    sso_settings.LEVEKAR_STAFF_SSO_REQUIRED_ACR = []
    assert HttpStaff(live_server).log_in("per.passord").status_code == 302


@pytest.mark.parametrize(("acr", "amr", "claims", "ok"), [
    ([], ["mfa"], {"amr": ["pwd", "mfa"]}, True),
    ([], ["mfa"], {"amr": ["pwd"]}, False),
    ([], ["mfa"], {}, False),
    ([], ["mfa"], {"amr": "mfa"}, True),
    ([], ["mfa", "otp"], {"amr": ["otp"]}, True),
    (["loa-2"], [], {"acr": "loa-2"}, True),
    (["loa-2"], [], {"acr": "loa-1", "amr": ["mfa"]}, False),
    (["loa-2"], ["mfa"], {"acr": "loa-2", "amr": ["pwd"]}, False),
    ([], [], {}, True),
])
def test_the_second_factor_is_read_from_acr_and_amr(settings, acr, amr, claims, ok):
    settings.LEVEKAR_STAFF_SSO_REQUIRED_ACR = acr
    settings.LEVEKAR_STAFF_SSO_REQUIRED_AMR = amr
    if ok:
        sso.check_second_factor(claims)
    else:
        with pytest.raises(sso.SecondFactorMissing):
            sso.check_second_factor(claims)


# --- logout at the provider -------------------------------------------------------------


def _csrf(staff: HttpStaff, path: str = "/") -> str:
    page = staff.http.get(f"{staff.base}{path}")
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_logging_out_after_sso_ends_the_session_at_the_provider_too(
        live_server, sso_settings, demo_org, idp):
    staff = HttpStaff(live_server)
    assert staff.log_in("siri.sso").status_code == 302
    id_token = staff.session()[sso.SESSION_KEY]["id_token"]
    assert id_token.count(".") == 2
    # The log-out form (on every page) may end at the provider.
    csp = staff.http.get(f"{live_server.url}/").headers["Content-Security-Policy"]
    form_action = next(d for d in csp.split(";") if d.strip().startswith("form-action"))
    assert idp in form_action

    response = staff.http.post(f"{live_server.url}/logg-ut/",
                               data={"csrfmiddlewaretoken": _csrf(staff)},
                               headers={"Referer": f"{live_server.url}/"},
                               allow_redirects=False)

    assert response.status_code == 302
    end = urlparse(response.headers["Location"])
    assert f"{end.scheme}://{end.netloc}" == idp
    query = parse_qs(end.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"{live_server.url}/logg-inn/"]
    assert staff.session().get("_auth_user_id") is None
    assert AuditEvent.objects.filter(actor__username="siri.sso",
                                     action=AuditEvent.Action.LOGOUT).exists()


def test_the_providers_front_channel_logout_ends_the_sso_session(
        live_server, sso_settings, demo_org, idp):
    staff = HttpStaff(live_server)
    assert staff.log_in("siri.sso").status_code == 302
    sid = staff.session()[sso.SESSION_KEY]["sid"]
    link = ProviderSession.objects.get(provider=ProviderSession.Provider.STAFF)
    assert sid and link.sid == sid and link.session_key == staff.http.cookies["sessionid"]
    assert sso.client_metadata(live_server.url)["frontchannel_logout_uri"] == (
        f"{live_server.url}/logg-ut/sso/kanal/")

    r = requests.get(f"{live_server.url}/logg-ut/sso/kanal/", params={"iss": idp, "sid": sid},
                     timeout=10)

    assert r.status_code == 200
    assert staff.http.get(f"{live_server.url}/familier/",
                          allow_redirects=False).headers["Location"].startswith("/logg-inn/")
    assert AuditEvent.objects.filter(actor__username="siri.sso",
                                     kind="account.logout.provider").count() == 1


def test_logging_out_in_levekar_drops_the_link_to_the_providers_session(
        live_server, sso_settings, demo_org):
    staff = HttpStaff(live_server)
    staff.log_in("siri.sso")
    assert ProviderSession.objects.count() == 1
    staff.http.post(f"{live_server.url}/logg-ut/", data={"csrfmiddlewaretoken": _csrf(staff)},
                    headers={"Referer": f"{live_server.url}/"}, allow_redirects=False)
    assert ProviderSession.objects.count() == 0


def test_logging_out_after_a_password_login_stays_in_levekar(
        live_server, sso_settings, demo_org):
    staff = HttpStaff(live_server)
    staff.http.post(f"{live_server.url}/logg-inn/", data={
        "username": "utlan1", "password": "demo-passord",
        "csrfmiddlewaretoken": _csrf(staff, "/logg-inn/")},
        headers={"Referer": f"{live_server.url}/logg-inn/"})
    assert staff.session().get("_auth_user_id")
    response = staff.http.post(f"{live_server.url}/logg-ut/",
                               data={"csrfmiddlewaretoken": _csrf(staff)},
                               headers={"Referer": f"{live_server.url}/"},
                               allow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"] == "/logg-inn/"


# --- SSO required per role --------------------------------------------------------------


def test_roles_that_must_use_sso_are_refused_a_password_and_pointed_to_sso(
        settings, demo_org):
    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    settings.LEVEKAR_STAFF_SSO_REQUIRED_ROLES = [Role.COORDINATOR.value, Role.ADMIN.value]
    client = Client()
    page = client.get("/logg-inn/").content.decode()
    # Both ways in are offered: the lending desk still uses its local account.
    assert "Logg inn med kommunens innlogging" in page and 'name="password"' in page
    assert ("Disse rollene må bruke kommunens innlogging: familiekoordinator, "
            "administrator.") in page

    r = client.post("/logg-inn/", {"username": "koordinator1", "password": "demo-passord"})
    text = r.content.decode()
    assert r.status_code == 200 and "_auth_user_id" not in client.session
    assert "Rollen din må logge inn med kommunens innlogging" in text
    assert "Logg inn med kommunens innlogging" in text
    event = AuditEvent.objects.get(kind="account.login.sso_required")
    assert event.actor_username == "koordinator1" and event.action == AuditEvent.Action.DENIED

    # A wrong password says nothing about the role.
    r = client.post("/logg-inn/", {"username": "koordinator1", "password": "feil-passord"})
    assert "Feil brukernavn eller passord" in r.content.decode()
    assert AuditEvent.objects.filter(kind="account.login.sso_required").count() == 1

    # The admin's login (and anything else asking the backend) is refused too.
    request = RequestFactory().post("/administrasjon/login/")
    assert sso.LocalAccountBackend().authenticate(
        request, username="admin", password="demo-passord") is None

    # Other roles keep their local account.
    r = client.post("/logg-inn/", {"username": "utlan1", "password": "demo-passord"})
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(demo_org["users"]["utlan1"].pk)

    # With SSO off the setting asks nothing (and the system check reports it).
    settings.LEVEKAR_STAFF_SSO_ENABLED = False
    assert sso.LocalAccountBackend().authenticate(
        request, username="koordinator1", password="demo-passord") is not None


def test_the_system_check_reports_bad_second_factor_and_role_settings(settings, tmp_path):
    key = tmp_path / "key.pem"
    key.write_text("-")
    settings.LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE = str(key)
    settings.LEVEKAR_STAFF_SSO_REQUIRED_ROLES = ["familiekoordinator", "sjef"]
    assert [e.id for e in sso.config_problems()] == ["levekar.E108", "levekar.E109"]
    assert "«sjef»" in sso.config_problems()[0].msg

    settings.LEVEKAR_STAFF_SSO_REQUIRED_ROLES = ["familiekoordinator"]
    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    assert sso.config_problems() == []
    settings.LEVEKAR_STAFF_SSO_REQUIRED_AMR = []
    assert sso.config_problems() == []  # outside production the provider may be trusted
    settings.PRODUCTION = True
    assert [e.id for e in sso.config_problems()] == ["levekar.E110"]
    settings.LEVEKAR_STAFF_SSO_REQUIRED_ACR = ["loa-2"]
    assert sso.config_problems() == []


def test_production_requires_sso_of_every_role_that_sees_family_data():
    """The settings' default: with SSO on in production, every role that sees family data
    (not the lending desk, the analysts or the plan owners)."""
    import levekar.config.settings as settings_module

    source = Path(settings_module.__file__).read_text(encoding="utf-8")
    default = re.search(r'"LEVEKAR_STAFF_SSO_REQUIRED_ROLES",\s*"([^"]+)"', source).group(1)
    assert set(default.split(",")) == {"familiekoordinator", "tjenestepartner",
                                       "bti-koordinator", "fritid", "admin"}
