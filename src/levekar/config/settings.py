"""Settings for Levekår.

One settings module; the environment decides the rest:
- ``LEVEKAR_ENV`` = ``development`` (default) or ``production``. Production refuses
  to start without ``LEVEKAR_SECRET_KEY`` and ``LEVEKAR_ALLOWED_HOSTS`` and turns on
  every transport-security setting that ``manage.py check --deploy`` asks for.
- ``DATABASE_URL`` selects the database (default: SQLite in ``var/levekar.sqlite3``).
"""

import os
from pathlib import Path

import csp.constants as _csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent  # src/levekar
REPO_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LEVEKAR_VAR_DIR", REPO_DIR / "var"))

LEVEKAR_ENV = os.environ.get("LEVEKAR_ENV", "development")
if LEVEKAR_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"LEVEKAR_ENV må være 'development' eller 'production', ikke {LEVEKAR_ENV!r}."
    )
PRODUCTION = LEVEKAR_ENV == "production"


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"Miljøvariabelen {name} må være satt når LEVEKAR_ENV=production."
        )
    return value


if PRODUCTION:
    SECRET_KEY = _required("LEVEKAR_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("LEVEKAR_SECRET_KEY må være minst 50 tegn lang.")
    ALLOWED_HOSTS = [h.strip() for h in _required("LEVEKAR_ALLOWED_HOSTS").split(",") if h]
    DEBUG = False
else:
    # A fixed key is fine outside production: nothing here is secret.
    SECRET_KEY = "development-only-key-not-for-production-use-levekar-0123456789"  # noqa: S105
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]
    DEBUG = os.environ.get("LEVEKAR_DEBUG", "1") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "levekar.core",
    "levekar.people",
    "levekar.stats",
    "levekar.plans",
    "levekar.followup",
    "levekar.lending",
    "levekar.passes",
    "levekar.evaluation",
    "levekar.minside",
    "levekar.web",
]

MIDDLEWARE = [
    "levekar.core.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "levekar.core.middleware.HeadAsGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "levekar.minside.middleware.IdentityProviderCSPMiddleware",
    "levekar.core.sso.StaffProviderCSPMiddleware",
    "levekar.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "levekar.core.two_factor.TwoFactorMiddleware",
    "levekar.core.privileges.PrivilegeActorMiddleware",
    "levekar.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "levekar.core.middleware.DatabaseUnavailableMiddleware",
    # axes last, as its documentation asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "levekar.config.urls"
WSGI_APPLICATION = "levekar.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "levekar.web.context_processors.shell",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'levekar.sqlite3'}",
        conn_max_age=0 if not PRODUCTION else 60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the desk and the public catalogue work side by side.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE",
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get(
        "LEVEKAR_TEST_SQLITE", ""
    ) or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, which refuses passwords when staff SSO is required.
    "levekar.core.sso.LocalAccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "core:login"

# django-axes: five failed attempts per username and IP lock out for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The same client address as the audit log: forwarded headers only from trusted proxies.
AXES_CLIENT_IP_CALLABLE = "levekar.core.audit.client_ip"

# TOTP (django-otp) as the second factor: required for these roles (comma-separated
# role names). Production requires it for every role that sees family data; development
# and the demo require it of no one (a user who has set it up is still asked for codes).
OTP_TOTP_ISSUER = "Levekår"
LEVEKAR_TOTP_REQUIRED_ROLES = [r.strip() for r in os.environ.get(
    "LEVEKAR_TOTP_REQUIRED_ROLES",
    "familiekoordinator,tjenestepartner,bti-koordinator,fritid,admin" if PRODUCTION else "",
).split(",") if r.strip()]

# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is
# believed. Empty (the default): the header is ignored and REMOTE_ADDR is the client.
LEVEKAR_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("LEVEKAR_TRUSTED_PROXIES", "").split(",") if p.strip()]
try:
    from levekar.core.lib.client_ip import parse_networks as _parse_networks

    _parse_networks(LEVEKAR_TRUSTED_PROXIES)
