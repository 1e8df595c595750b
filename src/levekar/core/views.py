import logging

import requests
from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST
from joserfc.errors import JoseError

from levekar.core import frontchannel, jobs, sso
from levekar.core.access import role_required
from levekar.core.audit import Kind, Purpose, audit_record, audit_request, audit_text, client_ip
from levekar.core.errors import DomainError
from levekar.core.forms import AuditSearchForm, LoginForm
from levekar.core.importfolder import import_folder_state
from levekar.core.models import Job, User
from levekar.core.redirects import safe_next
from levekar.core.roles import Role
from levekar.core.selectors import (
    audit_event_search,
    job_counts,
    job_get_for_user,
    jobs_for_operations,
    message_counts,
    messages_in_trouble,
)
from levekar.core.services import job_rerun, user_sync_from_sso

log = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    """The password login, and the button to the municipality's login when staff SSO is
    on; when SSO is required the password form is neither shown nor accepted."""

    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not sso.password_login_allowed():
            messages.error(request, _("Password login is turned off. Use the "
                                      "municipality's login."))
            return redirect("core:login")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "sso_enabled": settings.LEVEKAR_STAFF_SSO_ENABLED,
                "sso_roles": [str(Role(r).label).lower() for r in
                              settings.LEVEKAR_STAFF_SSO_REQUIRED_ROLES if r in Role.values],
                "password_login": sso.password_login_allowed()}


@never_cache
@require_GET
def sso_login(request):
    """To the municipality's identity provider (authlib: code flow, PKCE, state, nonce)."""
    if not settings.LEVEKAR_STAFF_SSO_ENABLED:
        raise Http404
    request.session[sso.PENDING] = safe_next(request, request.GET.get("next"),
                                                reverse(settings.LOGIN_REDIRECT_URL))
    redirect_uri = request.build_absolute_uri(reverse("core:sso_callback"))
    return sso.client().authorize_redirect(request, redirect_uri, **sso.authorize_params())


def _sso_refused(request, *, reason: str, message: str, username: str = "",
                 kind=Kind.ACCOUNT_LOGIN_DENIED):
    audit_record(actor=None, actor_username=username or sso.ACTOR, kind=kind,
                 detail=f"innlogging med kommunens innlogging avvist: {reason}",
                 ip=client_ip(request), path=request.path)
    return render(request, "core/sso_failed.html", {"message": message}, status=403
                  if username else 400)


@never_cache
@require_GET
def sso_callback(request):
    """The provider's answer: authlib checks state, PKCE, the token's signature, issuer,
    audience, expiry and nonce; we check the claims and that the provider gave the second
    factor (acr/amr), sync the account's roles and unit from the groups (audited) and log
    in. The ID token is kept for the logout at the provider."""
    if not settings.LEVEKAR_STAFF_SSO_ENABLED:
        raise Http404
    after = request.session.pop(sso.PENDING, None) or reverse(settings.LOGIN_REDIRECT_URL)
    try:
        token = sso.client().authorize_access_token(request)
        claims = token.get("userinfo") or {}
        username, groups = sso.check_claims(claims)
    except (AuthlibBaseError, JoseError, sso.LoginRefused, KeyError, ValueError,
            requests.RequestException) as exc:
        log.warning("Ansattinnlogging (SSO) avvist: %s", exc)
        return _sso_refused(request, reason=type(exc).__name__,
                            message=_("The login could not be completed. Try again."))
    try:
        sso.check_second_factor(claims)
    except sso.SecondFactorMissing as exc:
        log.warning("Ansattinnlogging (SSO) uten andre faktor: %s: %s", username, exc)
        return _sso_refused(
            request, reason=f"andre faktor mangler ({exc})", username=username,
            kind=Kind.ACCOUNT_LOGIN_NO_SECOND_FACTOR, message=_(
                "The municipality's login did not confirm a second factor (such as a code "
                "on your phone). Levekår requires two-step login: log in again with it, or "
                "ask IT to turn it on for your account."))
    try:
        user, roles = user_sync_from_sso(
            username=username, groups=groups, first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""), email=str(claims.get("email") or ""),
            ip=client_ip(request), path=request.path)
    except DomainError as exc:
        log.error("Ansattinnlogging (SSO): %s", exc)
        return _sso_refused(request, reason=str(exc), username=username, message=_(
            "Your groups could not be matched to access in Levekår. Contact your "
            "administrator."))
    if user is None or not roles or not user.is_active:
        return _sso_refused(request, reason="ingen rolle i Levekår" if not roles else
                            "kontoen er deaktivert", username=username, message=_(
                                "You have no access to Levekår. Ask your leader to add you "
                                "to the right group."))
    # The login's audit row (core.signals) names the way in and the roles it gave.
    request.levekar_login_purpose = ("logget inn med kommunens innlogging (roller: "
                                     f"{', '.join(sorted(roles))})")
    auth_login(request, user, backend="levekar.core.sso.LocalAccountBackend")
    request.session[sso.SESSION_KEY] = {"sid": str(claims.get("sid") or ""),
                                        "id_token": str(token.get("id_token") or "")}
    request.session.save()
    frontchannel.remember(request, provider=frontchannel.Provider.STAFF,
                          sid=str(claims.get("sid") or ""))
    return redirect(after)


