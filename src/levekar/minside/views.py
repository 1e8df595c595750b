"""Min side: citizens log in with ID-porten and see their own and their children's data.

Thin views: the citizen comes from the session (``citizen_required``), every read of
personal data writes an audit event, anything outside the citizen's scope answers with
the same "Ingen tilgang" page and an audit row.
"""

import logging

from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST
from joserfc.errors import JoseError

from levekar.core import frontchannel
from levekar.core.audit import Kind, Purpose, audit_record, client_ip
from levekar.core.errors import DomainError, InvalidInput, NotFound
from levekar.core.form_errors import add_problems
from levekar.core.redirects import safe_next
from levekar.followup import services as followup_services
from levekar.followup.selectors import citizen as followup_citizen
from levekar.minside import selectors, services
from levekar.minside.citizen import (
    SESSION_KEY,
    citizen_login,
    citizen_logout,
    citizen_required,
    current_citizen,
)
from levekar.minside.forms import CardApplicationForm, ConsentGiveForm, ReserveForm
from levekar.minside.oidc import ACR_HIGH, ACR_SUBSTANTIAL, LoginRefused, check_claims, client

log = logging.getLogger(__name__)
ACTOR = "innbygger (Min side)"
PENDING = "minside_pending"


def _audit(request, *, kind, persons, purpose="", detail="", obj=None):
    return audit_record(actor=None, actor_username=ACTOR, kind=kind, obj=obj,
                        persons=persons, purpose=purpose, detail=detail, ip=client_ip(request),
                        path=request.get_full_path())


def _no_access(request, me, what: str):
    _audit(request, kind=Kind.MINSIDE_DENIED, persons=[me.pk] if me else [],
           detail=f"Min side: ingen tilgang til {what}")
    return render(request, "minside/no_access.html", status=403)


def _me_or_unknown(request):
    me = selectors.me_for_pid(request.citizen.pid)
    if me is None:
        return None, render(request, "minside/unknown.html")
    return me, None


@never_cache
@require_GET
def login(request):
    """To ID-porten, asking for the level the page needs (substantial by default)."""
    level = request.GET.get("niva", ACR_SUBSTANTIAL)
    if level not in (ACR_SUBSTANTIAL, ACR_HIGH):
        level = ACR_SUBSTANTIAL
    after = safe_next(request, request.GET.get("neste"), reverse("minside:index"))
    request.session[PENDING] = {"level": level, "next": after}
    redirect_uri = request.build_absolute_uri(reverse("minside:callback"))
    extra = {}
    if level == ACR_HIGH:
        # Step up: the provider must authenticate again at the higher level even when
        # its session (at a lower level) is still alive.
        extra["prompt"] = "login"
    return client().authorize_redirect(
        request, redirect_uri, acr_values=level,
        ui_locales="en" if request.LANGUAGE_CODE == "en" else "nb", **extra)


@never_cache
@require_GET
def callback(request):
    """The provider's answer: authlib checks state, PKCE, the token's signature, issuer,
    audience, expiry and nonce; we check pid and the level."""
    pending = request.session.pop(PENDING, None) or {"level": ACR_HIGH, "next": "/min-side/"}
    try:
        token = client().authorize_access_token(request)
        claims = token.get("userinfo") or {}
        pid = check_claims(claims, needed_acr=pending["level"])
    except (AuthlibBaseError, JoseError, LoginRefused, KeyError, ValueError) as exc:
        log.warning("Min side: innlogging avvist: %s", exc)
        audit_record(actor=None, actor_username=ACTOR, kind=Kind.MINSIDE_LOGIN_DENIED,
                     detail=f"Min side: innlogging avvist ({type(exc).__name__})",
                     ip=client_ip(request), path=request.path)
        return render(request, "minside/login_failed.html", status=400)
    citizen_login(request, pid=pid, acr=claims["acr"], sid=str(claims.get("sid") or ""),
                  id_token=token.get("id_token", ""))
    me = selectors.me_for_pid(pid)
    audit_record(actor=None, actor_username=ACTOR, kind=Kind.MINSIDE_LOGIN,
                 persons=[me.pk] if me else [], detail=f"Min side: innlogget ({claims['acr']})",
                 ip=client_ip(request), path=request.path)
    return redirect(pending["next"])


@require_POST
def logout(request):
    """Log out here and at the provider (which logs out its other clients too)."""
    citizen = current_citizen(request)
    citizen_logout(request)
    if citizen is None or not citizen.id_token:
        return redirect("minside:index")
    end = client().load_server_metadata().get("end_session_endpoint")
    query = urlencode({
        "id_token_hint": citizen.id_token,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("minside:logged_out")),
    })
    return redirect(f"{end}?{query}")


