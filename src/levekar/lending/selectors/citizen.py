"""Reads for a resident's own page (Min side).

The equipment library asks for no register data, so a resident's borrower records are
found by the mobile number the contact register (KRR) gives for the person — the same
number the desk registered them with. Institutions and deleted borrowers never match.
"""

from django.db.models import QuerySet

from levekar.lending.lib import InvalidPhone, normalize_phone
from levekar.lending.models import Borrower, Item, Loan, Reservation


def borrowers_for_phone(phone: str) -> list[Borrower]:
    try:
        number = normalize_phone(phone)
    except InvalidPhone:
        return []
    if not number:
        return []
    return list(Borrower.objects.filter(phone=number, kind=Borrower.Kind.PERSON,
                                        anonymised_at__isnull=True).order_by("pk"))


def loans_for_borrowers(borrower_ids: list[int]) -> QuerySet[Loan]:
    """Loans not yet returned, soonest due first."""
    return (Loan.objects.filter(borrower_id__in=borrower_ids, returned_at__isnull=True)
            .select_related("copy__item", "copy__location", "category")
            .order_by("due_on", "pk"))


def reservations_for_borrowers(borrower_ids: list[int]) -> QuerySet[Reservation]:
    """Reservations still waiting or ready for pick-up."""
    return (Reservation.objects.filter(borrower_id__in=borrower_ids,
                                       status__in=[Reservation.Status.WAITING,
                                                   Reservation.Status.READY])
            .select_related("item", "location").order_by("queued_at", "pk"))


def reservable_items() -> QuerySet[Item]:
    """Active items that have copies somewhere, by name."""
    return (Item.objects.filter(active=True, copies__isnull=False).distinct()
            .order_by("name"))
