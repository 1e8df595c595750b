"""The rules every write shares: which copies are free, and who in the queue gets them.

A copy is *free* when it is in lendable condition, past its cleaning buffer, not on loan
and not set aside for a live hold. A hold whose pick-up time has passed no longer holds
anything, even before ``holds_process`` marks it expired: so holds never keep equipment
out of circulation longer than the set number of days, whatever the cron job does.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from levekar.lending.models import (
    LENDABLE_CONDITIONS,
    Copy,
    Item,
    LendingPoint,
    Loan,
    Reservation,
)

OPEN = (Reservation.Status.WAITING, Reservation.Status.READY)


def active_loan_exists() -> Exists:
    return Exists(Loan.objects.filter(copy=OuterRef("pk"), returned_at__isnull=True))


def live_hold_exists(now: dt.datetime) -> Exists:
    return Exists(Reservation.objects.filter(
        copy=OuterRef("pk"), status=Reservation.Status.READY, expires_at__gt=now))


def free_copies(now: dt.datetime) -> QuerySet[Copy]:
    """Copies that could go over the counter right now (holds aside)."""
    return (
        Copy.objects.filter(condition__in=LENDABLE_CONDITIONS)
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=now))
        .exclude(active_loan_exists())
        .exclude(live_hold_exists(now))
    )


def hold_expiry(now: dt.datetime, point: LendingPoint) -> dt.datetime:
    """Pick up by the end of the day ``hold_days`` days from now (local time)."""
    last_day = timezone.localdate(now) + dt.timedelta(days=point.hold_days)
    return timezone.make_aware(dt.datetime.combine(last_day, dt.time(23, 59, 59)))


def expire_holds(*, now: dt.datetime, item_id: int | None = None,
                 location_id: int | None = None) -> int:
    qs = Reservation.objects.filter(status=Reservation.Status.READY, expires_at__lte=now)
    if item_id is not None:
        qs = qs.filter(item_id=item_id)
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    return qs.update(status=Reservation.Status.EXPIRED, closed_at=now)


def assign_queue(*, item: Item | int, location: LendingPoint, now: dt.datetime) -> int:
    """Set free copies aside for the waiting reservations, first come first served.

    Expired holds of this item at this point are closed first, which frees their copies.
    Returns how many holds became ready.
    """
    item_id = item if isinstance(item, int) else item.pk
    expire_holds(now=now, item_id=item_id, location_id=location.pk)
    waiting = list(
        Reservation.objects.filter(item_id=item_id, location=location,
                                   status=Reservation.Status.WAITING)
        .order_by("queued_at", "pk")
        .select_for_update()
    )
    if not waiting:
        return 0
    copies = list(free_copies(now).filter(item_id=item_id, location=location)
                  .order_by("number")[: len(waiting)])
    expires = hold_expiry(now, location)
    for reservation, copy in zip(waiting, copies, strict=False):
        reservation.status = Reservation.Status.READY
        reservation.copy = copy
        reservation.ready_at = now
        reservation.expires_at = expires
        reservation.notified_at = None
        reservation.save(update_fields=["status", "copy", "ready_at", "expires_at",
                                        "notified_at"])
    return min(len(waiting), len(copies))


def waiting_ahead(*, item_id: int, location_id: int, borrower_id: int) -> int:
    """How many other borrowers wait for this item at this point before ``borrower``."""
    own = (Reservation.objects.filter(item_id=item_id, location_id=location_id,
                                      borrower_id=borrower_id,
                                      status=Reservation.Status.WAITING)
           .values_list("queued_at", "pk").first())
    others = Reservation.objects.filter(
        item_id=item_id, location_id=location_id, status=Reservation.Status.WAITING,
    ).exclude(borrower_id=borrower_id)
    if own is not None:
        queued_at, pk = own
        others = others.filter(Q(queued_at__lt=queued_at) | Q(queued_at=queued_at, pk__lt=pk))
    return others.count()
