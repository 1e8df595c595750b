"""Staff single sign-on: the municipality's identity provider with OpenID Connect.

authlib does the protocol (no code of our own): authorization code flow with PKCE (S256),
``state`` and ``nonce`` kept in the session and checked, ``private_key_jwt`` client
authentication, and the ID token's signature, issuer, audience, expiry and nonce checked
against the provider's published keys. What is ours: the group map (the provider's groups
→ Levekår roles and service unit, a JSON file), the claims we need, the system check for
bad configuration, and ``LocalAccountBackend`` (passwords refused when SSO is required,
for everyone or for the roles in ``LEVEKAR_STAFF_SSO_REQUIRED_ROLES``).

The provider gives the second factor, and ``check_second_factor`` checks that it did (the
token's ``acr``/``amr``), so a login by SSO is not asked for a TOTP code. Logging out ends
the session at the provider too (RP-initiated logout, ``end_session_url``); logging out at
the provider ends the Levekår session too (front-channel logout, ``core.frontchannel``).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core import checks

from levekar.core.audit import Purpose
from levekar.core.errors import DomainError
from levekar.core.roles import Role

SESSION_KEY = "levekar_staff_sso"
PENDING = "levekar_staff_sso_next"
ACTOR = "kommunens innlogging (SSO)"


class LoginRefused(Exception):
    """The provider's answer is not one we accept (the message is for the log)."""


class SecondFactorMissing(LoginRefused):
    """The provider's token does not show the second factor we require."""


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


def check_second_factor(claims: dict) -> None:
    """SecondFactorMissing unless the token's ``acr`` is one of
    ``LEVEKAR_STAFF_SSO_REQUIRED_ACR`` and its ``amr`` holds one of
    ``LEVEKAR_STAFF_SSO_REQUIRED_AMR`` (an empty setting is not checked)."""
    wanted_acr = settings.LEVEKAR_STAFF_SSO_REQUIRED_ACR
    if wanted_acr and claims.get("acr") not in wanted_acr:
        raise SecondFactorMissing(f"acr {claims.get('acr')!r} er ikke blant "
                                  f"{', '.join(wanted_acr)}")
    wanted_amr = settings.LEVEKAR_STAFF_SSO_REQUIRED_AMR
    if wanted_amr:
        amr = claims.get("amr") or []
        if isinstance(amr, str):
            amr = [amr]
        if not isinstance(amr, list) or not set(map(str, amr)) & set(wanted_amr):
            raise SecondFactorMissing(f"amr {claims.get('amr')!r} har ingen av "
                                      f"{', '.join(wanted_amr)}")


def authorize_params() -> dict:
    """Extra parameters of the authorization request: the acr values we require."""
    params = {"ui_locales": "nb"}
    if settings.LEVEKAR_STAFF_SSO_REQUIRED_ACR:
        params["acr_values"] = " ".join(settings.LEVEKAR_STAFF_SSO_REQUIRED_ACR)
    return params


def end_session_url(id_token: str, post_logout_redirect_uri: str) -> str:
    """Where to send the browser to end the session at the provider too (RP-initiated
    logout), or "" when the provider publishes no ``end_session_endpoint``."""
    from urllib.parse import urlencode

    end = client().load_server_metadata().get("end_session_endpoint") or ""
    if not end or not id_token:
        return ""
    query = urlencode({"id_token_hint": id_token,
                       "post_logout_redirect_uri": post_logout_redirect_uri})
    return f"{end}{'&' if '?' in end else '?'}{query}"


def provider_origin() -> str:
    from levekar.core.frontchannel import provider_origin as origin_of

    return origin_of(settings.LEVEKAR_STAFF_SSO_ISSUER)


