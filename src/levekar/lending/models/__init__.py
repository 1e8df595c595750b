"""The equipment library (utstyrsbank): catalogue, copies, borrowers, loans, holds, repairs.

Borrowers are this app's own records, not ``people.Person``: anyone may borrow, nobody is
asked about income or need, and nothing here is case data. The invariants that matter
when two desks work at once are database constraints: one active loan per copy, one live
hold per copy, one open reservation per borrower and item, one reminder per loan and kind.
"""

from levekar.lending.models.borrowers import Borrower
from levekar.lending.models.catalogue import (
    LENDABLE_CONDITIONS,
    Category,
    Condition,
    Copy,
    Item,
    LendingPoint,
    OpeningHours,
    Weekday,
    item_photo_path,
)
from levekar.lending.models.loans import (
    Checkout,
    Loan,
    LoanReminder,
    RepairReport,
    Reservation,
)

__all__ = [
    "LENDABLE_CONDITIONS", "Borrower", "Category", "Checkout", "Condition", "Copy", "Item",
    "LendingPoint", "Loan", "LoanReminder", "OpeningHours", "RepairReport", "Reservation",
    "Weekday", "item_photo_path",
]
