"""Reads for the lending desk. Only the desk role sees borrowers (need to know); the
views audit every read of a borrower's data. Each function runs a fixed number of queries."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from levekar.core.roles import Role, has_role
from levekar.lending.lib import fold
from levekar.lending.models import (
    Borrower,
    Checkout,
    Condition,
    Copy,
    Item,
    LendingPoint,
    Loan,
    LoanReminder,
    RepairReport,
    Reservation,
)

SEARCH_LIMIT = 25


def _require_desk(user) -> None:
    if not has_role(user, Role.LENDING):
        raise Http404


def _count(qs: QuerySet, *, by: str) -> Coalesce:
    """How many rows ``qs`` (filtered on an ``OuterRef`` to ``by``) has, 0 for none."""
    return Coalesce(Subquery(qs.values(by).annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


def _active_loan_count() -> Coalesce:
    return _count(Loan.objects.filter(borrower=OuterRef("pk"), returned_at__isnull=True),
                  by="borrower")


def borrower_search(user, *, q: str, limit: int = SEARCH_LIMIT) -> list[Borrower]:
    """Borrowers by phone (four or more digits of the number), card number (digits only,
    exact) or name or e-mail (every word, any order). Deleted borrowers are never found."""
    _require_desk(user)
    q = (q or "").strip()
    digits = re.sub(r"\D", "", q)
    qs = Borrower.objects.filter(anonymised_at__isnull=True)
    if digits and not re.search(r"[^\d\s+().-]", q):
        if digits.startswith("47") and len(digits) == 10:
            digits = digits[2:]
        # A few digits are a card number; four or more may also be part of a phone number.
        match = Q(pk=int(digits)) if len(digits) <= 7 else Q(pk__in=[])
        if len(digits) >= 4:
            match |= Q(phone__contains=digits)
        qs = qs.filter(match)
    else:
        words = [w for w in fold(q).split() if w]
        if not words:
            return []
        for word in words[:5]:
            qs = qs.filter(Q(search_name__contains=word) | Q(email__icontains=word))
    return list(qs.select_related("guardian")
                .annotate(active_loans=_active_loan_count(), n_children=Count("children"))
                .order_by("search_name", "pk")[:limit])


def borrower_get_for_user(user, pk: int) -> Borrower:
    """The borrower, for the desk only; 404 for others and for deleted borrowers."""
    _require_desk(user)
    borrower = (Borrower.objects.filter(pk=pk, anonymised_at__isnull=True)
                .select_related("guardian").first())
    if borrower is None:
        raise Http404
    return borrower


def borrower_by_card_number(user, number: int) -> Borrower | None:
    """The (not deleted) borrower with this card number, or None; for the desk only."""
    _require_desk(user)
    return Borrower.objects.filter(pk=number, anonymised_at__isnull=True).first()


def queue_position():
    """1-based place of a waiting reservation in its item's queue at its point."""
    ahead = (Reservation.objects.filter(
        item=OuterRef("item"), location=OuterRef("location"),
        status=Reservation.Status.WAITING)
        .filter(Q(queued_at__lt=OuterRef("queued_at"))
                | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))))
    return _count(ahead, by="item") + 1


@dataclass
class BorrowerOverview:
    borrower: Borrower
    children: list[Borrower]
    active_loans: list[Loan]
    reservations: list[Reservation]
    history: list[Loan]
    history_total: int


def borrower_overview(borrower: Borrower, *, history: int = 20) -> BorrowerOverview:
    children = list(borrower.children.filter(anonymised_at__isnull=True)
                    .annotate(active_loans=_active_loan_count()).order_by("birth_year", "pk"))
    active = list(Loan.objects.filter(borrower=borrower, returned_at__isnull=True)
                  .select_related("copy__item__category", "copy__location", "checkout")
                  .annotate(reminded=Exists(LoanReminder.objects.filter(loan=OuterRef("pk"))))
                  .order_by("due_on", "copy__number"))
    reservations = list(
        Reservation.objects.filter(borrower=borrower,
                                   status__in=[Reservation.Status.WAITING,
                                               Reservation.Status.READY])
        .select_related("item", "location", "copy").annotate(position=queue_position())
        .order_by("queued_at"))
    past = Loan.objects.filter(borrower=borrower, returned_at__isnull=False)
    return BorrowerOverview(
        borrower=borrower, children=children, active_loans=active, reservations=reservations,
        history=list(past.select_related("copy__item").order_by("-returned_at")[:history]),
        history_total=past.count(),
    )


@dataclass
class DeskCounts:
    due_today: int
    overdue: int
    holds_ready: int
    in_repair: int
    in_buffer: int


def desk_counts(*, location: LendingPoint, now: dt.datetime | None = None) -> DeskCounts:
    now = now or timezone.now()
    today = timezone.localdate(now)
    loans = Loan.objects.filter(returned_at__isnull=True).aggregate(
        due_today=Count("pk", filter=Q(due_on=today)),
        overdue=Count("pk", filter=Q(due_on__lt=today)))
    copies = Copy.objects.filter(location=location).aggregate(
        in_repair=Count("pk", filter=Q(condition=Condition.IN_REPAIR)),
        in_buffer=Count("pk", filter=Q(available_from__gt=now,
                                       condition__in=[Condition.GOOD, Condition.WORN])))
    ready = Reservation.objects.filter(location=location, status=Reservation.Status.READY,
                                       expires_at__gt=now).count()
    return DeskCounts(due_today=loans["due_today"], overdue=loans["overdue"],
                      holds_ready=ready, in_repair=copies["in_repair"],
                      in_buffer=copies["in_buffer"])