class StaffProviderCSPMiddleware:
    """With staff SSO on, the log-out form (on every staff page) may end at the provider
    (RP-initiated logout redirects there): its origin joins ``form-action``. Must run inside
    ``csp.middleware.CSPMiddleware`` (listed after it), which reads the update."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.LEVEKAR_STAFF_SSO_ENABLED and not request.path.startswith("/min-side/"):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), provider_origin()]
            response._csp_update = update
        return response


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
        # OIDC Front-Channel Logout: the provider ends our session when the person logs
        # out there or in another of its clients (core.frontchannel).
        "frontchannel_logout_uri": f"{app_url}/logg-ut/sso/kanal/",
        "token_endpoint_auth_method": "private_key_jwt",
        "jwks": {"keys": [public_jwk(client_key_pem())]},
    }


_clients: dict[tuple, object] = {}


def oauth_client(*, name: str, issuer: str, client_id: str, key_file: str | Path,
                 scope: str):
    """An authlib OpenID Connect client as both of our providers want it (ID-porten for
    Min side, the municipality's provider for staff): discovery from the issuer, the code
    flow with PKCE (S256) and ``private_key_jwt`` with the key in ``key_file``. Cached
    per name, issuer, client id, key file and scope."""
    from authlib.integrations.django_client import OAuth
    from authlib.oauth2.rfc7523 import PrivateKeyJWT
    from joserfc.jwk import RSAKey

    cache_key = (name, issuer, client_id, str(key_file), scope)
    if cache_key not in _clients:
        _clients[cache_key] = OAuth().register(
            name=name,
            client_id=client_id,
            client_secret=RSAKey.import_key(private_key_pem(key_file)),
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": scope,
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "private_key_jwt",
            },
            client_auth_methods=[PrivateKeyJWT()],
        )
    return _clients[cache_key]


def client():
    """The authlib client for the configured staff provider."""
    return oauth_client(name="staff_sso", issuer=settings.LEVEKAR_STAFF_SSO_ISSUER,
                        client_id=settings.LEVEKAR_STAFF_SSO_CLIENT_ID,
                        key_file=settings.LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE,
                        scope="openid profile email")


def password_login_allowed() -> bool:
    return not (settings.LEVEKAR_STAFF_SSO_ENABLED and settings.LEVEKAR_STAFF_SSO_REQUIRED)


def sso_required_for(user) -> bool:
    """Whether this user must log in with SSO (a role in LEVEKAR_STAFF_SSO_REQUIRED_ROLES,
    and SSO is on)."""
    from levekar.core.roles import user_roles

    return bool(settings.LEVEKAR_STAFF_SSO_ENABLED
                and user_roles(user) & set(settings.LEVEKAR_STAFF_SSO_REQUIRED_ROLES))


# Set on the request when a right password was refused because the role must use SSO:
# the login form then says so (never for a wrong password: that tells nothing).
REFUSED_FOR_ROLE = "levekar_sso_required_for_role"


class LocalAccountBackend(ModelBackend):
    """Django's username and password, refused when SSO is required for everyone or for
    the user's role (the login page, the admin's login and anything else that calls
    ``authenticate``); the refusal is audited."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not password_login_allowed():
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and sso_required_for(user):
            from levekar.core.audit import Kind, audit_record, client_ip

            audit_record(actor=None, actor_username=user.get_username(),
                         kind=Kind.ACCOUNT_LOGIN_SSO_REQUIRED,
                         purpose=Purpose.PASSWORD_LOGIN_SSO_ONLY,
                         ip=client_ip(request) if request is not None else None,
                         path=getattr(request, "path", ""))
            if request is not None:
                setattr(request, REFUSED_FOR_ROLE, True)
            return None
        return user


def config_problems() -> list[checks.CheckMessage]:
    """What is wrong with the SSO settings (nothing when SSO is off)."""
    errors: list[checks.CheckMessage] = []
    if settings.LEVEKAR_STAFF_SSO_REQUIRED and not settings.LEVEKAR_STAFF_SSO_ENABLED:
        errors.append(checks.Error(
            "LEVEKAR_STAFF_SSO_REQUIRED er satt, men LEVEKAR_STAFF_SSO_ENABLED er av: "
            "ingen ansatte kan logge inn.",
            hint="Sett LEVEKAR_STAFF_SSO_ENABLED=1 eller fjern LEVEKAR_STAFF_SSO_REQUIRED.",
            id="levekar.E101"))
    valid = set(Role.values)
    unknown = [r for r in settings.LEVEKAR_STAFF_SSO_REQUIRED_ROLES if r not in valid]
    if unknown:
        errors.append(checks.Error(
            f"LEVEKAR_STAFF_SSO_REQUIRED_ROLES har ukjent rolle «{unknown[0]}».",
            hint=f"Kjente roller: {', '.join(Role.values)}.", id="levekar.E108"))
    if settings.LEVEKAR_STAFF_SSO_REQUIRED_ROLES and not settings.LEVEKAR_STAFF_SSO_ENABLED:
        errors.append(checks.Error(
            "LEVEKAR_STAFF_SSO_REQUIRED_ROLES er satt, men LEVEKAR_STAFF_SSO_ENABLED er av: "
            "disse rollene kunne ikke logget inn.",
            hint="Sett LEVEKAR_STAFF_SSO_ENABLED=1 eller tøm LEVEKAR_STAFF_SSO_REQUIRED_ROLES.",
            id="levekar.E109"))
    if not settings.LEVEKAR_STAFF_SSO_ENABLED:
        return errors
    if settings.PRODUCTION and not (settings.LEVEKAR_STAFF_SSO_REQUIRED_ACR
                                    or settings.LEVEKAR_STAFF_SSO_REQUIRED_AMR):
        errors.append(checks.Error(
            "Verken LEVEKAR_STAFF_SSO_REQUIRED_ACR eller LEVEKAR_STAFF_SSO_REQUIRED_AMR er "
            "satt: andre faktor fra identitetstilbyderen blir ikke kontrollert.",
            hint="Sett LEVEKAR_STAFF_SSO_REQUIRED_AMR=mfa (eller de acr-verdiene "
                 "tilbyderen gir for to-trinns innlogging).", id="levekar.E110"))
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
