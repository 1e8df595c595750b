"""Reads for the leisure office's card desk: find a child's card, one card's account."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from levekar.passes import codes
from levekar.passes.models import ActivityPass, BlockedCard, PassUse

SEARCH_LIMIT = 50


def cards_search(q: str) -> QuerySet[ActivityPass]:
    """Cards whose child's name, household address or code (also a blocked one) matches
    every word of ``q``; newest year first. One query."""
    words = q.split()
    if not words:
        return ActivityPass.objects.none()
    cards = ActivityPass.objects.all()
    for word in words[:5]:
        code = codes.normalise(word)
        cards = cards.filter(
            Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
            # A protected address is not searchable (it would tell where they live).
            | (Q(household__street__icontains=word) & Q(household__address_protection=""))
            | Q(code=code)
            | Q(blocked_codes__code=code))
    return (cards.select_related("person", "household", "scheme").distinct()
            .order_by("-year", "person__last_name", "person__first_name", "pk")[:SEARCH_LIMIT])


@dataclass
class CardAccount:
    card: ActivityPass
    uses: list[PassUse]
    blocked: list[BlockedCard]
    spent: int
    left: int


def card_account(pk: int) -> CardAccount:
    """A card with its registrations, blocked codes, and what is left of the year's cap."""
    card = (ActivityPass.objects.select_related("person", "household", "scheme")
            .filter(pk=pk).first())
    if card is None:
        raise Http404
    uses = list(PassUse.objects.filter(activity_pass=card).select_related("club")
                .order_by("-registered_at", "-id"))
    for use in uses:
        use.activity_pass = card
    spent = sum(u.approved_amount or 0 for u in uses if u.status == PassUse.Status.APPROVED)
    return CardAccount(card=card, uses=uses,
                       blocked=list(card.blocked_codes.order_by("-blocked_at")),
                       spent=spent, left=card.scheme.cap_left(spent))


