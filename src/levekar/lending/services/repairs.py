"""The workshop: damage reports, repairs, discarding, and the cleaning buffer."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.lending.models import Condition, Copy, RepairReport, Reservation
from levekar.lending.services._queue import assign_queue


@transaction.atomic
def copy_report_damage(*, actor, copy: Copy, description: str,
                       now: dt.datetime | None = None) -> RepairReport:
    """Send a copy on the shelf to the workshop (damage found during a check)."""
    now = now or timezone.now()
    description = description.strip()
    if not description:
        raise InvalidInput([Problem("Beskriv skaden.", field="skade")])
    copy = Copy.objects.select_for_update().get(pk=copy.pk)
    if copy.loans.filter(returned_at__isnull=True).exists():
        raise Conflict(f"Eksemplar {copy.number} er utlånt; registrer retur med skaden.")
    if copy.condition == Condition.DISCARDED:
        raise Conflict(f"Eksemplar {copy.number} er kassert.")
    if copy.repairs.filter(resolved_at__isnull=True).exists():
        raise Conflict(f"Eksemplar {copy.number} er allerede til reparasjon.")
    copy.condition = Condition.IN_REPAIR
    copy.save(update_fields=["condition"])
    # A hold on this copy is released; the next free copy (if any) goes to the queue.
    for hold in Reservation.objects.filter(copy=copy, status=Reservation.Status.READY):
        hold.status, hold.copy, hold.ready_at, hold.expires_at = (
            Reservation.Status.WAITING, None, None, None)
        hold.save(update_fields=["status", "copy", "ready_at", "expires_at"])
        assign_queue(item=hold.item_id, location=hold.location, now=now)
    return RepairReport.objects.create(
        copy=copy, description=description, reported_at=now,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None)


@transaction.atomic
def repair_resolve(*, actor, report: RepairReport, outcome: str,
                   condition: str = Condition.GOOD, note: str = "",
                   now: dt.datetime | None = None) -> RepairReport:
    """Close a repair: «repaired» puts the copy back in circulation (in ``condition``, good
    or worn) and gives it to the queue; «discarded» takes it out for good."""
    now = now or timezone.now()
    report = RepairReport.objects.select_for_update().select_related("copy__location") \
        .get(pk=report.pk)
    if report.resolved_at:
        raise Conflict("Reparasjonen er allerede avsluttet.")
    if outcome not in RepairReport.Outcome.values:
        raise InvalidInput([Problem("Velg reparert eller kassert.", field="utfall")])
    copy = report.copy
    if outcome == RepairReport.Outcome.REPAIRED:
        if condition not in (Condition.GOOD, Condition.WORN):
            raise InvalidInput([Problem("Velg tilstand god eller slitt.", field="tilstand")])
        copy.condition = condition
        copy.available_from = None
    else:
        copy.condition = Condition.DISCARDED
    copy.save(update_fields=["condition", "available_from"])
    report.resolved_at = now
    report.outcome = outcome
    report.resolution_note = note.strip()[:300]
    report.save(update_fields=["resolved_at", "outcome", "resolution_note"])
    if outcome == RepairReport.Outcome.REPAIRED:
        assign_queue(item=copy.item_id, location=copy.location, now=now)
    return report


@transaction.atomic
def copy_release_buffer(*, actor, copy: Copy, now: dt.datetime | None = None) -> Copy:
    """Cleaned and checked before the buffer ran out: ready to lend now."""
    now = now or timezone.now()
    copy = Copy.objects.select_for_update().select_related("location").get(pk=copy.pk)
    if not copy.available_from or copy.available_from <= now:
        raise Conflict(f"Eksemplar {copy.number} er allerede klart til utlån.")
    copy.available_from = None
    copy.save(update_fields=["available_from"])
    assign_queue(item=copy.item_id, location=copy.location, now=now)
    return copy