except ValueError as _exc:
    raise ImproperlyConfigured(
        f"LEVEKAR_TRUSTED_PROXIES inneholder en ugyldig adresse: {_exc}") from None

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("LEVEKAR_STATIC_ROOT", REPO_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
_NODE = REPO_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/designsystemet-css", _NODE / "@digdir" / "designsystemet-css" / "dist"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/vega", _NODE / "vega" / "build"),
    ("vendor/vega-lite", _NODE / "vega-lite" / "build"),
    ("vendor/vega-embed", _NODE / "vega-embed" / "build"),
    # ES modules: Vega's expression interpreter (charts without 'unsafe-eval') and the
    # vega-util it imports.
    ("vendor/vega-interpreter", _NODE / "vega-interpreter" / "build"),
    ("vendor/vega-util", _NODE / "vega-util" / "build"),
]
STATICFILES_FINDERS = [
    "levekar.core.staticfiles.VendorFinder",  # STATICFILES_DIRS without unused npm files
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files whenever DEBUG is off (levekar serve collects them).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Source maps are fetched by developer tools only: not worth compressing at every start.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br",
    "woff", "woff2", "mp4", "webm", "map")
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The council report's rendered charts (levekar.plans.charts), shared by every process
    # on the server: a chart drawn by one gunicorn worker, the job worker or the command
    # line is not drawn again by another, nor after a restart. The key is a hash of the
    # chart's content, so an entry is never stale; files in the app's own var directory.
    "charts": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "charts"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# Sessions and cookies: short-lived, HTTP-only, same-site; secure in production.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "levekar.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy (django-csp): scripts and styles only from this site,
# no inline script except with the response's nonce (the charts' import map), no eval
# (Vega runs with its expression interpreter), no inline styles, no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_csp.SELF],
        "script-src": [_csp.SELF, _csp.NONCE],
        "style-src": [_csp.SELF],
        "img-src": [_csp.SELF, "data:"],
        "font-src": [_csp.SELF],
        "connect-src": [_csp.SELF],
        "object-src": [_csp.NONE],
        "base-uri": [_csp.NONE],
        "form-action": [_csp.SELF],
        "frame-ancestors": [_csp.NONE],
    },
}
# Browser features no page of Levekår uses are switched off for it and anything it embeds.
LEVEKAR_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), sync-xhr=(), usb=(), xr-spatial-tracking=()")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("LEVEKAR_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]

# Outgoing messages (reminders, letters) go through levekar.core.messaging: an outbox row
# per message, sent by a job after the transaction commits. Production refuses the
# console and in-memory backends (core/checks.py): a message must really leave.
def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "ja"}


EMAIL_BACKEND = os.environ.get(
    "LEVEKAR_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("LEVEKAR_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("LEVEKAR_SMTP_PORT", "587"))
