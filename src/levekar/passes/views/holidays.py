"""Holiday offers: the office's page and the services' nomination page."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from levekar.core import jobs
from levekar.core.access import role_required
from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.errors import Conflict, DomainError, InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role, has_role
from levekar.core.selectors import job_get_for_user
from levekar.passes import selectors, services
from levekar.passes.forms import AllocateForm, DeclineForm, MoveForm, NominationForm, OfferForm
from levekar.passes.models import HolidayOffer, Nomination
from levekar.passes.views._common import NOMINATING_ROLES, user_municipality

CANNOT_NOMINATE = gettext_lazy(
    "The family cannot be nominated with this number. Check the number, or ask the "
    "leisure office.")


NOTICE_TASK = "passes.holiday_notices"


def _notify(request, offer) -> str:
    """Queue the job that tells the families with places not told yet; the page to follow
    it on."""
    job = jobs.enqueue(NOTICE_TASK, started_by=request.user, offer_id=offer.pk)
    return reverse("passes:offer_detail", args=[offer.pk]) + f"?jobb={job.pk}"


def _notice_job(request):
    try:
        job = job_get_for_user(request.user, int(request.GET.get("jobb", "")))
    except (ValueError, Http404):
        return None
    return job if job.name == NOTICE_TASK else None


def _audit_lookup(request, household) -> None:
    """Every lookup of a person by national id is audited, found or not."""
    persons = selectors.persons_of([household.pk]) if household is not None else []
    audit_request(request, kind=Kind.HOLIDAY_LOOKUP_READ, object_type="people.household",
                  object_id=household.pk if household is not None else "", persons=persons,
                  detail="oppslag på fødselsnummer ved nominasjon til ferietilbud ("
                          + ("funnet" if household is not None else "ikke funnet") + ")")


@role_required(*NOMINATING_ROLES)
def offers(request):
    return render(request, "passes/offers.html", {
        "offers": selectors.offers_overview(),
        "is_office": has_role(request.user, Role.LEISURE),
    })


@role_required(Role.LEISURE)
def offer_create(request):
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(municipality=user_municipality(request),
                                          **form.cleaned_data)
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The offer is created. Services can now nominate "
                                        "families."))
            return redirect("passes:offer_detail", offer_id=offer.pk)
    return render(request, "passes/offer_form.html", {"form": form})


@role_required(Role.LEISURE)
def offer_detail(request, offer_id):
    offer = selectors.offer_get(offer_id)
    nominations = selectors.offer_nominations(offer)
    rows, members = selectors.family_rows(offer, nominations)
    S = Nomination.Status
    audit_request(request, kind=Kind.HOLIDAY_NOMINATIONS_READ, obj=offer,
                  purpose=Purpose.HOLIDAY_NOMINATIONS_LIST,
                  persons=[p.pk for people in members.values() for p in people])
    allocated = [r for r in rows if r[0].status == S.ALLOCATED]
    return render(request, "passes/offer_detail.html", {
        "offer": offer,
        "nominated": [r for r in rows if r[0].status == S.NOMINATED],
        "allocated": allocated,
        "waitlist": [r for r in rows if r[0].status == S.WAITLISTED],
        "declined": [r for r in rows if r[0].status == S.DECLINED],
        "persons_allocated": sum(r[0].persons for r in allocated),
        "events": selectors.queue_events(offer),
        "draw_ok": selectors.draw_check(offer, nominations),
        "untold": sum(1 for r in allocated if not hasattr(r[0], "notice")),
        "notice_job": _notice_job(request),
        "allocate_form": AllocateForm(), "decline_form": DeclineForm(), "move_form": MoveForm(),
    })


@require_POST
@role_required(Role.LEISURE)
def allocate(request, offer_id):
    offer = selectors.offer_get(offer_id)
    form = AllocateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The seed must be a whole number."))
        return redirect("passes:offer_detail", offer_id=offer.pk)
    try:
        offer = services.offer_allocate(actor=request.user, offer=offer,
                                        seed=form.cleaned_data["seed"])
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The places are allocated (seed %(seed)s). The families "
                                    "with places are told by e-mail, SMS or letter.") % {
            "seed": offer.seed})
        return redirect(_notify(request, offer))
    return redirect("passes:offer_detail", offer_id=offer.pk)


@require_POST
@role_required(Role.LEISURE)
def decline(request, offer_id, nomination_id):
    offer = selectors.offer_get(offer_id)
    nomination = selectors.nomination_get(offer, nomination_id)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        promoted = services.nomination_decline(actor=request.user, nomination=nomination,
                                               reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Registered that the family declined. %(n)s families "
                                    "moved up from the waitlist.") % {"n": len(promoted)})
        if promoted:
            return redirect(_notify(request, offer))
    return redirect("passes:offer_detail", offer_id=offer.pk)


@require_POST
@role_required(Role.LEISURE)
def notices_send(request, offer_id):
    """Tell the families with places not told yet (e.g. after a failed run)."""
    offer = selectors.offer_get(offer_id)
    if offer.status != HolidayOffer.Status.ALLOCATED:
        messages.error(request, _("The places are not allocated yet."))
        return redirect("passes:offer_detail", offer_id=offer.pk)
    return redirect(_notify(request, offer))


@role_required(Role.LEISURE)
def holiday_letter(request, offer_id, nomination_id):
    """The letter a family with places got on paper, to print again."""
    offer = selectors.offer_get(offer_id)
    nomination = selectors.nomination_get(offer, nomination_id)
    if nomination.status != Nomination.Status.ALLOCATED:
        raise Http404
    pdf = services.holiday_letter_pdf(nomination=nomination, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="ferie-{offer.pk}-plass-'
                                       f'{nomination.pk}.pdf"')
    return response


@require_POST
@role_required(Role.LEISURE)
def move(request, offer_id, nomination_id):
    offer = selectors.offer_get(offer_id)
    nomination = selectors.nomination_get(offer, nomination_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A move needs a new place and a reason."))
        return redirect("passes:offer_detail", offer_id=offer.pk)
    try:
        services.waitlist_move(actor=request.user, nomination=nomination,
                               to_position=form.cleaned_data["to_position"],
                               reason=form.cleaned_data["reason"])
    except InvalidInput as exc:
        messages.error(request, exc.summary())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The family is moved in the waitlist."))
    return redirect("passes:offer_detail", offer_id=offer.pk)


@role_required(Role.LEISURE)
def offer_list_csv(request, offer_id, which):
    if which not in {"tildelt", "venteliste"}:
        raise Http404
    offer = selectors.offer_get(offer_id)
    text = services.offer_list_csv(actor=request.user, offer=offer, which=which)
    response = HttpResponse(text.encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ferie-{offer.pk}-{which}.csv"'
    return response


@role_required(*NOMINATING_ROLES)
def nominate(request, offer_id):
    offer = selectors.offer_get(offer_id)
    form = NominationForm(request.POST or None,
                          needs_basis=services.nomination_needs_basis(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        household = selectors.household_for_national_id(d["national_id"])
        _audit_lookup(request, household)
        # A nominating service learns no more than it may know: "not registered", "no
        # child of the age" and "nominated by another service" (a sign of low income)
        # get one answer. The leisure office, who sees every nomination, gets the detail.
        neutral = not has_role(request.user, Role.LEISURE)
        if household is None:
            form.add_error("national_id", CANNOT_NOMINATE if neutral else _(
                "No household is registered with this person. Check the number, or ask "
                "the leisure office."))
        else:
            try:
                services.nomination_create(actor=request.user, offer=offer, household=household,
                                           need=d["need"], reason=d["reason"],
                                           persons=d["persons"], basis=d.get("basis", ""),
                                           shares_contact=d["shares_contact"],
                                           transport_need=d["transport_need"])
            except InvalidInput as exc:
                if neutral and any(p.field == "familie" for p in exc.problems):
                    form.add_error("national_id", CANNOT_NOMINATE)
                add_problems(form, type(exc)([p for p in exc.problems
                                              if not (neutral and p.field == "familie")]))
            except Conflict as exc:
                own = selectors.nominations_for_user(offer, request.user).filter(
                    household=household).exists()
                if neutral and offer.status == HolidayOffer.Status.OPEN and not own:
                    form.add_error("national_id", CANNOT_NOMINATE)
                else:
                    add_problems(form, exc)
            else:
                messages.success(request, _("The family is nominated."))
                return redirect("passes:nominate", offer_id=offer.pk)
    mine = list(selectors.nominations_for_user(offer, request.user)[:100])
    rows, members = selectors.family_rows(offer, mine)
    person_ids = [p.pk for people in members.values() for p in people]
    if person_ids:
        audit_request(request, kind=Kind.HOLIDAY_NOMINATIONS_READ, obj=offer,
                      purpose=Purpose.HOLIDAY_OWN_NOMINATIONS, persons=person_ids)
    return render(request, "passes/nominate.html", {
        "offer": offer, "form": form, "rows": rows,
        "open": offer.status == HolidayOffer.Status.OPEN,
    })
