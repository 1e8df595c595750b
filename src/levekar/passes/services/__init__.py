"""Every write of the passes app (and the exports that read personal data).

Split by topic; import from here: ``from levekar.passes import services``.
"""

from levekar.passes.services._common import ALREADY_ISSUED, REASON_LABELS
from levekar.passes.services.applications import (
    card_application_create,
    card_application_decide,
    card_application_letter_pdf,
    document_check,
    document_path,
)
from levekar.passes.services.cards import pass_block_and_replace, pass_issue_manual
from levekar.passes.services.clubs import (
    club_create,
    club_for_token,
    club_token_renew,
    club_update,
    pass_use_register,
    pass_use_reject,
    refund_export_csv,
    refunds_approve,
    refunds_export,
)
from levekar.passes.services.delivery import letters_deliver, reminder_letters_deliver
from levekar.passes.services.holiday_notices import holiday_letter_pdf, holiday_notices_send
from levekar.passes.services.holidays import (
    nomination_accept,
    nomination_contact_withdraw,
    nomination_create,
    nomination_decline,
    nomination_needs_basis,
    offer_allocate,
    offer_create,
    offer_list_csv,
    waitlist_move,
)
from levekar.passes.services.import_files import (
    import_folder_run,
    upload_import,
    upload_store,
)
from levekar.passes.services.importing import ImportResult, households_import
from levekar.passes.services.issuance import passes_issue
from levekar.passes.services.letters import pass_letter_pdf, reminder_letter_pdf
from levekar.passes.services.reminders import reminders_send
from levekar.passes.services.schemes import (
    rule_set_close,
    rule_set_create,
    rule_set_for_year,
    scheme_create,
    scheme_update,
)

__all__ = [
    "ALREADY_ISSUED",
    "REASON_LABELS",
    "ImportResult",
    "card_application_create",
    "card_application_decide",
    "card_application_letter_pdf",
    "club_create",
    "club_for_token",
    "club_token_renew",
    "club_update",
    "document_check",
    "document_path",
    "holiday_letter_pdf",
    "holiday_notices_send",
    "households_import",
    "import_folder_run",
    "letters_deliver",
    "nomination_accept",
    "nomination_contact_withdraw",
    "nomination_create",
    "nomination_decline",
    "nomination_needs_basis",
    "offer_allocate",
    "offer_create",
    "offer_list_csv",
    "pass_block_and_replace",
    "pass_issue_manual",
    "pass_letter_pdf",
    "pass_use_register",
    "pass_use_reject",
    "passes_issue",
    "refund_export_csv",
    "refunds_approve",
    "refunds_export",
    "reminder_letter_pdf",
    "reminder_letters_deliver",
    "reminders_send",
    "rule_set_close",
    "rule_set_create",
    "rule_set_for_year",
    "scheme_create",
    "scheme_update",
    "upload_import",
    "upload_store",
    "waitlist_move",
]