EMAIL_USE_TLS = _env_bool("LEVEKAR_SMTP_STARTTLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = _env_bool("LEVEKAR_SMTP_SSL", default=EMAIL_PORT == 465)
EMAIL_HOST_USER = os.environ.get("LEVEKAR_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LEVEKAR_SMTP_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("LEVEKAR_SMTP_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("LEVEKAR_FROM_EMAIL", "levekar@kommune.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
LEVEKAR_SMS_BACKEND = os.environ.get(
    "LEVEKAR_SMS_BACKEND",
    "levekar.core.messaging.HttpSmsGateway" if PRODUCTION
    else "levekar.core.messaging.ConsoleSms",
)
# The HTTP SMS gateway (levekar.core.messaging.HttpSmsGateway): provider-neutral.
LEVEKAR_SMS_URL = os.environ.get("LEVEKAR_SMS_URL", "")
LEVEKAR_SMS_USER = os.environ.get("LEVEKAR_SMS_USER", "")
LEVEKAR_SMS_PASSWORD = os.environ.get("LEVEKAR_SMS_PASSWORD", "")
LEVEKAR_SMS_TOKEN = os.environ.get("LEVEKAR_SMS_TOKEN", "")
LEVEKAR_SMS_SENDER = os.environ.get("LEVEKAR_SMS_SENDER", "Kommunen")
# The JSON body: placeholders {to}, {text}, {sender}, {reference}.
LEVEKAR_SMS_PAYLOAD = os.environ.get(
    "LEVEKAR_SMS_PAYLOAD",
    '{"to": "{to}", "message": "{text}", "from": "{sender}", "reference": "{reference}"}',
)
# Min side (issue 12): letters sent by e-mail or SMS link to it when set.
LEVEKAR_MINSIDE_URL = os.environ.get("LEVEKAR_MINSIDE_URL", "")
LEVEKAR_SMS_TIMEOUT = int(os.environ.get("LEVEKAR_SMS_TIMEOUT", "15"))
# A message that cannot be delivered is tried this many times (with backoff) before it
# is marked failed for good.
LEVEKAR_MESSAGE_MAX_ATTEMPTS = int(os.environ.get("LEVEKAR_MESSAGE_MAX_ATTEMPTS", "4"))

# Structured logs: one JSON object a line on stderr, with the request id, the user id
# (never a name or national id) and timing (core/logging.py). LEVEKAR_LOG_FORMAT=text
# gives plain lines for a developer's terminal.
LEVEKAR_LOG_FORMAT = os.environ.get("LEVEKAR_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "levekar.core.logging.ContextFilter"}},
    "formatters": {
        "json": {"()": "levekar.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"],
                             "formatter": "json" if LEVEKAR_LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LEVEKAR_LOG_LEVEL", "WARNING")},
    "loggers": {
        "levekar": {"level": os.environ.get("LEVEKAR_LOG_LEVEL", "INFO")},
        "django.request": {"level": "ERROR"},
    },
}

# Background and scheduled jobs (levekar.core.jobs): django-tasks with its database
# backend, so the queue lives in the same database (SQLite or PostgreSQL) as the data.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker beats every quarter of this; /healthz answers 503 when the newest beat is older.
LEVEKAR_WORKER_STALE_SECONDS = int(os.environ.get("LEVEKAR_WORKER_STALE_SECONDS", "120"))
# /healthz: 503 below this much free disk where var/ lives, and without a live worker
# (set LEVEKAR_HEALTH_REQUIRE_WORKER=0 when the worker runs elsewhere and is watched there).
LEVEKAR_MIN_FREE_DISK_MB = int(os.environ.get("LEVEKAR_MIN_FREE_DISK_MB", "500"))
LEVEKAR_HEALTH_REQUIRE_WORKER = _env_bool("LEVEKAR_HEALTH_REQUIRE_WORKER", default=True)
# Retention: closed family cases are anonymised this many days after closing (nightly job).
LEVEKAR_FOLLOWUP_RETENTION_DAYS = int(os.environ.get("LEVEKAR_FOLLOWUP_RETENTION_DAYS", "730"))
# The import folder: register extracts (CSV) dropped here are imported by the worker and
# moved to ferdig/ or feilet/ (docs/jobs.md, passes.import_folder).
LEVEKAR_IMPORT_DIR = Path(os.environ.get("LEVEKAR_IMPORT_DIR", VAR_DIR / "importmappe"))
# Backups (levekar backup, and nightly by the worker): where, and how many are kept.
LEVEKAR_BACKUP_DIR = Path(os.environ.get("LEVEKAR_BACKUP_DIR", VAR_DIR / "backups"))
LEVEKAR_BACKUP_KEEP = int(os.environ.get("LEVEKAR_BACKUP_KEEP", "14"))

# The municipality this installation serves: its equipment library and other services
# that are not tied to a municipality in the data belong to it.
LEVEKAR_HOME_MUNICIPALITY = os.environ.get("LEVEKAR_HOME_MUNICIPALITY", "3205")

# The name residents, clubs and organisers see on the public pages (header, title,
# footer). Never the product's internal name: «Levekår» and what it works against tell
# every club treasurer why a family holds a card (no stigma, DESIGN.md).
LEVEKAR_PUBLIC_NAME = os.environ.get("LEVEKAR_PUBLIC_NAME", "Lillestrøm kommune")

# Pages for residents (no login): they follow the browser's language until the language
# switch is used. Staff pages are Norwegian unless switched.
LEVEKAR_PUBLIC_PATHS = ["/utstyr/", "/fritid/klubb/", "/handlingsplaner/"]
LEVEKAR_STAFF_PATHS = ["/utstyr/utlan/"]

# --- Min side: citizens log in with ID-porten (OpenID Connect) ---------------------------
# Synthetic fødselsnumre (month + 80) and future birth dates, as in the national test data,
# are accepted outside production only.
LEVEKAR_ACCEPT_SYNTHETIC_IDS = not PRODUCTION
# The identity provider: ID-porten in production, the local provider in idp/ elsewhere.
LEVEKAR_OIDC_ISSUER = os.environ.get("LEVEKAR_OIDC_ISSUER", "http://127.0.0.1:9090").rstrip("/")
LEVEKAR_OIDC_CLIENT_ID = os.environ.get("LEVEKAR_OIDC_CLIENT_ID", "levekar-min-side")
# The client's private key (PEM) for private_key_jwt. Outside production a key is made
# in var/oidc/ on first use; production must name one.
LEVEKAR_OIDC_CLIENT_KEY_FILE = (
    _required("LEVEKAR_OIDC_CLIENT_KEY_FILE") if PRODUCTION and os.environ.get(
        "LEVEKAR_OIDC_ISSUER") else os.environ.get(
        "LEVEKAR_OIDC_CLIENT_KEY_FILE", str(VAR_DIR / "oidc" / "client-key.pem"))
)
# A citizen's session ends after 30 minutes without a click.
LEVEKAR_CITIZEN_IDLE_SECONDS = 30 * 60
LEVEKAR_PUBLIC_PATHS = [*LEVEKAR_PUBLIC_PATHS, "/min-side/"]

# --- Staff single sign-on: the municipality's identity provider (OpenID Connect) --------
# Off by default: local accounts log in with a password. On: the login page offers
# "Logg inn med kommunens innlogging"; REQUIRED also hides and refuses the password login
# (every role, admin included). Groups in the ID token give roles and the service unit by
# the group map (JSON, see docs/staff-sso.md); roles are re-synced at each login.
LEVEKAR_STAFF_SSO_ENABLED = os.environ.get("LEVEKAR_STAFF_SSO_ENABLED", "0") == "1"
LEVEKAR_STAFF_SSO_REQUIRED = os.environ.get("LEVEKAR_STAFF_SSO_REQUIRED", "0") == "1"
LEVEKAR_STAFF_SSO_ISSUER = os.environ.get(
    "LEVEKAR_STAFF_SSO_ISSUER", "http://127.0.0.1:9090").rstrip("/")
LEVEKAR_STAFF_SSO_CLIENT_ID = os.environ.get("LEVEKAR_STAFF_SSO_CLIENT_ID", "levekar-ansatt")
# The client's private key (PEM) for private_key_jwt; made in var/oidc/ outside production.
LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE = os.environ.get(
    "LEVEKAR_STAFF_SSO_CLIENT_KEY_FILE", str(VAR_DIR / "oidc" / "staff-client-key.pem"))
LEVEKAR_STAFF_SSO_GROUP_MAP = os.environ.get(
    "LEVEKAR_STAFF_SSO_GROUP_MAP", str(REPO_DIR / "data" / "sso" / "demo-group-map.json"))
LEVEKAR_STAFF_SSO_USERNAME_CLAIM = os.environ.get(
    "LEVEKAR_STAFF_SSO_USERNAME_CLAIM", "preferred_username")
LEVEKAR_STAFF_SSO_GROUPS_CLAIM = os.environ.get("LEVEKAR_STAFF_SSO_GROUPS_CLAIM", "groups")
# The roles that must log in with SSO (comma-separated role names): their password login
# is refused with a pointer to the municipality's login; other roles (the lending desk …)
# keep local accounts + TOTP. In production with SSO on: every role that sees family data.
LEVEKAR_STAFF_SSO_REQUIRED_ROLES = [r.strip() for r in os.environ.get(
    "LEVEKAR_STAFF_SSO_REQUIRED_ROLES",
    "familiekoordinator,tjenestepartner,bti-koordinator,fritid,admin"
    if PRODUCTION and LEVEKAR_STAFF_SSO_ENABLED else "",
).split(",") if r.strip()]
# The second factor is checked, not trusted: the ID token's `acr` must be one of
# REQUIRED_ACR (empty: not checked; also sent as acr_values) and its `amr` must contain one
# of REQUIRED_AMR (empty: not checked). Both comma-separated.
LEVEKAR_STAFF_SSO_REQUIRED_ACR = [v.strip() for v in os.environ.get(
    "LEVEKAR_STAFF_SSO_REQUIRED_ACR", "").split(",") if v.strip()]
LEVEKAR_STAFF_SSO_REQUIRED_AMR = [v.strip() for v in os.environ.get(
    "LEVEKAR_STAFF_SSO_REQUIRED_AMR", "mfa").split(",") if v.strip()]
