"""Deployment checks: in production, messages must really leave the building.

``manage.py check --deploy`` reports these as errors, and the web server and the worker
refuse to start with them (``refuse_unsafe_production``): a console or in-memory backend
would mark reminders "sent" that nobody received.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

UNSAFE_EMAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
UNSAFE_SMS = {"levekar.core.messaging.ConsoleSms", "levekar.core.messaging.MemorySms"}


def messaging_problems() -> list[checks.Error]:
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors = []
    if settings.EMAIL_BACKEND in UNSAFE_EMAIL:
        errors.append(checks.Error(
            f"E-post sendes med {settings.EMAIL_BACKEND} i produksjon, og når ingen.",
            hint="Sett LEVEKAR_SMTP_HOST (og LEVEKAR_SMTP_USER/PASSWORD) og fjern "
                 "LEVEKAR_EMAIL_BACKEND.", id="levekar.E001"))
    elif settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend" and \
            settings.EMAIL_HOST in {"", "localhost"} and not getattr(
                settings, "LEVEKAR_SMTP_LOCAL_OK", False):
        errors.append(checks.Error(
            "LEVEKAR_SMTP_HOST er ikke satt: e-post har ingen tjener å gå til.",
            hint="Sett LEVEKAR_SMTP_HOST til kommunens SMTP-tjener.", id="levekar.E002"))
    if settings.LEVEKAR_SMS_BACKEND in UNSAFE_SMS:
        errors.append(checks.Error(
            f"SMS sendes med {settings.LEVEKAR_SMS_BACKEND} i produksjon, og når ingen.",
            hint="Sett LEVEKAR_SMS_URL og fjern LEVEKAR_SMS_BACKEND.", id="levekar.E003"))
    elif settings.LEVEKAR_SMS_BACKEND == "levekar.core.messaging.HttpSmsGateway" and \
            not settings.LEVEKAR_SMS_URL:
        errors.append(checks.Error(
            "LEVEKAR_SMS_URL er ikke satt: SMS har ingen tjeneste å gå til.",
            hint="Sett LEVEKAR_SMS_URL til SMS-tjenestens adresse.", id="levekar.E004"))
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_messaging(app_configs=None, **kwargs):
    return messaging_problems()


def refuse_unsafe_production() -> None:
    """Called as the web server and the worker start: production with a message backend
    that sends nowhere does not start."""
    problems = messaging_problems()
    if problems:
        raise ImproperlyConfigured(
            "Levekår starter ikke: " + " ".join(f"{p.msg} {p.hint}" for p in problems))