@never_cache
@xframe_options_exempt  # the provider loads this in a hidden frame (CSP names it)
@require_GET
def frontchannel_logout(request):
    """ID-porten's front-channel logout: end every session opened with this ``sid``
    (``core.frontchannel``), each with an audit row."""
    for data in frontchannel.end_sessions(request, provider=frontchannel.Provider.IDPORTEN,
                                          issuer=settings.LEVEKAR_OIDC_ISSUER):
        pid = (data.get(SESSION_KEY) or {}).get("pid", "")
        me = selectors.me_for_pid(pid) if pid else None
        audit_record(actor=None, actor_username=ACTOR, kind=Kind.MINSIDE_LOGOUT_PROVIDER,
                     persons=[me.pk] if me else [],
                     purpose=Purpose.MINSIDE_IDPORTEN_LOGOUT, ip=client_ip(request),
                     path=request.path)
    return frontchannel.framed_response(settings.LEVEKAR_OIDC_ISSUER)


def logged_out(request):
    return render(request, "minside/logged_out.html")


@never_cache
@citizen_required(ACR_SUBSTANTIAL)
def index(request):
    me, unknown = _me_or_unknown(request)
    if unknown:
        return unknown
    data = {**selectors.overview(me), **selectors.lending(me),
            "family_cases": selectors.family_readers(me)}
    _audit(request, kind=Kind.MINSIDE_OVERVIEW_READ, persons=[p.person.pk for p in data["people"]],
           purpose=Purpose.MINSIDE_OVERVIEW)
    return render(request, "minside/index.html", {**data, "citizen": request.citizen})


@never_cache
@citizen_required(ACR_SUBSTANTIAL)
def person(request, person_id: int):
    me, unknown = _me_or_unknown(request)
    if unknown:
        return unknown
    target = selectors.person_in_scope(me, person_id)
    if target is None:
        return _no_access(request, me, f"person {person_id}")
    data = selectors.overview(me, persons=[target])
    _audit(request, kind=Kind.MINSIDE_PERSON_READ, persons=[target.pk])
    return render(request, "minside/person.html", {**data, "view": data["people"][0]})


def _holiday_answer(request, nomination_id: int, answer, done_text: str):
    """Accept or decline an offered holiday place: ``answer`` is the service to call,
    ``done_text`` the message naming the offer."""
    me, unknown = _me_or_unknown(request)
    if unknown:
        return unknown
    try:
        offer_name = answer(me=me, nomination_id=nomination_id)
    except services.OutOfScope:
        return _no_access(request, me, f"ferieplass {nomination_id}")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("minside:index")
    messages.success(request, done_text % {"offer": offer_name})
    return redirect("minside:index")


@require_POST
@citizen_required(ACR_SUBSTANTIAL)
def holiday_decline(request, nomination_id: int):
    return _holiday_answer(request, nomination_id, services.holiday_place_decline,
                           _("You have declined the place at %(offer)s."))


@require_POST
@citizen_required(ACR_SUBSTANTIAL)
def holiday_accept(request, nomination_id: int):
    return _holiday_answer(request, nomination_id, services.holiday_place_accept,
                           _("You have accepted the place at %(offer)s. Welcome!"))


@require_POST
@citizen_required(ACR_SUBSTANTIAL)
def holiday_contact_withdraw(request, nomination_id: int):
    return _holiday_answer(
        request, nomination_id, services.holiday_contact_withdraw,
        _("The organiser of %(offer)s no longer gets your contact details or transport "
          "need."))


@require_POST
@citizen_required(ACR_SUBSTANTIAL)
def loan_renew(request, loan_id: int):
    me, unknown = _me_or_unknown(request)
    if unknown:
        return unknown
    try:
        loan = services.loan_renew(me=me, loan_id=loan_id)
    except services.OutOfScope:
        return _no_access(request, me, f"lån {loan_id}")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("minside:index")
    messages.success(request, _("Renewed: %(item)s, now due %(due)s.") % {
        "item": loan.copy.item, "due": date_format(loan.due_on, "j. F Y")})
    return redirect("minside:index")


@never_cache
@citizen_required(ACR_SUBSTANTIAL)
def reserve(request):
    me, unknown = _me_or_unknown(request)
    if unknown:
        return unknown
    form = ReserveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reservation = services.item_reserve(me=me, item=form.cleaned_data["item"],
                                                location=form.cleaned_data["location"])
        except DomainError as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _(
                "Reserved: %(item)s at %(place)s. You get a message when it is ready.")
                % {"item": reservation.item, "place": reservation.location})
            return redirect("minside:index")
    return render(request, "minside/reserve.html", {"form": form})


@never_cache
@citizen_required(ACR_HIGH)
def access_log(request):
    """Hvem har sett opplysningene våre: staff reads of the citizen and their children."""
    me, unknown = _me_or_unknown(request)
    if unknown:
        return unknown
    logs = selectors.access_log(me)
    _audit(request, kind=Kind.MINSIDE_ACCESS_LOG_READ, persons=[log.person.pk for log in logs])
    return render(request, "minside/access_log.html", {"logs": logs})


def accessibility(request):
    return render(request, "minside/accessibility.html")


