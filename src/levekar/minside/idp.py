"""Start the local OpenID Connect provider (``idp/server.mjs``, npm ``oidc-provider``).

Used by ``levekar minside idp`` (and so ``make run``) and by the test suite's fixture.
The provider learns this client from its metadata: redirect and logout addresses on
``app_url`` and the public half of the client key (``private_key_jwt``). It also plays
the municipality's staff login (staff SSO, ``levekar.core.sso``): the staff client and
the demo staff accounts of ``data/sso/demo-staff.json`` with their groups.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

from levekar.core import sso
from levekar.minside.oidc import client_public_jwk

IDP_SCRIPT = Path(settings.REPO_DIR) / "idp" / "server.mjs"
DEMO_STAFF = Path(settings.REPO_DIR) / "data" / "sso" / "demo-staff.json"


def staff_accounts() -> dict:
    """The demo staff accounts the local provider knows (username → name, e-mail, groups)."""
    return json.loads(DEMO_STAFF.read_text(encoding="utf-8"))["accounts"]


def client_metadata(app_url: str) -> list[dict]:
    app_url = app_url.rstrip("/")
    return [{
        "client_id": settings.LEVEKAR_OIDC_CLIENT_ID,
        "redirect_uris": [f"{app_url}/min-side/innlogging/tilbake/"],
        "post_logout_redirect_uris": [f"{app_url}/min-side/utlogget/"],
        "frontchannel_logout_uri": f"{app_url}/min-side/utlogging/kanal/",
        "token_endpoint_auth_method": "private_key_jwt",
        "jwks": {"keys": [client_public_jwk()]},
    }, sso.client_metadata(app_url)]


def start(*, issuer: str, app_url: str, max_acr: str = "",
          extra_clients: list[dict] | None = None) -> subprocess.Popen:
    """Start the provider and wait until it listens; the caller stops it."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Fant ikke Node.js (node), som identitetstilbyderen trenger.")
    env = {**os.environ, "IDP_ISSUER": issuer,
           "IDP_CLIENTS": json.dumps(client_metadata(app_url) + (extra_clients or [])),
           "IDP_STAFF": json.dumps({"client_id": settings.LEVEKAR_STAFF_SSO_CLIENT_ID,
                                    "accounts": staff_accounts()})}
    if max_acr:
        env["IDP_MAX_ACR"] = max_acr
    # Our own script with a fixed argument list; nothing from users.
    proc = subprocess.Popen(  # noqa: S603
        [node, str(IDP_SCRIPT)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    if not line.startswith("IDP READY"):
        proc.kill()
        raise RuntimeError(f"Identitetstilbyderen startet ikke: {line.strip()!r}")
    return proc
