"""The card desk of the leisure office: find a child's card, block and replace it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core.access import role_required
from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.errors import DomainError, InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role
from levekar.passes import selectors, services
from levekar.passes.forms import BlockCardForm, CardSearchForm, ManualCardForm
from levekar.people.services import person_lookup


@role_required(Role.LEISURE)
def cards(request, manual_form=None):
    form = CardSearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    found = list(selectors.cards_search(q)) if q else []
    if found:
        audit_request(request, kind=Kind.PASS_LIST_READ, object_type="passes.activitypass",
                      persons=[c.person_id for c in found], purpose=Purpose.PASS_CARD_SEARCH)
    manual_form = manual_form or ManualCardForm(
        initial={"year": timezone.localdate().year})
    return render(request, "passes/cards.html", {"form": form, "q": q, "found": found,
                                                 "limit": selectors.cards.SEARCH_LIMIT,
                                                 "manual_form": manual_form})


@require_POST
@role_required(Role.LEISURE)
def card_issue(request):
    """Issue a card by hand, with a reason (audited)."""
    form = ManualCardForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        person = person_lookup(actor=request.user, national_id=d["national_id"],
                               purpose=Purpose.PASS_CARD_ISSUED_BY_HAND)
        if person is None:
            form.add_error("national_id", _("No person is registered with this number. "
                                            "Check it, or register the household first."))
        else:
            try:
                card, warnings = services.pass_issue_manual(
                    actor=request.user, scheme=d["scheme"], year=d["year"], person=person,
                    reason=d["reason"])
            except DomainError as exc:
                add_problems(form, exc)
            else:
                messages.success(request, _("Card %(code)s is issued to %(name)s.") % {
                    "code": card.display_code, "name": person.full_name})
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect("passes:card_detail", pk=card.pk)
    return cards(request, manual_form=form)


def _card_page(request, pk, form=None):
    account = selectors.card_account(pk)
    audit_request(request, kind=Kind.PASS_CARD_READ, obj=account.card,
                  persons=[account.card.person_id], purpose=Purpose.PASS_CARD_PAGE)
    return render(request, "passes/card_detail.html", {
        "account": account, "card": account.card, "block_form": form or BlockCardForm()})


@role_required(Role.LEISURE)
def card_detail(request, pk):
    return _card_page(request, pk)


@require_POST
@role_required(Role.LEISURE)
def card_block(request, pk):
    account = selectors.card_account(pk)
    form = BlockCardForm(request.POST)
    if not form.is_valid():
        return _card_page(request, pk, form)
    try:
        card, blocked = services.pass_block_and_replace(
            actor=request.user, activity_pass=account.card, reason=form.cleaned_data["reason"])
    except InvalidInput as exc:
        add_problems(form, exc)
        return _card_page(request, pk, form)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("passes:card_detail", pk=pk)
    messages.success(request, _("Card %(old)s is blocked. The new code is %(new)s; what was "
                                "left of the year's amount is on it. Send the family a new "
                                "letter.") % {"old": blocked.display_code,
                                              "new": card.display_code})
    return redirect("passes:card_detail", pk=pk)
