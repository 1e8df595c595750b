"""OIDC front-channel logout (``core.frontchannel``) as staff SSO and Min side use it: the
provider's hidden frame names its issuer and the ``sid`` stored at login; the sessions
with that ``sid`` end (audited), nothing else does, and only this answer may be framed —
by that provider only."""

import datetime as dt
import time
from dataclasses import dataclass

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from levekar.core import sso
from levekar.core.audit import Kind
from levekar.core.models import AuditEvent, ProviderSession
from levekar.minside.citizen import SESSION_KEY as CITIZEN_KEY
from levekar.people.identity import synthetic_national_id

STAFF_ISSUER = "https://login.kommune.example/tenant/v2.0"
IDPORTEN_ISSUER = "https://test.idporten.example"


@dataclass
class Endpoint:
    path: str
    provider: str
    issuer: str
    kind: str
    # The next page of this side: asks for login when the session is gone.
    page: str
    login: str
    # A page of this side anyone may open (never framed).
    public: str


STAFF = Endpoint("/logg-ut/sso/kanal/", ProviderSession.Provider.STAFF, STAFF_ISSUER,
                 Kind.ACCOUNT_LOGOUT_PROVIDER, "/familier/", "/logg-inn/", "/logg-inn/")
MINSIDE = Endpoint("/min-side/utlogging/kanal/", ProviderSession.Provider.IDPORTEN,
                   IDPORTEN_ISSUER, Kind.MINSIDE_LOGOUT_PROVIDER, "/min-side/",
                   "/min-side/innlogging/", "/min-side/tilgjengelighetserklaering/")


@pytest.fixture
def providers(settings):
    settings.LEVEKAR_STAFF_SSO_ENABLED = True
    settings.LEVEKAR_STAFF_SSO_ISSUER = STAFF_ISSUER
    settings.LEVEKAR_OIDC_ISSUER = IDPORTEN_ISSUER
    return settings


def _logged_in(endpoint: Endpoint, sid: str, demo_org, username: str) -> Client:
    """A browser logged in on this side, its session linked to the provider's ``sid``
    as the login links it."""
    browser = Client()
    if endpoint is STAFF:
        browser.force_login(demo_org["users"][username])
        session = browser.session
        session[sso.SESSION_KEY] = {"sid": sid, "id_token": ""}  # as sso_callback keeps it
    else:
        session = browser.session
        session[CITIZEN_KEY] = {"pid": synthetic_national_id(dt.date(1984, 3, 15)),
                                "acr": "idporten-loa-high", "sid": sid, "id_token": "",
                                "seen": int(time.time())}
    session.save()
    browser.cookies["sessionid"] = session.session_key
    ProviderSession.objects.create(provider=endpoint.provider, sid=sid,
                                   session_key=browser.session.session_key)
    return browser


def _alive(browser: Client) -> bool:
    return SessionStore().exists(browser.cookies["sessionid"].value)


def _logouts(endpoint: Endpoint):
    return AuditEvent.objects.filter(kind=endpoint.kind)


@pytest.mark.parametrize("endpoint", [STAFF, MINSIDE], ids=["staff", "minside"])
def test_only_the_sessions_with_the_providers_sid_end_and_each_is_audited(
        endpoint, providers, demo_org, django_assert_max_num_queries):
    mine = _logged_in(endpoint, "sid-a", demo_org, "koordinator1")
    mine_elsewhere = _logged_in(endpoint, "sid-a", demo_org, "koordinator1")
    other = _logged_in(endpoint, "sid-b", demo_org, "koordinator2")

    with django_assert_max_num_queries(14):
        r = Client().get(endpoint.path, {"iss": endpoint.issuer, "sid": "sid-a"})

    assert r.status_code == 200
    assert not _alive(mine) and not _alive(mine_elsewhere)
    assert _alive(other)
    assert not ProviderSession.objects.filter(sid="sid-a").exists()
    assert ProviderSession.objects.filter(sid="sid-b").exists()
    assert _logouts(endpoint).count() == 2
    assert _logouts(endpoint).filter(action=AuditEvent.Action.LOGOUT).count() == 2
    if endpoint is STAFF:
        assert set(_logouts(endpoint).values_list("actor__username", flat=True)) == {
            "koordinator1"}
    else:
        assert all(e.actor is None for e in _logouts(endpoint))
    # The next page asks for login; the other session goes on.
    assert mine.get(endpoint.page)["Location"].startswith(endpoint.login)
    assert other.get(endpoint.page).status_code == 200


