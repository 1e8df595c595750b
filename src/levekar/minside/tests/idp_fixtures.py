"""Fixtures that start the real local identity provider (idp/server.mjs) for the tests.

``idp`` gives at most what is asked (idporten-loa-high); ``idp_substantial`` gives only
idporten-loa-substantial (like MinID); both know this client at the live server's address.
Import the fixtures into a test module: ``from levekar.minside.tests.idp_fixtures import *``.
"""

import re
import socket
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests

__all__ = ["HttpCitizen", "idp", "idp_substantial", "minside_settings", "oidc_client_key"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_client_key(tmp_path_factory):
    """One client key per test session (and per xdist worker)."""
    from django.conf import settings

    path = tmp_path_factory.mktemp("oidc") / "client-key.pem"
    settings.LEVEKAR_OIDC_CLIENT_KEY_FILE = str(path)
    # The staff SSO client the provider also knows (levekar.core.sso).
    settings.LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE = str(path.with_name("staff-client-key.pem"))
    from levekar.minside.oidc import client_key_pem

    client_key_pem()
    return path


def _start(live_server, max_acr=""):
    from levekar.minside import idp as local_idp

    issuer = f"http://127.0.0.1:{_free_port()}"
    proc = local_idp.start(issuer=issuer, app_url=live_server.url, max_acr=max_acr)
    return issuer, proc


@pytest.fixture(scope="session")
def idp(live_server, oidc_client_key):
    issuer, proc = _start(live_server)
    yield issuer
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def idp_substantial(live_server, oidc_client_key):
    issuer, proc = _start(live_server, max_acr="idporten-loa-substantial")
    yield issuer
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def minside_settings(settings, idp):
    """Point the app at the local provider for this test."""
    settings.LEVEKAR_OIDC_ISSUER = idp
    return settings


class HttpCitizen:
    """A citizen's browser without JavaScript: follows the OIDC redirects by hand, so a
    test can stop at the callback and change what the provider sent."""

    def __init__(self, live_server):
        self.base = live_server.url
        self.http = requests.Session()

    def start(self, level="idporten-loa-substantial", next_path="/min-side/",
              provider: str | None = None) -> str:
        """Up to the provider's login page; returns the page's address."""
        r = self.http.get(f"{self.base}/min-side/innlogging/",
                          params={"niva": level, "neste": next_path}, allow_redirects=False)
        assert r.status_code == 302, r.status_code
        auth_url = r.headers["Location"]
        if provider:  # send the same request to another provider
            parsed = urlparse(auth_url)
            auth_url = urljoin(provider, parsed.path) + "?" + parsed.query
        r = self.http.get(auth_url, allow_redirects=True)
        assert "Fødselsnummer" in r.text, r.text[:500]
        return r.url

    def log_in_at_provider(self, login_page: str, pid: str) -> str:
        """Post the fødselsnummer; return the callback address the provider sends us to."""
        r = self.http.get(login_page)
        action = re.search(r'action="([^"]+)"', r.text).group(1)
        r = self.http.post(urljoin(login_page, action), data={"pid": pid},
                           allow_redirects=False)
        while r.status_code in (302, 303) and not r.headers["Location"].startswith(self.base):
            r = self.http.get(urljoin(r.url, r.headers["Location"]), allow_redirects=False)
        assert r.status_code in (302, 303), (r.status_code, r.text[:300])
        return r.headers["Location"]

    def finish(self, callback_url: str) -> requests.Response:
        return self.http.get(callback_url, allow_redirects=False)

    def log_in(self, pid: str, level="idporten-loa-substantial") -> requests.Response:
        return self.finish(self.log_in_at_provider(self.start(level), pid))

    @staticmethod
    def with_state(callback_url: str, state: str) -> str:
        parsed = urlparse(callback_url)
        query = parse_qs(parsed.query)
        query["state"] = [state]
        return parsed._replace(query="&".join(f"{k}={v[0]}" for k, v in query.items())).geturl()

    def session_key(self) -> str:
        return self.http.cookies.get("sessionid")