@never_cache
@xframe_options_exempt  # the provider loads this in a hidden frame (CSP names it)
@require_GET
def sso_frontchannel_logout(request):
    """The municipality's provider ends the staff member's Levekår session (OIDC
    front-channel logout: ``iss`` and the ``sid`` stored at login, ``core.frontchannel``)
    when they log out there or in another of its clients; each ended session is audited."""
    if not settings.LEVEKAR_STAFF_SSO_ENABLED:
        raise Http404
    ended = frontchannel.end_sessions(request, provider=frontchannel.Provider.STAFF,
                                      issuer=settings.LEVEKAR_STAFF_SSO_ISSUER)
    user_ids = [int(data[SESSION_KEY]) if data.get(SESSION_KEY) else None for data in ended]
    users = User.objects.in_bulk([pk for pk in user_ids if pk])
    for pk in user_ids:
        user = users.get(pk)
        audit_record(actor=user, actor_username=sso.ACTOR, kind=Kind.ACCOUNT_LOGOUT_PROVIDER,
                     purpose=Purpose.SSO_LOGOUT, ip=client_ip(request),
                     path=request.path)
    return frontchannel.framed_response(settings.LEVEKAR_STAFF_SSO_ISSUER)


class LogoutView(auth_views.LogoutView):
    """Log out here; after an SSO login also at the provider (RP-initiated logout with
    ``id_token_hint``), which sends the browser back to the login page."""

    def post(self, request, *args, **kwargs):
        id_token = (request.session.get(sso.SESSION_KEY) or {}).get("id_token", "")
        frontchannel.forget(request)
        response = super().post(request, *args, **kwargs)
        if id_token and settings.LEVEKAR_STAFF_SSO_ENABLED:
            try:
                end = sso.end_session_url(
                    id_token, request.build_absolute_uri(reverse("core:login")))
            except (AuthlibBaseError, requests.RequestException, ValueError) as exc:
                log.warning("Utlogging hos identitetstilbyderen ikke mulig: %s", exc)
                end = ""
            if end:
                return redirect(end)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("web:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_request(self.request, kind=Kind.ACCOUNT_PASSWORD_CHANGE, obj=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


@role_required(Role.ADMIN)
def audit_search(request):
    form = AuditSearchForm(request.GET or None)
    events = None
    if form.is_valid():
        d = form.cleaned_data
        events = audit_event_search(
            actor=d["actor"], action=d["action"], kind=d["kind"], object_type=d["object_type"],
            person_id=d["person"], date_from=d["date_from"], date_to=d["date_to"],
        )
    elif not request.GET:
        events = audit_event_search()
    page = Paginator(events, 50).get_page(request.GET.get("side")) if events is not None else None
    for event in page or ():
        event.text = audit_text(event)
    # Reading the log is itself a read of personal data: log it.
    audit_request(request, kind=Kind.AUDIT_SEARCH_READ, object_type="core.auditevent")
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "core/audit_search.html",
                  {"form": form, "page": page, "query": query.urlencode()})


