"""Lending, returning and renewing at the desk.

The one rule two desks can race on — a copy is lent to one borrower at a time — is the
partial unique constraint ``lending_one_active_loan_per_copy``. The checks here give the
usual clear messages; when two desks pass them at the same moment the database refuses
the second insert and the service turns that ``IntegrityError`` into ``Conflict``.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from levekar.core.audit import Kind
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.lending.lib import due_date
from levekar.lending.models import (
    LENDABLE_CONDITIONS,
    Borrower,
    Checkout,
    Condition,
    Copy,
    Item,
    LendingPoint,
    Loan,
    OpeningHours,
    RepairReport,
    Reservation,
)
from levekar.lending.services._queue import (
    OPEN,
    assign_queue,
    free_copies,
    waiting_ahead,
)
from levekar.lending.services.borrowers import audit_borrower

MAX_LOAN_DAYS = 90
RETURN_CONDITIONS = (Condition.GOOD, Condition.WORN, Condition.IN_REPAIR)
# Service messages are Norwegian whatever language the page is in (DESIGN.md).
CONDITION_NB = {Condition.GOOD: "i god stand", Condition.WORN: "slitt",
                Condition.IN_REPAIR: "til reparasjon", Condition.DISCARDED: "kassert"}


def parse_copy_numbers(text: str) -> list[int]:
    """«1042, 1043 2001» → [1042, 1043, 2001]; refuses anything that is not a number."""
    numbers, bad = [], []
    for token in text.replace(",", " ").replace(";", " ").split():
        if token.isdigit() and 0 < int(token) < 2**31:
            if int(token) not in numbers:
                numbers.append(int(token))
        else:
            bad.append(token)
    if bad:
        raise InvalidInput([Problem(f"«{t}» er ikke et eksemplarnummer.", field="eksemplarnummer")
                            for t in bad[:10]])
    if not numbers:
        raise InvalidInput([Problem("Skriv inn minst ett eksemplarnummer.",
                                    field="eksemplarnummer")])
    return numbers


def default_due(location: LendingPoint, start: dt.date, days: int) -> dt.date:
    """``days`` after ``start``, moved past public holidays and the days ``location`` is
    closed (``lib.due_date``; one query for the point's opening days)."""
    open_days = set(OpeningHours.objects.filter(point=location)
                    .values_list("weekday", flat=True))
    return due_date(start, days, open_weekdays=open_days)


def _check_due(due_on: dt.date, today: dt.date) -> None:
    if due_on < today:
        raise InvalidInput([Problem("Leveringsdatoen kan ikke være før i dag.", field="levering")])
    if due_on > today + dt.timedelta(days=MAX_LOAN_DAYS):
        raise InvalidInput([Problem(f"Et lån kan vare høyst {MAX_LOAN_DAYS} dager.",
                                    field="levering")])


def _check_borrower(borrower: Borrower, on_behalf_of: Borrower | None) -> None:
    if borrower.anonymised_at:
        raise Conflict("Låntakeren er slettet og kan ikke låne.")
    if on_behalf_of is not None:
        if not borrower.is_institution:
            raise InvalidInput([Problem("Bare institusjoner kan låne på vegne av en familie.",
                                        field="på vegne av")])
        if on_behalf_of.is_institution or on_behalf_of.anonymised_at:
            raise InvalidInput([Problem("«På vegne av» må være en registrert person.",
                                        field="på vegne av")])


@transaction.atomic
def loans_lend(*, actor, borrower: Borrower, copy_numbers: list[int], location: LendingPoint,
               due_on: dt.date | None = None, on_behalf_of: Borrower | None = None,
               is_class_set: bool = False, note: str = "",
               now: dt.datetime | None = None) -> Checkout:
    """Lend one or many copies to ``borrower`` in one checkout, all or nothing.

    Refused with a message naming the copy when it is unknown, discarded, in repair, in
    its cleaning buffer, already lent, held for someone else, or needed by the queue.
    A reservation the borrower had for the item is collected. The default due date skips
    public holidays and the days the point is closed.

    Lent anyway, with ``checkout.warnings`` (Norwegian sentences for the desk): the
    borrower has an overdue loan; a copy is registered at another lending point.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    _check_borrower(borrower, on_behalf_of)
    copies = list(
        Copy.objects.filter(number__in=copy_numbers)
        .select_related("item__category", "location")
        .annotate(on_loan=Exists(Loan.objects.filter(copy=OuterRef("pk"),
                                                     returned_at__isnull=True)))
        .order_by("number")
    )
    found = {c.number for c in copies}
    problems = [Problem(f"Eksemplar {n} finnes ikke.", field="eksemplarnummer")
                for n in copy_numbers if n not in found]
    for c in copies:
        if c.condition not in LENDABLE_CONDITIONS:
            problems.append(Problem(
                f"Eksemplar {c.number} ({c.item}) er {CONDITION_NB[c.condition]} "
                "og kan ikke lånes ut.", field="eksemplarnummer"))
        elif c.available_from and c.available_from > now:
            problems.append(Problem(
                f"Eksemplar {c.number} ({c.item}) klargjøres etter retur og er klart "
                f"{timezone.localtime(c.available_from):%d.%m.%Y %H:%M}.",
                field="eksemplarnummer"))
    if problems:
        raise InvalidInput(problems)
    lent = [c for c in copies if c.on_loan]
    if lent:
        raise Conflict("Allerede utlånt: " + ", ".join(f"eksemplar {c.number} ({c.item})"
                                                       for c in lent) + ".")
    if due_on is None:
        due_on = default_due(location, today,
                             max(c.item.category.loan_days for c in copies))
    _check_due(due_on, today)

    # Holds and the queue: a copy set aside for someone else stays theirs; a free copy
    # goes over the counter only if everyone waiting ahead can still be served.
    holders = {borrower.pk} | ({on_behalf_of.pk} if on_behalf_of else set())
    holds = {r.copy_id: r for r in Reservation.objects.filter(
        copy__in=copies, status=Reservation.Status.READY, expires_at__gt=now,
    ).select_related("borrower")}
    for c in copies:
        hold = holds.get(c.pk)
        if hold and hold.borrower_id not in holders:
            raise Conflict(f"Eksemplar {c.number} ({c.item}) er satt av til en annen låntaker "
                           f"som har reservert det (hentes innen "
                           f"{timezone.localtime(hold.expires_at):%d.%m.%Y}).")
    groups: dict[tuple[int, int], list[Copy]] = defaultdict(list)
    for c in copies:
        if c.pk not in holds:
            groups[(c.item_id, c.location_id)].append(c)
    for (item_id, location_id), group in groups.items():
        ahead = waiting_ahead(item_id=item_id, location_id=location_id, borrower_id=borrower.pk)
        if not ahead:
            continue
        free = free_copies(now).filter(item_id=item_id, location_id=location_id).count()
        if free - ahead < len(group):
            item = group[0].item
            raise Conflict(
                f"{ahead} står i kø for «{item}» på {group[0].location}. De ledige "
                f"eksemplarene går til køen først; reserver for å få plass i køen.")

    warnings = [
        f"Eksemplar {c.number} ({c.item}) er registrert på {c.location}, ikke på "
        f"{location}. Sjekk at det er riktig eksemplar."
        for c in copies if c.location_id != location.pk]
    overdue = list(Loan.objects.filter(borrower=borrower, returned_at__isnull=True,
                                       due_on__lt=today)
                   .select_related("copy__item").order_by("due_on")[:5])
    if overdue:
        warnings.insert(0, f"{borrower.display_name} har forfalte lån: " + ", ".join(
            f"{loan.copy.item} (nr. {loan.copy.number}, skulle vært levert "
            f"{loan.due_on:%d.%m.%Y})" for loan in overdue) + ".")

    checkout = Checkout.objects.create(
        borrower=borrower, on_behalf_of=on_behalf_of, location=location, created_at=now,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_class_set=is_class_set, note=note.strip()[:300])
    for c in copies:
        try:
            with transaction.atomic():
                Loan.objects.create(checkout=checkout, copy=c, item_id=c.item_id,
                                    category_id=c.item.category_id, lent_from=location,
                                    borrower=borrower,
                                    lent_at=now, lent_on=today, due_on=due_on)
        except IntegrityError as exc:
            # Another desk lent this copy between our check and our insert.
            raise Conflict(
                f"Eksemplar {c.number} ({c.item}) ble nettopp lånt ut fra en annen skranke. "
                "Ingenting er lånt ut; velg et annet eksemplar.") from exc

    # Collect the borrower's reservations for these items (and free any other copy that
    # was set aside for them, so it goes to the next in the queue).
    item_ids = {c.item_id for c in copies}
    released = []
    for r in Reservation.objects.filter(item_id__in=item_ids, borrower_id__in=holders,
                                        status__in=OPEN).select_related("location"):
        if r.copy_id and r.copy_id not in {c.pk for c in copies}:
            released.append(r)
        r.status = Reservation.Status.COLLECTED
        r.closed_at = now
        r.save(update_fields=["status", "closed_at"])
    for r in released:
        assign_queue(item=r.item_id, location=r.location, now=now)
    what = "klassesett" if is_class_set else "utlån"
    audit_borrower(actor=actor, kind=Kind.LOAN_CREATE, borrower=borrower,
                   detail=f"{what}: {len(copies)} eksemplar(er), levering {due_on:%d.%m.%Y}")
    if on_behalf_of is not None:
        audit_borrower(actor=actor, kind=Kind.LOAN_CREATE, borrower=on_behalf_of,
                       detail=f"utlån via {borrower.display_name} på vegne av låntakeren")
    checkout.warnings = warnings
    return checkout


@transaction.atomic
def class_set_lend(*, actor, borrower: Borrower, item: Item, count: int,
                   location: LendingPoint, due_on: dt.date | None = None, note: str = "",
                   now: dt.datetime | None = None) -> Checkout:
    """Lend ``count`` free copies of one item at once (a class set for an activity day)."""
    now = now or timezone.now()
    if not 1 <= count <= 200:
        raise InvalidInput([Problem("Antall må være mellom 1 og 200.", field="antall")])
    numbers = list(free_copies(now).filter(item=item, location=location)
                   .order_by("number").values_list("number", flat=True)[:count])
    if len(numbers) < count:
        raise Conflict(f"Bare {len(numbers)} ledige av «{item}» på {location} nå; "
                       f"klassesettet trenger {count}.")
    return loans_lend(actor=actor, borrower=borrower, copy_numbers=numbers, location=location,
                      due_on=due_on, is_class_set=True, note=note, now=now)


@dataclass
class ReturnResult:
    loans: list[Loan]
    to_repair: list[Copy]
    in_buffer: list[Copy]
    holds_ready: int


@transaction.atomic
def loans_return(*, actor, copy_numbers: list[int], location: LendingPoint,
                 condition: str = Condition.GOOD, damage: str = "",
                 now: dt.datetime | None = None) -> ReturnResult:
    """Register the return of copies at ``location`` (they move there).

    ``condition`` «in repair» needs a description of the damage and sends the copies to
    the workshop; otherwise a copy waits its category's cleaning buffer, then goes to the
    first in the queue, or back on the shelf.
    """
    now = now or timezone.now()
    if condition not in RETURN_CONDITIONS:
        raise InvalidInput([Problem("Velg tilstand: god, slitt eller trenger reparasjon.",
                                    field="tilstand")])
    damage = damage.strip()
    if condition == Condition.IN_REPAIR and not damage:
        raise InvalidInput([Problem("Beskriv skaden, så verkstedet vet hva som skal fikses.",
                                    field="skade")])
    loans = list(Loan.objects.filter(copy__number__in=copy_numbers, returned_at__isnull=True)
                 .select_related("copy__item__category", "borrower").select_for_update())
    by_number = {loan.copy.number: loan for loan in loans}
    missing = [n for n in copy_numbers if n not in by_number]
    if missing:
        known = set(Copy.objects.filter(number__in=missing).values_list("number", flat=True))
        raise InvalidInput([
            Problem(f"Eksemplar {n} er ikke utlånt." if n in known
                    else f"Eksemplar {n} finnes ikke.", field="eksemplarnummer")
            for n in missing])
    today = timezone.localdate(now)
    to_repair, in_buffer = [], []
    for loan in loans:
        loan.returned_at = now
        loan.returned_condition = condition
        loan.returned_to = location
        loan.days_out = max(1, (today - loan.lent_on).days)
        loan.save(update_fields=["returned_at", "returned_condition", "returned_to",
                                 "days_out"])
        copy = loan.copy
        copy.location = location
        copy.condition = condition
        buffer = copy.item.category.buffer_days
        copy.available_from = now + dt.timedelta(days=buffer) if buffer else None
        copy.save(update_fields=["location", "condition", "available_from"])
        if condition == Condition.IN_REPAIR:
            RepairReport.objects.create(copy=copy, loan=loan, description=damage,
                                        reported_at=now,
                                        reported_by=actor if getattr(actor, "is_authenticated",
                                                                     False) else None)
            to_repair.append(copy)
        elif buffer:
            in_buffer.append(copy)
    holds_ready = 0
    for item_id in sorted({loan.item_id for loan in loans}):
        holds_ready += assign_queue(item=item_id, location=location, now=now)
    for borrower_id in sorted({loan.borrower_id for loan in loans}):
        n = sum(1 for loan in loans if loan.borrower_id == borrower_id)
        audit_borrower(actor=actor, kind=Kind.LOAN_RETURN, borrower=borrower_id,
                       detail=f"retur: {n} eksemplar(er)")
    return ReturnResult(loans=loans, to_repair=to_repair, in_buffer=in_buffer,
                        holds_ready=holds_ready)


@transaction.atomic
def checkout_return(*, actor, checkout: Checkout, location: LendingPoint,
                    now: dt.datetime | None = None) -> ReturnResult:
    """Everything still out from one checkout (a class set) comes back in good condition."""
    numbers = list(checkout.loans.filter(returned_at__isnull=True)
                   .values_list("copy__number", flat=True))
    return loans_return(actor=actor, copy_numbers=numbers, location=location, now=now)


@transaction.atomic
def loan_renew(*, actor, loan: Loan, now: dt.datetime | None = None) -> Loan:
    """Extend a loan by its category's loan period from today or the due date, whichever
    is later. Refused past the category's renewal limit, or when others wait for the item
    and no other copy is free for them."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    loan = (Loan.objects.select_for_update().select_related("copy__item__category",
                                                            "copy__location").get(pk=loan.pk))
    if loan.returned_at:
        raise Conflict(f"Eksemplar {loan.copy.number} er allerede levert.")
    category = loan.copy.item.category
    if loan.renewals >= category.max_renewals:
        raise Conflict(f"Lånet av eksemplar {loan.copy.number} er allerede fornyet "
                       f"{loan.renewals} ganger, som er grensen for {category}.")
    waiting = Reservation.objects.filter(item_id=loan.item_id, location=loan.copy.location,
                                         status=Reservation.Status.WAITING) \
        .exclude(borrower_id=loan.borrower_id).count()
    if waiting:
        free = free_copies(now).filter(item_id=loan.item_id,
                                       location=loan.copy.location).count()
        if waiting > free:
            raise Conflict(f"Kan ikke fornyes: {waiting} står i kø for «{loan.copy.item}».")
    loan.due_on = default_due(loan.copy.location, max(today, loan.due_on), category.loan_days)
    loan.renewals += 1
    loan.save(update_fields=["due_on", "renewals"])
    audit_borrower(actor=actor, kind=Kind.LOAN_RENEW, borrower=loan.borrower_id,
                   detail=f"lån fornyet: eksemplar {loan.copy.number} til {loan.due_on:%d.%m.%Y}")
    return loan

