"""Reservations: a queue per item and lending point, and holds that expire.

First come, first served: when a copy is free (returned and past its buffer, repaired,
or already on the shelf) it is set aside for the first in the queue, who has the
lending point's ``hold_days`` to pick it up. A hold not picked up expires and the copy
goes to the next. A borrower may step back one place, e.g. «not this week».
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from levekar.core.audit import Kind
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.lending.models import Borrower, Item, LendingPoint, Reservation
from levekar.lending.services._queue import OPEN, assign_queue, expire_holds
from levekar.lending.services.borrowers import audit_borrower


@transaction.atomic
def reservation_create(*, actor, borrower: Borrower, item: Item, location: LendingPoint,
                       now: dt.datetime | None = None) -> Reservation:
    """Put a borrower in the queue for an item at a pick-up point (a hold at once when a
    copy is free and nobody is ahead)."""
    now = now or timezone.now()
    if borrower.anonymised_at:
        raise Conflict("Låntakeren er slettet og kan ikke reservere.")
    if not item.active:
        raise InvalidInput([Problem(f"«{item}» er ikke lenger i katalogen.", field="utstyr")])
    if not item.copies.filter(location=location).exists():
        raise InvalidInput([Problem(f"{location} har ikke «{item}».", field="utlånssted")])
    if Reservation.objects.filter(item=item, borrower=borrower, status__in=OPEN).exists():
        raise Conflict(f"{borrower.display_name} har allerede reservert «{item}».")
    try:
        with transaction.atomic():
            reservation = Reservation.objects.create(
                item=item, borrower=borrower, location=location, queued_at=now,
                created_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError as exc:
        raise Conflict(f"{borrower.display_name} har allerede reservert «{item}».") from exc
    assign_queue(item=item, location=location, now=now)
    reservation.refresh_from_db()
    audit_borrower(actor=actor, kind=Kind.RESERVATION_CREATE, borrower=borrower,
                   detail=f"reservasjon: {item}")
    return reservation


def _open(reservation: Reservation) -> Reservation:
    reservation = Reservation.objects.select_for_update().select_related("location", "item") \
        .get(pk=reservation.pk)
    if reservation.status not in OPEN:
        raise Conflict("Reservasjonen er ikke lenger aktiv.")
    return reservation


@transaction.atomic
def reservation_cancel(*, actor, reservation: Reservation,
                       now: dt.datetime | None = None) -> Reservation:
    now = now or timezone.now()
    reservation = _open(reservation)
    reservation.status = Reservation.Status.CANCELLED
    reservation.closed_at = now
    reservation.save(update_fields=["status", "closed_at"])
    assign_queue(item=reservation.item_id, location=reservation.location, now=now)
    audit_borrower(actor=actor, kind=Kind.RESERVATION_CANCEL, borrower=reservation.borrower_id,
                   detail=f"reservasjon avbestilt: {reservation.item}")
    return reservation


@transaction.atomic
def reservation_step_back(*, actor, reservation: Reservation,
                          now: dt.datetime | None = None) -> Reservation:
    """Let the next in the queue go first. A ready hold is given up: its copy goes to the
    next, and this borrower waits right behind them."""
    now = now or timezone.now()
    reservation = _open(reservation)
    behind = (Reservation.objects.filter(item_id=reservation.item_id,
                                         location=reservation.location,
                                         status=Reservation.Status.WAITING)
              .exclude(pk=reservation.pk))
    if reservation.status == Reservation.Status.WAITING:
        behind = behind.filter(queued_at__gte=reservation.queued_at).exclude(
            queued_at=reservation.queued_at, pk__lt=reservation.pk)
    nxt = behind.order_by("queued_at", "pk").select_for_update().first()
    if nxt is None:
        raise InvalidInput([Problem("Ingen står bak i køen, så det er ingen å slippe foran.",
                                    field="kø")])
    if reservation.status == Reservation.Status.READY:
        reservation.status = Reservation.Status.WAITING
        reservation.copy = None
        reservation.ready_at = reservation.expires_at = reservation.notified_at = None
    # Take the next one's place in the queue; they take ours. Equal times (one clock
    # tick) are separated by a microsecond so the order is unambiguous.
    mine, theirs = reservation.queued_at, nxt.queued_at
    if mine >= theirs:
        mine = theirs - dt.timedelta(microseconds=1)
    reservation.queued_at, nxt.queued_at = theirs, mine
    nxt.save(update_fields=["queued_at"])
    reservation.save(update_fields=["status", "copy", "ready_at", "expires_at", "notified_at",
                                    "queued_at"])
    assign_queue(item=reservation.item_id, location=reservation.location, now=now)
    audit_borrower(actor=actor, kind=Kind.RESERVATION_MOVE, borrower=reservation.borrower_id,
                   detail=f"rykket ett hakk bak i køen: {reservation.item}")
    reservation.refresh_from_db()
    return reservation


@transaction.atomic
def holds_process(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Expire holds not picked up in time and give free copies to the queues.

    Idempotent; run it often (``levekar lending process-holds``), though the rules that
    count free copies already ignore expired holds, so nothing waits on this job.
    """
    now = now or timezone.now()
    expired = expire_holds(now=now)
    pairs = (Reservation.objects.filter(status=Reservation.Status.WAITING)
             .values_list("item_id", "location_id").distinct())
    points = {p.pk: p for p in LendingPoint.objects.all()}
    ready = 0
    for item_id, location_id in sorted(set(pairs)):
        ready += assign_queue(item=item_id, location=points[location_id], now=now)
    return {"expired": expired, "ready": ready}
