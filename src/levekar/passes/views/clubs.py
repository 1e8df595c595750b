"""Clubs (staff side), the club's own code-based page, and refunds (role fritid)."""

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from levekar.core.access import role_required
from levekar.core.audit import client_ip
from levekar.core.errors import Conflict, DomainError, InvalidInput, NotFound
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role
from levekar.passes import selectors, services
from levekar.passes.forms import ClubForm, PassUseForm, RejectForm
from levekar.passes.views._common import paginate, user_municipality


def _link(request, token: str) -> str:
    return request.build_absolute_uri(reverse("passes:club_public", args=[token]))


@role_required(Role.LEISURE)
def clubs(request):
    municipality = user_municipality(request)
    form = ClubForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            club, token = services.club_create(municipality=municipality, **form.cleaned_data)
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            return render(request, "passes/club_link.html",
                          {"club": club, "link": _link(request, token), "new": True})
    return render(request, "passes/clubs.html", {"clubs": selectors.clubs_overview(),
                                                 "form": form})


@role_required(Role.LEISURE)
def club_detail(request, club_id):
    club = selectors.club_get(club_id)
    form = ClubForm(request.POST or None, municipality=club.municipality,
                    initial=ClubForm.initial_for(club))
    if request.method == "POST" and form.is_valid():
        try:
            services.club_update(club=club, active=club.active, **form.cleaned_data)
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The club is saved."))
            return redirect("passes:club_detail", club_id=club.pk)
    page = paginate(request, selectors.club_uses(club))
    return render(request, "passes/club_detail.html", {"club": club, "form": form,
                                                       "page": page})


def _confirm(request, *, title: str, lines: list[str], button: str, cancel_url: str):
    """The page that asks before an irreversible step; the step runs only on a POST that
    carries ``confirmed`` (the page's own button)."""
    return render(request, "passes/confirm.html", {
        "title": title, "lines": lines, "button": button, "cancel_url": cancel_url})


def _confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirmed") == "1"


@require_http_methods(["GET", "POST"])
@role_required(Role.LEISURE)
def club_renew(request, club_id):
    club = selectors.club_get(club_id)
    if not _confirmed(request):
        return _confirm(
            request, title=_("New link for %(club)s?") % {"club": club.name},
            lines=[_("The club's current link stops working at once. The club can register "
                     "cards only after you have sent them the new link.")],
            button=_("Make a new link"),
            cancel_url=reverse("passes:club_detail", args=[club.pk]))
    token = services.club_token_renew(club=club)
    return render(request, "passes/club_link.html",
                  {"club": club, "link": _link(request, token), "new": False})


def club_public(request, token):
    """The club's page behind its secret link: register a card code and a fee."""
    try:
        club = services.club_for_token(token)
    except NotFound:
        return render(request, "passes/club_invalid.html", status=404)
    form = PassUseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            use = services.pass_use_register(club=club, code=d["code"], fee=d["fee"],
                                             activity=d["activity"], ip=client_ip(request))
        except (InvalidInput, Conflict) as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Registered: card %(code)s, NOK %(fee)s. The "
                                        "municipality refunds the fee after approval.") % {
                "code": use.display_code, "fee": use.fee})
            return redirect("passes:club_public", token=token)
    uses = list(selectors.club_uses(club)[:20])
    response = render(request, "passes/club_public.html",
                      {"club": club, "form": form, "uses": uses})
    # The token is in the address: the site-wide Referrer-Policy (same-origin) keeps it
    # from other sites (no-referrer would make the browser send "Origin: null" and fail
    # the CSRF check); no-store keeps it out of shared caches.
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.LEISURE)
def refunds(request):
    page = paginate(request, selectors.refunds_pending(), per_page=100)
    spent = selectors.child_spent([u.activity_pass_id for u in page])
    rows = [(use, use.activity_pass.scheme.cap_left(spent.get(use.activity_pass_id, 0)))
            for use in page]
    return render(request, "passes/refunds.html", {
        "page": page, "rows": rows, "totals": selectors.refund_pending_totals(),
        "unexported": list(selectors.refunds_unexported_by_club()),
        "exports": selectors.refund_exports(), "reject_form": RejectForm(),
    })


@require_POST
@role_required(Role.LEISURE)
def refunds_approve(request):
    approved, rejected = services.refunds_approve(actor=request.user)
    if approved or rejected:
        messages.success(request, _("%(approved)s claims approved, %(rejected)s not refunded "
                                    "(the yearly cap was reached).") % {
            "approved": approved, "rejected": rejected})
    else:
        messages.info(request, _("There were no claims awaiting approval."))
    return redirect("passes:refunds")


@require_POST
@role_required(Role.LEISURE)
def refund_reject(request, use_id):
    use = selectors.refunds_pending().filter(pk=use_id).first()
    form = RejectForm(request.POST)
    if use is None:
        messages.error(request, _("The claim is already handled."))
    elif not form.is_valid():
        messages.error(request, _("Write why the claim is not refunded."))
    else:
        try:
            services.pass_use_reject(actor=request.user, use=use,
                                     reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The claim is marked as not refunded."))
    return redirect("passes:refunds")


@require_http_methods(["GET", "POST"])
@role_required(Role.LEISURE)
def refunds_export(request):
    if not _confirmed(request):
        rows = list(selectors.refunds_unexported_by_club())
        if not rows:
            messages.info(request, _("There is nothing to export."))
            return redirect("passes:refunds")
        claims = sum(r["count"] for r in rows)
        total = sum(r["total"] for r in rows)
        return _confirm(
            request, title=_("Export for payment?"),
            lines=[_("%(claims)s approved claims to %(clubs)s clubs, NOK %(total)s in all, go "
                     "into one payment file.") % {"claims": claims, "clubs": len(rows),
                                                  "total": intcomma(total)},
                   _("An exported claim cannot be exported again or changed.")],
            button=_("Export"), cancel_url=reverse("passes:refunds"))
    try:
        export = services.refunds_export(actor=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("passes:refunds")
    messages.success(request, _("Export %(id)s: %(count)s claims, NOK %(total)s. Download the "
                                "file for payment below.") % {
        "id": export.pk, "count": export.use_count, "total": export.total_amount})
    return redirect("passes:refunds")


@role_required(Role.LEISURE)
def refund_export_download(request, export_id):
    export = selectors.refund_export_get(export_id)
    response = HttpResponse(services.refund_export_csv(export).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="refusjoner-{export.pk}.csv"'
    return response
