"""Cards at the desk of the leisure office: a lost card blocked and replaced."""

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Action, audit_record
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.passes import codes
from levekar.passes.models import ActivityPass, BlockedCard
from levekar.passes.services._common import actor_user


def _unused_code() -> str:
    while True:
        code = codes.new_code()
        if not (ActivityPass.objects.filter(code=code).exists()
                or BlockedCard.objects.filter(code=code).exists()):
            return code


@transaction.atomic
def pass_block_and_replace(*, actor, activity_pass: ActivityPass,
                           reason: str) -> tuple[ActivityPass, BlockedCard]:
    """Block a lost or stolen card and give the child a new code at once.

    The old code stops working in the same transaction (a club trying it is told the card
    is blocked); the pass keeps its row, so its refunds so far and what is left of the
    year's cap go with the new code. Audited with the child as subject.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput([Problem("Skriv hvorfor kortet sperres (for eksempel «mistet»).",
                                    field="begrunnelse")])
    card = ActivityPass.objects.select_for_update().get(pk=activity_pass.pk)
    if card.year < timezone.localdate().year:
        raise Conflict(f"Kortet gjaldt for {card.year}; det er ingenting å erstatte.")
    blocked = BlockedCard.objects.create(activity_pass=card, code=card.code,
                                         blocked_by=actor_user(actor), reason=reason[:200])
    card.code = _unused_code()
    card.save(update_fields=["code"])
    audit_record(actor=actor, action=Action.UPDATE, obj=card, persons=[card.person_id],
                 purpose=f"kort sperret og erstattet ({reason[:80]})")
    return card, blocked
