"""Citizen login against the real local identity provider (idp/server.mjs).

The flow is ID-porten's: authorization code with PKCE, state and nonce, acr levels,
private_key_jwt; whatever does not match is refused with an audit row.
"""

from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore

from levekar.core.models import AuditEvent
from levekar.minside.citizen import SESSION_KEY
from levekar.minside.tests.idp_fixtures import *  # noqa: F403
from levekar.minside.tests.idp_fixtures import HttpCitizen
from levekar.people.identity import synthetic_national_id

pytestmark = pytest.mark.django_db(transaction=True)

PID = "15838400091"  # synthetic, month + 80


def _citizen_in_session(key):
    return SessionStore(session_key=key).get(SESSION_KEY) if key else None


def _refusals():
    return AuditEvent.objects.filter(action=AuditEvent.Action.DENIED,
                                     detail__startswith="Min side: innlogging avvist")


def test_a_citizen_logs_in_with_pkce_state_nonce_and_the_level_asked_for(
        live_server, minside_settings):
    citizen = HttpCitizen(live_server)
    r = citizen.http.get(f"{live_server.url}/min-side/innlogging/",
                         params={"niva": "idporten-loa-high"}, allow_redirects=False)
    asked = parse_qs(urlparse(r.headers["Location"]).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert asked["state"][0] and asked["nonce"][0]
    assert asked["acr_values"] == ["idporten-loa-high"]
    assert asked["response_type"] == ["code"]

    response = citizen.log_in(PID, level="idporten-loa-high")

    assert response.status_code == 302 and response.headers["Location"] == "/min-side/"
    stored = _citizen_in_session(citizen.session_key())
    assert stored["pid"] == PID and stored["acr"] == "idporten-loa-high" and stored["sid"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN,
                                     detail__contains="idporten-loa-high").count() == 1


def test_a_wrong_state_is_refused(live_server, minside_settings):
    citizen = HttpCitizen(live_server)
    callback = citizen.log_in_at_provider(citizen.start(), PID)

    response = citizen.finish(HttpCitizen.with_state(callback, "not-the-state-we-sent"))

    assert response.status_code == 400
    assert _citizen_in_session(citizen.session_key()) is None
    assert _refusals().filter(detail__contains="MismatchingStateError").count() == 1


def test_a_wrong_nonce_is_refused(live_server, minside_settings):
    citizen = HttpCitizen(live_server)
    callback = citizen.log_in_at_provider(citizen.start(), PID)
    # Another nonce in our session than the one the ID token carries (a replayed or
    # injected token): the client must refuse it.
    state = parse_qs(urlparse(callback).query)["state"][0]
    session = SessionStore(session_key=citizen.session_key())
    key = next(k for k in session.keys() if k.endswith(state))  # noqa: SIM118
    data = session[key]
    data["data"]["nonce"] = "another-nonce"
    session[key] = data
    session.save()

    response = citizen.finish(callback)

    assert response.status_code == 400
    assert _citizen_in_session(citizen.session_key()) is None
    assert _refusals().filter(detail__contains="InvalidClaimError").count() == 1


def test_a_code_from_another_issuer_is_refused(live_server, minside_settings, idp_substantial):
    citizen = HttpCitizen(live_server)
    # Our authorization request, answered by another provider (which knows the client).
    callback = citizen.log_in_at_provider(citizen.start(provider=idp_substantial), PID)

    response = citizen.finish(callback)

    assert response.status_code == 400
    assert _citizen_in_session(citizen.session_key()) is None
    assert _refusals().filter(detail__contains="OAuthError").count() == 1


def test_too_low_a_level_is_refused(live_server, settings, idp_substantial, oidc_client_key):
    settings.LEVEKAR_OIDC_ISSUER = idp_substantial  # gives substantial at most, like MinID
    citizen = HttpCitizen(live_server)

    response = citizen.log_in(PID, level="idporten-loa-high")

    assert response.status_code == 400
    assert _citizen_in_session(citizen.session_key()) is None
    assert _refusals().filter(detail__contains="LoginRefused").count() == 1


def test_the_session_ends_after_30_minutes_without_a_click(live_server, minside_settings):
    citizen = HttpCitizen(live_server)
    citizen.log_in(PID)
    assert citizen.http.get(f"{live_server.url}/min-side/",
                            allow_redirects=False).status_code == 200

    with _later(31 * 60):
        response = citizen.http.get(f"{live_server.url}/min-side/", allow_redirects=False)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/min-side/innlogging/")


def _later(seconds):
    import time

    return time_machine.travel(time.time() + seconds, tick=True)


def test_front_channel_logout_from_the_provider_ends_our_session(live_server,
                                                                 minside_settings):
    citizen = HttpCitizen(live_server)
    citizen.log_in(PID)
    sid = _citizen_in_session(citizen.session_key())["sid"]
    other = HttpCitizen(live_server)  # the provider's frame has no cookie of ours

    r = other.http.get(f"{live_server.url}/min-side/utlogging/kanal/",
                       params={"iss": minside_settings.LEVEKAR_OIDC_ISSUER, "sid": sid})

    assert r.status_code == 200
    assert _citizen_in_session(citizen.session_key()) is None
    assert citizen.http.get(f"{live_server.url}/min-side/",
                            allow_redirects=False).status_code == 302


def test_synthetic_numbers_log_in_outside_production(live_server, minside_settings):
    import datetime as dt

    pid = synthetic_national_id(dt.date(2030, 1, 1))  # synthetic and born in the future
    response = HttpCitizen(live_server).log_in(pid)
    assert response.status_code == 302 and response.headers["Location"] == "/min-side/"
