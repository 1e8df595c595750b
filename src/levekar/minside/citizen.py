"""A citizen logged in through ID-porten: kept in the session, not as a staff ``User``.

The session holds the person's fødselsnummer (``pid``), the ``acr`` level the provider
gave, the provider's session id and the time of the last click; after
``LEVEKAR_CITIZEN_IDLE_SECONDS`` without a click the citizen must log in again.
"""

import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from levekar.core import frontchannel
from levekar.minside.oidc import ACR_HIGH, ACR_SUBSTANTIAL, acr_at_least

SESSION_KEY = "minside_citizen"


@dataclass(frozen=True)
class Citizen:
    pid: str
    acr: str
    sid: str
    id_token: str

    def has_level(self, needed: str) -> bool:
        return acr_at_least(self.acr, needed)


def citizen_login(request, *, pid: str, acr: str, sid: str, id_token: str) -> None:
    """Start a citizen session (a new session key: no fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"pid": pid, "acr": acr, "sid": sid, "id_token": id_token,
                                    "seen": int(time.time())}
    request.session.save()
    frontchannel.remember(request, provider=frontchannel.Provider.IDPORTEN, sid=sid)


def citizen_logout(request) -> None:
    frontchannel.forget(request)
    request.session.flush()


def current_citizen(request) -> Citizen | None:
    """The logged-in citizen, or None (also when the session has been idle too long)."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    now = int(time.time())
    if now - int(data.get("seen", 0)) > settings.LEVEKAR_CITIZEN_IDLE_SECONDS:
        citizen_logout(request)
        return None
    if now - int(data["seen"]) > 30:  # don't write the session on every click
        data["seen"] = now
        request.session.modified = True
    return Citizen(pid=data["pid"], acr=data["acr"], sid=data.get("sid", ""),
                   id_token=data.get("id_token", ""))


def citizen_required(level: str = ACR_SUBSTANTIAL):
    """A logged-in citizen at ``level`` or higher; otherwise to ID-porten (again, asking
    for the higher level when the session's level is too low)."""
    assert level in (ACR_SUBSTANTIAL, ACR_HIGH)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            citizen = current_citizen(request)
            if citizen is None or not citizen.has_level(level):
                query = urlencode({"neste": request.get_full_path(), "niva": level})
                return redirect(f"{reverse('minside:login')}?{query}")
            request.citizen = citizen
            return view(request, *args, **kwargs)

        wrapped.minside_level = level
        return wrapped

    return decorator
