"""The OpenID Connect client for ID-porten, with authlib (no protocol code of our own).

Authorization code flow with PKCE (S256), state and nonce (authlib keeps them in the
session and checks them), ``private_key_jwt`` client authentication, and the ID token's
signature, issuer, audience, expiry and nonce checked by authlib against the provider's
published keys. What ID-porten adds is checked here: the ``pid`` claim and the ``acr``
level.
"""

from authlib.integrations.django_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings
from joserfc.jwk import RSAKey

from levekar.core.sso import private_key_pem, public_jwk

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


_clients: dict[tuple[str, str], object] = {}


def client():
    """The authlib client for the configured provider (cached per issuer and client id)."""
    cache_key = (settings.LEVEKAR_OIDC_ISSUER, settings.LEVEKAR_OIDC_CLIENT_ID)
    if cache_key not in _clients:
        oauth = OAuth()
        issuer = settings.LEVEKAR_OIDC_ISSUER
        key = RSAKey.import_key(client_key_pem())
        _clients[cache_key] = oauth.register(
            name="idporten",
            client_id=settings.LEVEKAR_OIDC_CLIENT_ID,
            client_secret=key,
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": "openid profile",
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "private_key_jwt",
            },
            client_auth_methods=[PrivateKeyJWT()],
        )
    return _clients[cache_key]


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
