"""Holiday offers: the office's page and the services' nomination page."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from levekar.core.access import role_required
from levekar.core.audit import Kind, audit_request
from levekar.core.errors import Conflict, DomainError, InvalidInput
from levekar.core.roles import Role, has_role
from levekar.passes import selectors, services
from levekar.passes.forms import AllocateForm, DeclineForm, MoveForm, NominationForm, OfferForm
from levekar.passes.models import HolidayOffer, Nomination
from levekar.passes.views._common import NOMINATING_ROLES, add_problems, user_municipality

CANNOT_NOMINATE = _lazy(
    "The family cannot be nominated with this number. Check the number, or ask the "
    "leisure office.")


def _audit_lookup(request, household) -> None:
    """Every lookup of a person by national id is audited, found or not."""
    persons = selectors.persons_of([household.pk]) if household is not None else []
    audit_request(request, kind=Kind.HOLIDAY_LOOKUP_READ, object_type="people.household",
                  object_id=household.pk if household is not None else "", persons=persons,
                  purpose="oppslag på fødselsnummer ved nominasjon til ferietilbud ("
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
                  purpose="nominerte familier",
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
        messages.success(request, _("The places are allocated (seed %(seed)s).") % {
            "seed": offer.seed})
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
    return redirect("passes:offer_detail", offer_id=offer.pk)


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
    form = NominationForm(request.POST or None)
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
                                           persons=d["persons"])
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
                    form.add_error(None, exc.message)
            else:
                messages.success(request, _("The family is nominated."))
                return redirect("passes:nominate", offer_id=offer.pk)
    mine = list(selectors.nominations_for_user(offer, request.user)[:100])
    rows, members = selectors.family_rows(offer, mine)
    person_ids = [p.pk for people in members.values() for p in people]
    if person_ids:
        audit_request(request, kind=Kind.HOLIDAY_NOMINATIONS_READ, obj=offer,
                      purpose="egne nominasjoner til ferietilbud", persons=person_ids)
    return render(request, "passes/nominate.html", {
        "offer": offer, "form": form, "rows": rows,
        "open": offer.status == HolidayOffer.Status.OPEN,
    })