def overdue_loans(*, today: dt.date | None = None) -> QuerySet[Loan]:
    today = today or timezone.localdate()
    return (Loan.objects.filter(returned_at__isnull=True, due_on__lt=today)
            .select_related("copy__item", "copy__location", "borrower__guardian")
            .annotate(reminded=Exists(LoanReminder.objects.filter(
                loan=OuterRef("pk"), kind=LoanReminder.Kind.OVERDUE)))
            .order_by("due_on", "borrower_id", "copy__number"))


@dataclass
class HoldsOverview:
    ready: list[Reservation]
    waiting: list[Reservation]


def holds_overview(*, location: LendingPoint, now: dt.datetime | None = None) -> HoldsOverview:
    now = now or timezone.now()
    ready = list(Reservation.objects.filter(location=location, status=Reservation.Status.READY)
                 .select_related("item", "copy", "borrower").order_by("expires_at"))
    waiting = list(Reservation.objects.filter(location=location,
                                              status=Reservation.Status.WAITING)
                   .select_related("item", "borrower").annotate(position=queue_position())
                   .order_by("item__name", "item__size_sort", "queued_at", "pk"))
    for r in ready:
        r.expired = r.expires_at <= now
    return HoldsOverview(ready=ready, waiting=waiting)


@dataclass
class Workshop:
    repairs: list[RepairReport]
    in_buffer: list[Copy]


def workshop(*, location: LendingPoint | None = None,
             now: dt.datetime | None = None) -> Workshop:
    now = now or timezone.now()
    repairs = (RepairReport.objects.filter(resolved_at__isnull=True)
               .select_related("copy__item", "copy__location", "reported_by")
               .order_by("reported_at"))
    buffer = (Copy.objects.filter(available_from__gt=now,
                                  condition__in=[Condition.GOOD, Condition.WORN])
              .select_related("item__category", "location").order_by("available_from"))
    if location is not None:
        repairs = repairs.filter(copy__location=location)
        buffer = buffer.filter(location=location)
    return Workshop(repairs=list(repairs[:200]), in_buffer=list(buffer[:200]))


def copy_lookup(number: int) -> Copy | None:
    """A copy with its item, place and — when out — the active loan and its borrower."""
    copy = (Copy.objects.filter(number=number)
            .select_related("item__category", "location").first())
    if copy is None:
        return None
    copy.active_loan = (Loan.objects.filter(copy=copy, returned_at__isnull=True)
                        .select_related("borrower").first())
    return copy


def loans_active_for_numbers(numbers: list[int]) -> list[Loan]:
    return list(Loan.objects.filter(copy__number__in=numbers, returned_at__isnull=True)
                .select_related("copy__item", "borrower").order_by("copy__number"))


def checkout_get(user, pk: int) -> Checkout:
    _require_desk(user)
    return get_object_or_404(Checkout.objects.select_related("borrower"), pk=pk)


def loan_get_for_user(user, pk: int) -> Loan:
    _require_desk(user)
    return get_object_or_404(Loan.objects.select_related("copy__item", "borrower"), pk=pk)


def reservation_get_for_user(user, pk: int) -> Reservation:
    _require_desk(user)
    return get_object_or_404(Reservation.objects.select_related("item", "borrower"), pk=pk)


def repair_get_for_user(user, pk: int) -> RepairReport:
    _require_desk(user)
    return get_object_or_404(RepairReport.objects.select_related("copy__item"), pk=pk)


def copy_get_for_user(user, pk: int) -> Copy:
    _require_desk(user)
    return get_object_or_404(Copy.objects.select_related("item", "location"), pk=pk)


def item_get_for_user(user, pk: int) -> Item:
    _require_desk(user)
    return get_object_or_404(Item.objects.select_related("category"), pk=pk)


@dataclass
class ItemInventory:
    item: Item
    copies: list[Copy]
    queue: list[Reservation]


def item_inventory(item: Item, *, now: dt.datetime | None = None) -> ItemInventory:
    """Every copy of an item with where it is and whether it is out, held or in repair."""
    now = now or timezone.now()
    active = Loan.objects.filter(copy=OuterRef("pk"), returned_at__isnull=True)
    copies = list(
        Copy.objects.filter(item=item).select_related("location")
        .annotate(due_on=Subquery(active.values("due_on")[:1]),
                  borrower_id=Subquery(active.values("borrower_id")[:1]),
                  held=Exists(Reservation.objects.filter(copy=OuterRef("pk"),
                                                         status=Reservation.Status.READY,
                                                         expires_at__gt=now)),
                  times_lent=_count(Loan.objects.filter(copy=OuterRef("pk")), by="copy"))
        .order_by("number"))
    queue = list(Reservation.objects.filter(item=item, status__in=[
        Reservation.Status.WAITING, Reservation.Status.READY])
        .select_related("borrower", "location", "copy")
        .order_by(F("ready_at").asc(nulls_last=True), "queued_at", "pk"))
    return ItemInventory(item=item, copies=copies, queue=queue)


def class_set_items(*, location: LendingPoint) -> list[Item]:
    return list(Item.objects.filter(class_set=True, active=True, copies__location=location)
                .distinct().order_by("name", "size_sort"))


def institutions() -> QuerySet[Borrower]:
    return Borrower.objects.filter(kind=Borrower.Kind.INSTITUTION,
                                   anonymised_at__isnull=True).order_by("search_name")