def _family(request, case_id: int):
    """(me, reader, None) for a member who may read case ``case_id``, else (…, response)."""
    me, unknown = _me_or_unknown(request)
    if unknown:
        return me, None, unknown
    reader = selectors.family_reader(me, case_id)
    if reader is None:
        return me, None, _no_access(request, me, f"familiens plan {case_id}")
    return me, reader, None


@never_cache
@citizen_required(ACR_HIGH)
def family_plan(request, case_id: int):
    """Familiens plan as the family member may read it (the high level: family data)."""
    _me, reader, refused = _family(request, case_id)
    if refused:
        return refused
    data = followup_citizen.plan_for_reader(reader)
    _audit(request, kind=Kind.MINSIDE_PLAN_READ, obj=reader.case, persons=data["persons"])
    return render(request, "minside/family_plan.html", data)


@never_cache
@citizen_required(ACR_HIGH)
def family_plan_pdf(request, case_id: int):
    """Familiens plan to print (A4 PDF) in the page's language or the one asked for
    (``?lang=nb|en``), with what the member may read; audited like the page."""
    _me, reader, refused = _family(request, case_id)
    if refused:
        return refused
    language = request.GET.get("lang") or request.LANGUAGE_CODE
    language = language if language in ("nb", "en") else "nb"
    pdf, persons = followup_citizen.plan_pdf_for_reader(reader, language=language)
    _audit(request, kind=Kind.MINSIDE_PLAN_PRINT, obj=reader.case, persons=persons,
           purpose=Purpose.MINSIDE_PLAN_PRINTED)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="familiens-plan-{language}.pdf"'
    return response


@never_cache
@citizen_required(ACR_HIGH)
def family_consents(request, case_id: int):
    """The consents the member sees and decides over, with give (POST) and withdraw."""
    me, reader, refused = _family(request, case_id)
    if refused:
        return refused
    form = ConsentGiveForm(request.POST or None, reader=reader)
    if request.method == "POST" and form.is_valid():
        try:
            followup_services.consent_give_on_min_side(
                reader=reader, unit=form.cleaned_data["unit"],
                parts=form.cleaned_data["parts"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Your consent to %(unit)s is registered and applies "
                                        "from now.") % {"unit": form.cleaned_data["unit"]})
            return redirect("minside:family_consents", case_id=case_id)
    units = followup_citizen.consents_for_reader(reader)
    persons = {me.pk} | {g.consent.subject_id or g.consent.given_by_id
                         for u in units for g in u.grants}
    _audit(request, kind=Kind.MINSIDE_CONSENTS_READ, obj=reader.case, persons=sorted(persons))
    return render(request, "minside/family_consents.html",
                  {"reader": reader, "units": units, "form": form})


@require_POST
@citizen_required(ACR_HIGH)
def family_consent_withdraw(request, case_id: int, grant_id: int):
    me, reader, refused = _family(request, case_id)
    if refused:
        return refused
    try:
        grant = followup_services.consent_grant_withdraw_on_min_side(reader=reader,
                                                                     grant_id=grant_id)
    except NotFound:
        return _no_access(request, me, f"samtykke {grant_id}")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("minside:family_consents", case_id=case_id)
    messages.success(request, _("%(unit)s may no longer see %(part)s. This applies from now.")
                     % {"unit": grant.unit.name, "part": grant.get_part_display().lower()})
    return redirect("minside:family_consents", case_id=case_id)


@never_cache
@citizen_required(ACR_SUBSTANTIAL)
def card_apply(request, person_id: int):
    """Søk om aktivitetskort for a child in the citizen's care; a receipt follows."""
    me, unknown = _me_or_unknown(request)
    if unknown:
        return unknown
    child = selectors.person_in_scope(me, person_id)
    if child is None or child.pk == me.pk:
        return _no_access(request, me, f"søknad om aktivitetskort for person {person_id}")
    form = CardApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            application = services.card_apply(me=me, child_id=child.pk, scheme=d["scheme"],
                                              grounds=d["grounds"], document=d["document"])
        except DomainError as exc:
            add_problems(form, exc, fields={"dokumentasjon": "document",
                                            "begrunnelse": "grounds"})
        else:
            return redirect("minside:card_application", application_id=application.pk)
    _audit(request, kind=Kind.MINSIDE_PERSON_READ, persons=[child.pk],
           purpose=Purpose.MINSIDE_APPLICATION_FORM)
    return render(request, "minside/card_apply.html", {"child": child, "form": form})


@never_cache
@citizen_required(ACR_SUBSTANTIAL)
def card_application(request, application_id: int):
    """The receipt, and the application's status afterwards."""
    me, unknown = _me_or_unknown(request)
    if unknown:
        return unknown
    try:
        application = services.card_application_in_scope(me=me,
                                                         application_id=application_id)
    except services.OutOfScope:
        return _no_access(request, me, f"søknad om aktivitetskort {application_id}")
    _audit(request, kind=Kind.MINSIDE_PERSON_READ, obj=application,
           persons=[application.child_id], purpose=Purpose.MINSIDE_APPLICATION)
    return render(request, "minside/card_application.html", {"application": application})
