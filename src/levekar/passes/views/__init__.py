"""Views of the passes app, by topic."""

from levekar.passes.views.cards import card_block, card_detail, cards
from levekar.passes.views.clubs import (
    club_detail,
    club_public,
    club_renew,
    clubs,
    refund_export_download,
    refund_reject,
    refunds,
    refunds_approve,
    refunds_export,
)
from levekar.passes.views.holidays import (
    allocate,
    decline,
    move,
    nominate,
    offer_create,
    offer_detail,
    offer_list_csv,
    offers,
)
from levekar.passes.views.schemes import (
    issue,
    letter_pdf,
    letters,
    overview,
    rule_set_close,
    rule_set_create,
    run_detail,
    scheme_create,
    scheme_detail,
    scheme_edit,
)
from levekar.passes.views.uptake import reminder_letter, reminder_run, reminders, uptake

__all__ = [
    "card_block", "card_detail", "cards",
    "allocate", "club_detail", "club_public", "club_renew", "clubs", "decline", "issue",
    "letter_pdf", "letters", "move", "nominate", "offer_create", "offer_detail",
    "offer_list_csv", "offers", "overview", "refund_export_download", "refund_reject",
    "refunds", "refunds_approve", "refunds_export", "reminder_letter", "reminder_run",
    "reminders", "rule_set_close", "rule_set_create", "run_detail", "scheme_create",
    "scheme_detail", "scheme_edit", "uptake",
]
