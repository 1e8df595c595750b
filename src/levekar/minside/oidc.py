"""The OpenID Connect client for ID-porten, with authlib (no protocol code of our own).

Authorization code flow with PKCE (S256), state and nonce (authlib keeps them in the
session and checks them), ``private_key_jwt`` client authentication, and the ID token's
signature, issuer, audience, expiry and nonce checked by authlib against the provider's
published keys. What ID-porten adds is checked here: the ``pid`` claim and the ``acr``
level.
"""

from django.conf import settings

from levekar.core.sso import oauth_client, private_key_pem, public_jwk

ACR_SUBSTANTIAL = "idporten-loa-substantial"
ACR_HIGH = "idporten-loa-high"
LEVELS = (ACR_SUBSTANTIAL, ACR_HIGH)


class LoginRefused(Exception):
    """The provider's answer is not one we accept (the message is for the log)."""


def acr_at_least(acr: str | None, needed: str) -> bool:
    return acr in LEVELS and LEVELS.index(acr) >= LEVELS.index(needed)


def client_key_pem() -> bytes:
    """The client's private key for private_key_jwt; made on first use outside production."""
    return private_key_pem(settings.LEVEKAR_OIDC_CLIENT_KEY_FILE)


def client_public_jwk() -> dict:
    """The public half of the client key, as the provider registers it (``jwks``)."""
    return public_jwk(client_key_pem())


def client():
    """The authlib client for the configured provider (core's factory, cached)."""
    return oauth_client(name="idporten", issuer=settings.LEVEKAR_OIDC_ISSUER,
                        client_id=settings.LEVEKAR_OIDC_CLIENT_ID,
                        key_file=settings.LEVEKAR_OIDC_CLIENT_KEY_FILE, scope="openid profile")


def check_claims(claims: dict, *, needed_acr: str) -> str:
    """The person's fødselsnummer from validated ID-token claims, or LoginRefused."""
    if claims.get("iss") != settings.LEVEKAR_OIDC_ISSUER:
        raise LoginRefused(f"feil utsteder: {claims.get('iss')!r}")
    pid = str(claims.get("pid") or "")
    if not (pid.isdigit() and len(pid) == 11):
        raise LoginRefused("mangler pid")
    if not acr_at_least(claims.get("acr"), needed_acr):
        raise LoginRefused(f"for lavt sikkerhetsnivå: {claims.get('acr')!r}")
    return pid