def csrf_failure(request, reason=""):
    audit_record(actor=request.user if hasattr(request, "user") else None,
                 kind=Kind.PAGE_DENIED, purpose=Purpose.CSRF_FAILED,
                 ip=client_ip(request), path=request.get_full_path())
    return render(request, "core/csrf_failure.html", status=403)


def bad_request(request, exception=None):
    return render(request, "core/error.html", {
        "status": 400, "title": _("Bad request"),
        "text": _("The request could not be understood. Go back and try again."),
    }, status=400)


def permission_denied(request, exception=None):
    return render(request, "core/error.html", {
        "status": 403, "title": _("No access"),
        "text": _("You do not have access to this page. If you need it, ask your leader."),
    }, status=403)


def page_not_found(request, exception=None):
    return render(request, "core/error.html", {
        "status": 404, "title": _("Page not found"),
        "text": _("The page does not exist, or you do not have access to it."),
    }, status=404)


def server_error(request):
    return render(request, "core/error.html", {
        "status": 500, "title": _("Something went wrong"),
        "text": _("An error occurred on our side. It has been logged. Try again later."),
    }, status=500)


@role_required(Role.ADMIN)
def operations(request):
    """``/drift/``: jobs queued, running, failed (with the error) and done; the schedule."""
    status = request.GET.get("status", "")
    if status not in Job.Status.values:
        status = ""
    page = Paginator(jobs_for_operations(status=status), 50).get_page(request.GET.get("side"))
    counts = job_counts()
    now = timezone.now()
    beat = jobs.last_heartbeat()
    worker_ok = beat is not None and (now - beat).total_seconds() <= \
        settings.LEVEKAR_WORKER_STALE_SECONDS
    schedule = [{"spec": spec, "next": spec.next_slot(now)}
                for spec in jobs.registered_tasks() if spec.schedule]
    return render(request, "core/operations.html", {
        "page": page, "status": status,
        "status_rows": [(v, n, counts[v]) for v, n in Job.Status.choices],
        "beat": beat, "worker_ok": worker_ok, "schedule": schedule,
        "message_counts": message_counts(), "troubled": messages_in_trouble(),
        "import_folder": import_folder_state(),
    })


@role_required(Role.ADMIN)
@require_POST
def operations_rerun(request, job_id: int):
    try:
        new = job_rerun(job_id=job_id, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Job #%(old)s has been queued again as job #%(new)s.")
                         % {"old": job_id, "new": new.pk})
    return redirect("core:operations")


@login_required
def job_progress(request, job_id: int):
    """The progress fragment a page polls with htmx (``core/_job_progress.html``)."""
    job = job_get_for_user(request.user, job_id)
    return render(request, "core/_job_progress.html", {"job": job})


@login_required
def otp_verify(request):
    from levekar.core import two_factor
    from levekar.core.forms import TokenForm

    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect("core:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, device, form.cleaned_data["token"]):
            return redirect(safe_next(request, request.GET.get("next"),
                                      reverse("web:dashboard")))
        form.add_error("token", _("The code is wrong or too old. Try the newest code."))
    return render(request, "core/otp_verify.html", {"form": form})


@login_required
def otp_setup(request):
    from levekar.core import two_factor
    from levekar.core.forms import TokenForm

    if two_factor.confirmed_device(request.user) is not None:
        return redirect("core:otp_verify")
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm(request, device, form.cleaned_data["token"]):
            messages.success(request, _("Two-step login is on. From now on you give a code "
                                        "from the app after your password."))
            return redirect("web:dashboard")
        form.add_error("token", _("The code is wrong or too old. Try the newest code."))
    return render(request, "core/otp_setup.html", {
        "form": form, "secret": two_factor.secret_text(device),
        "required": two_factor.required_for(request.user)})
