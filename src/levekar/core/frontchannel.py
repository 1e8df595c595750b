"""OpenID Connect Front-Channel Logout 1.0, for both of our identity providers.

When a person logs out at the provider (or in another of the provider's clients), the
provider loads each client's ``frontchannel_logout_uri`` in a hidden iframe with ``iss``
(its issuer) and ``sid`` (the session id it put in our ID token). The login stored that
``sid`` beside the Django session it opened (``remember``); the logout ends every session
with that ``sid`` from that provider — found by the stored link, so the provider's frame
needs no cookie of ours. A wrong ``iss`` or a missing or unknown ``sid`` ends nothing.

Min side (ID-porten, ``minside.views.frontchannel_logout``) and staff SSO (the
municipality's provider, ``core.views.sso_frontchannel_logout``) share this; each audits
the sessions it ended in its own words.
"""

from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse

from levekar.core.models import ProviderSession

Provider = ProviderSession.Provider


def remember(request, *, provider: str, sid: str) -> None:
    """Link the provider's ``sid`` to this (just logged-in, saved) session."""
    if not sid:
        return
    if request.session.session_key is None:
        request.session.save()
    ProviderSession.objects.create(provider=provider, sid=sid,
                                   session_key=request.session.session_key)


def forget(request) -> None:
    """The session is ending here (our own logout): drop its links."""
    if request.session.session_key:
        ProviderSession.objects.filter(session_key=request.session.session_key).delete()


def same_issuer(given: str, expected: str) -> bool:
    return bool(given) and given.rstrip("/") == expected.rstrip("/")


def end_sessions(request, *, provider: str, issuer: str) -> list[dict]:
    """End every session this provider opened with the request's ``sid``, when its
    ``iss`` is ``issuer``. Returns the data of each ended session (for the audit row);
    ``[]`` when nothing matched."""
    sid = request.GET.get("sid", "")
    if not sid or not same_issuer(request.GET.get("iss", ""), issuer):
        return []
    store = import_module(settings.SESSION_ENGINE).SessionStore
    links = ProviderSession.objects.filter(provider=provider, sid=sid)
    keys = list(links.values_list("session_key", flat=True))
    ended = []
    for key in keys:
        session = store(session_key=key)
        data = session.load()
        if data:
            ended.append(data)
        if key == request.session.session_key:
            request.session.flush()  # the frame carried this very session's cookie
        else:
            session.delete()
    links.delete()
    return ended


def provider_origin(issuer: str) -> str:
    parts = urlsplit(issuer)
    return f"{parts.scheme}://{parts.netloc}"


def framed_response(issuer: str) -> HttpResponse:
    """The answer the provider's hidden iframe loads: empty, and the one response of
    Levekår that may be framed — by that provider's origin only (CSP ``frame-ancestors``;
    the view is exempt from ``X-Frame-Options: DENY``, which cannot name an origin)."""
    response = HttpResponse("", content_type="text/plain; charset=utf-8")
    response._csp_replace = {"frame-ancestors": [provider_origin(issuer)]}
    return response