@pytest.mark.parametrize("endpoint", [STAFF, MINSIDE], ids=["staff", "minside"])
@pytest.mark.parametrize("query", [
    {"iss": "https://evil.example", "sid": "sid-a"},
    {"iss": "", "sid": "sid-a"},
    {"sid": "sid-a"},
], ids=["other-issuer", "empty-issuer", "no-issuer"])
def test_a_wrong_issuer_is_ignored(endpoint, query, providers, demo_org):
    browser = _logged_in(endpoint, "sid-a", demo_org, "koordinator1")

    r = Client().get(endpoint.path, query)

    assert r.status_code == 200
    assert _alive(browser)
    assert ProviderSession.objects.filter(sid="sid-a").exists()
    assert not _logouts(endpoint).exists()


@pytest.mark.parametrize("endpoint", [STAFF, MINSIDE], ids=["staff", "minside"])
@pytest.mark.parametrize("sid", ["unknown-sid", ""])
def test_an_unknown_or_missing_sid_is_harmless(endpoint, sid, providers, demo_org):
    browser = _logged_in(endpoint, "sid-a", demo_org, "koordinator1")

    r = Client().get(endpoint.path, {"iss": endpoint.issuer, "sid": sid})

    assert r.status_code == 200
    assert _alive(browser)
    assert not _logouts(endpoint).exists()


def test_the_sid_of_the_other_provider_ends_nothing(providers, demo_org):
    staff = _logged_in(STAFF, "same-sid", demo_org, "koordinator1")

    Client().get(MINSIDE.path, {"iss": IDPORTEN_ISSUER, "sid": "same-sid"})

    assert _alive(staff)
    assert not _logouts(STAFF).exists() and not _logouts(MINSIDE).exists()


@pytest.mark.parametrize("endpoint", [STAFF, MINSIDE], ids=["staff", "minside"])
def test_a_frame_with_the_sessions_own_cookie_ends_it_too(endpoint, providers, demo_org):
    browser = _logged_in(endpoint, "sid-a", demo_org, "koordinator1")

    r = browser.get(endpoint.path, {"iss": endpoint.issuer, "sid": "sid-a"})

    assert r.status_code == 200
    assert not SessionStore().exists(r.wsgi_request.COOKIES["sessionid"])
    assert browser.get(endpoint.page)["Location"].startswith(endpoint.login)
    assert _logouts(endpoint).count() == 1


@pytest.mark.parametrize("endpoint", [STAFF, MINSIDE], ids=["staff", "minside"])
def test_only_the_logout_frame_may_be_framed_and_only_by_its_provider(
        endpoint, providers, demo_org):
    r = Client().get(endpoint.path, {"iss": endpoint.issuer, "sid": "x"})

    assert "X-Frame-Options" not in r
    csp = dict(d.strip().split(" ", 1) for d in r["Content-Security-Policy"].split(";"))
    origin = endpoint.issuer.split("/")[0] + "//" + endpoint.issuer.split("/")[2]
    assert csp["frame-ancestors"] == origin
    assert "no-store" in r["Cache-Control"]

    other = Client().get(endpoint.public)
    assert other.status_code == 200
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_the_staff_frame_is_not_there_without_sso(settings, demo_org):
    settings.LEVEKAR_STAFF_SSO_ENABLED = False
    assert Client().get(STAFF.path, {"iss": STAFF_ISSUER, "sid": "x"}).status_code == 404
