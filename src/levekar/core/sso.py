"""Staff single sign-on: the municipality's identity provider with OpenID Connect.

authlib does the protocol (no code of our own): authorization code flow with PKCE (S256),
``state`` and ``nonce`` kept in the session and checked, ``private_key_jwt`` client
authentication, and the ID token's signature, issuer, audience, expiry and nonce checked
against the provider's published keys. What is ours: the group map (the provider's groups
→ Levekår roles and service unit, a JSON file), the claims we need, the system check for
bad configuration, and ``LocalAccountBackend`` (passwords refused when SSO is required).

The provider gives the second factor, so a login by SSO is not asked for a TOTP code.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core import checks

from levekar.core.errors import DomainError
from levekar.core.roles import Role

SESSION_KEY = "levekar_staff_sso"
PENDING = "levekar_staff_sso_next"
ACTOR = "kommunens innlogging (SSO)"


class LoginRefused(Exception):
    """The provider's answer is not one we accept (the message is for the log)."""


class GroupMapError(DomainError):
    """The group map file is missing or wrong (the message says what, in Norwegian)."""


@dataclass(frozen=True)
class GroupRule:
    roles: tuple[str, ...]
    unit: str = ""


def private_key_pem(path: str | Path) -> bytes:
    """A client's private key (PEM) for private_key_jwt; made on first use outside
    production (Min side's client and the staff client alike)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    path = Path(path)
    if not path.exists():
        if settings.PRODUCTION:
            raise FileNotFoundError(f"Fant ikke klientnøkkelen {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        path.chmod(0o600)
    return path.read_bytes()


def public_jwk(pem: bytes) -> dict:
    """The public half of a client key, as a provider registers it (``jwks``)."""
    from joserfc.jwk import RSAKey

    key = RSAKey.import_key(pem)
    jwk = key.as_dict(private=False)
    jwk.update({"use": "sig", "alg": "RS256", "kid": key.thumbprint()})
    return jwk


def parse_group_map(data: object) -> dict[str, GroupRule]:
    """The group map from its JSON: ``{"groups": {"<group>": {"roles": [...], "unit":
    "<unit code>"}}}``, in the file's order. GroupMapError names what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
        raise GroupMapError('Gruppekartet må ha et objekt «groups».')
    valid = set(Role.values)
    rules: dict[str, GroupRule] = {}
    for group, rule in data["groups"].items():
        if not isinstance(rule, dict):
            raise GroupMapError(f"Gruppen «{group}» i gruppekartet må være et objekt.")
        roles = rule.get("roles", [])
        if not isinstance(roles, list) or not roles:
            raise GroupMapError(f"Gruppen «{group}» i gruppekartet gir ingen roller.")
        unknown = [r for r in roles if r not in valid]
        if unknown:
            raise GroupMapError(f"Gruppen «{group}» i gruppekartet gir ukjent rolle "
                                f"«{unknown[0]}» (kjente roller: {', '.join(Role.values)}).")
        unit = rule.get("unit", "")
        if not isinstance(unit, str):
            raise GroupMapError(f"Gruppen «{group}» i gruppekartet: «unit» må være en "
                                "enhetskode.")
        rules[str(group)] = GroupRule(roles=tuple(roles), unit=unit)
    return rules


def load_group_map(path: str | Path | None = None) -> dict[str, GroupRule]:
    path = Path(path or settings.LEVEKAR_STAFF_SSO_GROUP_MAP)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GroupMapError(f"Fant ikke gruppekartet {path}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GroupMapError(f"Gruppekartet {path} kan ikke leses: {exc}") from None
    return parse_group_map(data)


def roles_and_unit(groups: list[str], group_map: dict[str, GroupRule]) -> tuple[set[str], str]:
    """Every role of every group the user is in; the unit of the first group in the map's
    order that names one ("" when none does)."""
    member = set(groups)
    roles: set[str] = set()
    unit = ""
    for group, rule in group_map.items():
        if group in member:
            roles.update(rule.roles)
            unit = unit or rule.unit
    return roles, unit


def check_claims(claims: dict) -> tuple[str, list[str]]:
    """The username and groups from validated ID-token claims, or LoginRefused."""
    if claims.get("iss") != settings.LEVEKAR_STAFF_SSO_ISSUER:
        raise LoginRefused(f"feil utsteder: {claims.get('iss')!r}")
    username = str(claims.get(settings.LEVEKAR_STAFF_SSO_USERNAME_CLAIM) or "").strip()
    if not username or len(username) > 150:
        raise LoginRefused(f"mangler brukernavn ({settings.LEVEKAR_STAFF_SSO_USERNAME_CLAIM})")
    groups = claims.get(settings.LEVEKAR_STAFF_SSO_GROUPS_CLAIM) or []
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        raise LoginRefused("gruppene i ID-tokenet er ikke en liste")
    return username, groups


def client_key_pem() -> bytes:
    return private_key_pem(settings.LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE)


def client_metadata(app_url: str) -> dict:
    """This client as the provider registers it (the local provider, or an admin at the
    municipality's provider)."""
    app_url = app_url.rstrip("/")
    return {
        "client_id": settings.LEVEKAR_STAFF_SSO_CLIENT_ID,
        "redirect_uris": [f"{app_url}/logg-inn/sso/tilbake/"],
        "post_logout_redirect_uris": [f"{app_url}/logg-inn/"],
        "token_endpoint_auth_method": "private_key_jwt",
        "jwks": {"keys": [public_jwk(client_key_pem())]},
    }


_clients: dict[tuple[str, str, str], object] = {}


def client():
    """The authlib client for the configured provider (cached per issuer, client, key)."""
    from authlib.integrations.django_client import OAuth
    from authlib.oauth2.rfc7523 import PrivateKeyJWT
    from joserfc.jwk import RSAKey

    cache_key = (settings.LEVEKAR_STAFF_SSO_ISSUER, settings.LEVEKAR_STAFF_SSO_CLIENT_ID,
                 str(settings.LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE))
    if cache_key not in _clients:
        issuer = settings.LEVEKAR_STAFF_SSO_ISSUER
        _clients[cache_key] = OAuth().register(
            name="staff_sso",
            client_id=settings.LEVEKAR_STAFF_SSO_CLIENT_ID,
            client_secret=RSAKey.import_key(client_key_pem()),
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": "openid profile email",
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "private_key_jwt",
            },
            client_auth_methods=[PrivateKeyJWT()],
        )
    return _clients[cache_key]


