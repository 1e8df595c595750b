"""TOTP as the second factor of a staff login (django-otp), required by setting.

``LEVEKAR_TOTP_REQUIRED_ROLES``: the roles that must use it (in production by default
the roles that see family data). A user who has a confirmed TOTP device is asked for a
code after the password whatever their role; a user of a required role without one is
sent to set it up before any other page. A login by the municipality's SSO
(``core.sso``) is not asked: the identity provider gives the second factor.
"""

import base64

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from levekar.core.audit import Kind, Purpose, audit_record, client_ip
from levekar.core.roles import user_roles
from levekar.core.sso import SESSION_KEY as SSO_SESSION_KEY

DEVICE_NAME = "Autentiseringsapp"


def required_for(user) -> bool:
    return bool(user_roles(user) & set(settings.LEVEKAR_TOTP_REQUIRED_ROLES))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (made on first visit to the set-up page)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it by hand: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def verify(request, device: TOTPDevice, token: str) -> bool:
    """Check a code; on success the session counts as verified, and it is audited."""
    ok = device.verify_token(token.replace(" ", ""))
    audit_record(actor=request.user if ok else None,
                 kind=Kind.ACCOUNT_LOGIN if ok else Kind.ACCOUNT_LOGIN_DENIED,
                 actor_username=request.user.get_username(),
                 purpose=Purpose.TOTP_ACCEPTED if ok else Purpose.TOTP_WRONG,
                 ip=client_ip(request), path=request.path)
    if ok:
        otp_login(request, device)
    return ok


@transaction.atomic
def confirm(request, device: TOTPDevice, token: str) -> bool:
    """Finish the set-up with the first code from the app."""
    if not device.verify_token(token.replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit_record(actor=request.user, kind=Kind.ACCOUNT_ACCESS_CHANGE, obj=request.user,
                 detail=f"tilgang endret for {request.user.get_username()}: "
                         "to-trinns innlogging (TOTP) slått på", ip=client_ip(request),
                 path=request.path)
    otp_login(request, device)
    return True


_OPEN = ("/logg-ut/", "/static/", "/healthz")
_HAS_DEVICE = "levekar_has_totp_device"


class TwoFactorMiddleware:
    """After the password: the code (if the user has a device), or the set-up (if the
    user's role requires it). Everything else waits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        try:
            user = getattr(request, "user", None)
            done = (user is None or not user.is_authenticated or path.startswith(_OPEN)
                    or request.session.get(SSO_SESSION_KEY)
                    or (hasattr(user, "is_verified") and user.is_verified()))
        except DatabaseError:
            done = True  # the view answers with the 503 page
        if done:
            return self.get_response(request)
        verify_url, setup_url = reverse("core:otp_verify"), reverse("core:otp_setup")
        if path in (verify_url, setup_url):
            return self.get_response(request)
        if request.session.get(_HAS_DEVICE):
            return redirect(f"{verify_url}?next={request.get_full_path()}")
        if required_for(user):
            return redirect(setup_url)
        return self.get_response(request)


@receiver(user_logged_in)
def _remember_device(sender, request, user, **kwargs):
    """Whether the user has a TOTP device is read once, at login, into the session: the
    pages after it keep their query count."""
    if request is not None and hasattr(request, "session"):
        request.session[_HAS_DEVICE] = confirmed_device(user) is not None
