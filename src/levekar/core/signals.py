"""Logins, logouts, failed logins and lockouts go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from levekar.core.audit import Kind, Purpose, audit_record, client_ip


def _ip(request):
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    # A login by the municipality's SSO says so (core.views.sso_callback sets the text).
    purpose = getattr(request, "levekar_login_purpose", "")
    audit_record(actor=user, kind=Kind.ACCOUNT_LOGIN, ip=_ip(request), detail=purpose,
                 path=request.path if purpose else "/logg-inn/")


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, kind=Kind.ACCOUNT_LOGOUT, ip=_ip(request), path="/logg-ut/")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        actor=None,
        actor_username=str(credentials.get("username", ""))[:150],
        kind=Kind.ACCOUNT_LOGIN_DENIED,
        ip=_ip(request),
        path="/logg-inn/",
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit_record(
        actor=None,
        actor_username=str(username or "")[:150],
        kind=Kind.ACCOUNT_LOGIN_DENIED,
        purpose=Purpose.ACCOUNT_LOCKED,
        ip=ip_address,
        path="/logg-inn/",
    )