def password_login_allowed() -> bool:
    return not (settings.LEVEKAR_STAFF_SSO_ENABLED and settings.LEVEKAR_STAFF_SSO_REQUIRED)


class LocalAccountBackend(ModelBackend):
    """Django's username and password, refused when SSO is required (the login page, the
    admin's login and anything else that calls ``authenticate``)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not password_login_allowed():
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def config_problems() -> list[checks.CheckMessage]:
    """What is wrong with the SSO settings (nothing when SSO is off)."""
    errors: list[checks.CheckMessage] = []
    if settings.LEVEKAR_STAFF_SSO_REQUIRED and not settings.LEVEKAR_STAFF_SSO_ENABLED:
        errors.append(checks.Error(
            "LEVEKAR_STAFF_SSO_REQUIRED er satt, men LEVEKAR_STAFF_SSO_ENABLED er av: "
            "ingen ansatte kan logge inn.",
            hint="Sett LEVEKAR_STAFF_SSO_ENABLED=1 eller fjern LEVEKAR_STAFF_SSO_REQUIRED.",
            id="levekar.E101"))
    if not settings.LEVEKAR_STAFF_SSO_ENABLED:
        return errors
    issuer = settings.LEVEKAR_STAFF_SSO_ISSUER
    if not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        errors.append(checks.Error(
            f"LEVEKAR_STAFF_SSO_ISSUER ({issuer!r}) må være en https-adresse.",
            hint="Sett utstederen kommunens identitetstilbyder oppgir, f.eks. "
                 "https://login.microsoftonline.com/<tenant>/v2.0.", id="levekar.E102"))
    if not settings.LEVEKAR_STAFF_SSO_CLIENT_ID.strip():
        errors.append(checks.Error("LEVEKAR_STAFF_SSO_CLIENT_ID er tom.",
                                   hint="Sett klient-ID-en Levekår har hos identitetstilbyderen.",
                                   id="levekar.E103"))
    if settings.PRODUCTION and not Path(settings.LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE).is_file():
        errors.append(checks.Error(
            f"Fant ikke klientnøkkelen {settings.LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE}.",
            hint="Sett LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE til nøkkelen (PEM) som er "
                 "registrert hos identitetstilbyderen.", id="levekar.E104"))
    for name in ("LEVEKAR_STAFF_SSO_USERNAME_CLAIM", "LEVEKAR_STAFF_SSO_GROUPS_CLAIM"):
        if not getattr(settings, name).strip():
            errors.append(checks.Error(f"{name} er tom.", hint="Oppgi navnet på claimet.",
                                       id="levekar.E105"))
    try:
        if not load_group_map():
            errors.append(checks.Error(
                "Gruppekartet gir ingen grupper tilgang: ingen kan logge inn med SSO.",
                hint="Legg inn gruppene i LEVEKAR_STAFF_SSO_GROUP_MAP.", id="levekar.E106"))
    except GroupMapError as exc:
        errors.append(checks.Error(str(exc), hint="Rett filen i "
                                   "LEVEKAR_STAFF_SSO_GROUP_MAP (se docs/staff-sso.md).",
                                   id="levekar.E107"))
    return errors


@checks.register(checks.Tags.security)
def check_staff_sso(app_configs=None, **kwargs):
    return config_problems()
