"""Every write of the equipment library. Views, the CLI and the demo call these."""

from levekar.lending.services.borrowers import (
    DuplicatePhone,
    audit_borrower,
    borrower_add_child,
    borrower_delete_on_request,
    borrower_register,
    borrower_update,
)
from levekar.lending.services.catalogue import (
    category_ensure,
    copies_add,
    copy_update,
    item_create,
    item_update,
    lending_point_ensure,
    opening_hours_set,
)
from levekar.lending.services.holds import (
    holds_process,
    reservation_cancel,
    reservation_create,
    reservation_step_back,
)
from levekar.lending.services.imports import (
    ImportResult,
    inventory_import,
    inventory_unknown_categories,
    inventory_upload_discard,
    inventory_upload_get,
    inventory_upload_import,
    inventory_upload_store,
)
from levekar.lending.services.loans import (
    ReturnResult,
    checkout_return,
    class_set_lend,
    loan_renew,
    loans_lend,
    loans_return,
    parse_copy_numbers,
)
from levekar.lending.services.reminders import ReminderReport, reminders_send
from levekar.lending.services.repairs import (
    copy_release_buffer,
    copy_report_damage,
    repair_resolve,
)

__all__ = [
    "DuplicatePhone",
    "ImportResult", "ReminderReport", "ReturnResult", "audit_borrower", "borrower_add_child",
    "borrower_delete_on_request", "borrower_register", "borrower_update", "category_ensure",
    "checkout_return", "class_set_lend", "copies_add", "copy_release_buffer",
    "copy_report_damage", "copy_update",
    "holds_process", "inventory_import", "inventory_unknown_categories",
    "inventory_upload_discard", "inventory_upload_get", "inventory_upload_import",
    "inventory_upload_store", "item_create", "item_update", "lending_point_ensure",
    "loan_renew", "loans_lend", "loans_return", "opening_hours_set", "parse_copy_numbers",
    "reminders_send", "repair_resolve", "reservation_cancel", "reservation_create",
    "reservation_step_back",
]
