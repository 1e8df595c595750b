"""Writes of the catalogue: lending points and their hours, categories, items, copies."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.lending.lib import validate_photo
from levekar.lending.models import (
    Category,
    Condition,
    Copy,
    Item,
    LendingPoint,
    OpeningHours,
    Reservation,
)
from levekar.lending.services._queue import assign_queue
from levekar.people.models import Zone


def lending_point_ensure(*, code: str, name: str, address: str = "", directions: str = "",
                         directions_en: str = "", phone: str = "", email: str = "",
                         hold_days: int = 3, order: int = 0,
                         zone_code: str = "") -> LendingPoint:
    """Create or update a lending point; ``zone_code`` places it in a levekårssone (the
    evaluation counts its loans there), unknown codes leave it without a zone."""
    zone = Zone.objects.filter(code=zone_code).first() if zone_code else None
    point, _ = LendingPoint.objects.update_or_create(code=code, defaults={
        "name": name, "address": address, "directions": directions,
        "directions_en": directions_en, "phone": phone, "email": email,
        "hold_days": hold_days, "order": order, "zone": zone,
    })
    return point


@transaction.atomic
def opening_hours_set(*, point: LendingPoint,
                      hours: list[tuple[int, dt.time, dt.time]]) -> None:
    """Replace a point's opening hours by ``[(weekday 0=Monday, opens, closes), …]``."""
    problems = [
        Problem(f"Stengetid må være etter åpningstid ({opens:%H:%M}–{closes:%H:%M}).",
                field="åpningstider")
        for _, opens, closes in hours if closes <= opens
    ]
    if problems:
        raise InvalidInput(problems)
    point.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        [OpeningHours(point=point, weekday=w, opens=o, closes=c) for w, o, c in hours])


def category_ensure(*, code: str, name: str, name_en: str = "", order: int = 0,
                    loan_days: int = 7, max_renewals: int = 2,
                    buffer_days: int = 0) -> Category:
    category, _ = Category.objects.update_or_create(code=code, defaults={
        "name": name, "name_en": name_en, "order": order, "loan_days": loan_days,
        "max_renewals": max_renewals, "buffer_days": buffer_days,
    })
    return category


def _check_photo(photo) -> None:
    if photo:
        try:
            validate_photo(photo)
        except ValidationError as exc:
            raise InvalidInput([Problem(m, field="bilde") for m in exc.messages]) from exc


@transaction.atomic
def item_create(*, category: Category, name: str, size: str = "", name_en: str = "",
                description: str = "", description_en: str = "", age_min: int | None = None,
                age_max: int | None = None, class_set: bool = False, photo=None) -> Item:
    _check_photo(photo)
    if age_min is not None and age_max is not None and age_max < age_min:
        raise InvalidInput([Problem("Alder til må være lik eller høyere enn alder fra.",
                                    field="alder til")])
    if Item.objects.filter(category=category, name=name.strip(), size=size.strip()).exists():
        raise Conflict(f"«{name.strip()}, {size.strip()}» finnes allerede i {category}.")
    item = Item(category=category, name=name.strip(), size=size.strip(),
                name_en=name_en.strip(), description=description.strip(),
                description_en=description_en.strip(), age_min=age_min, age_max=age_max,
                class_set=class_set)
    item.save()
    if photo:
        item.photo.save(photo.name, photo, save=True)
    return item


@transaction.atomic
def item_update(*, item: Item, photo=None, remove_photo: bool = False, **fields) -> Item:
    """Change an item's text, sizes, ages or photo (``fields`` as in ``item_create``)."""
    _check_photo(photo)
    allowed = {"category", "name", "name_en", "description", "description_en", "size",
               "age_min", "age_max", "class_set", "active"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidInput([Problem(f"Ukjent felt: {', '.join(sorted(unknown))}.")])
    for key, value in fields.items():
        setattr(item, key, value.strip() if isinstance(value, str) else value)
    if item.age_min is not None and item.age_max is not None and item.age_max < item.age_min:
        raise InvalidInput([Problem("Alder til må være lik eller høyere enn alder fra.",
                                    field="alder til")])
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise Conflict(f"«{item}» finnes allerede i {item.category}.") from exc
    if remove_photo and item.photo:
        item.photo.delete(save=True)
    if photo:
        if item.photo:
            item.photo.delete(save=False)
        item.photo.save(photo.name, photo, save=True)
    return item


@transaction.atomic
def copies_add(*, item: Item, location: LendingPoint, count: int = 1,
               first_number: int | None = None, condition: str = Condition.GOOD,
               acquired_on: dt.date | None = None) -> list[Copy]:
    """Add ``count`` copies numbered from ``first_number`` (default: after the highest)."""
    if not 1 <= count <= 500:
        raise InvalidInput([Problem("Antall må være mellom 1 og 500.", field="antall")])
    if first_number is None:
        first_number = (Copy.objects.aggregate(m=Max("number"))["m"] or 0) + 1
    numbers = list(range(first_number, first_number + count))
    taken = sorted(Copy.objects.filter(number__in=numbers).values_list("number", flat=True))
    if taken:
        raise Conflict("Eksemplarnummer finnes allerede: "
                       + ", ".join(str(n) for n in taken[:10]) + ".")
    try:
        with transaction.atomic():
            copies = Copy.objects.bulk_create([
                Copy(item=item, number=n, location=location, condition=condition,
                     acquired_on=acquired_on) for n in numbers])
    except IntegrityError as exc:
        raise Conflict("Eksemplarnumrene ble tatt i bruk samtidig. Prøv igjen.") from exc
    return copies


@transaction.atomic
def copy_update(*, copy: Copy, location: LendingPoint | None = None,
                condition: str | None = None, note: str | None = None) -> Copy:
    """Move a copy, note something about it, mark it worn or good, or discard it.

    Damage goes through ``copy_report_damage`` and repairs through the workshop
    (``repair_resolve``), so a copy in repair is changed there. A copy on loan cannot be
    discarded. A hold on a moved or discarded copy is released to the queue.
    """
    now = timezone.now()
    copy = Copy.objects.select_for_update().select_related("location").get(pk=copy.pk)
    if condition and condition != copy.condition:
        if copy.condition == Condition.IN_REPAIR:
            raise InvalidInput([Problem(f"Eksemplar {copy.number} er på verkstedet; "
                                        "avslutt reparasjonen der.", field="tilstand")])
        if condition == Condition.IN_REPAIR:
            raise InvalidInput([Problem("Bruk «Meld skade» for å sende et eksemplar til "
                                        "reparasjon.", field="tilstand")])
        if condition == Condition.DISCARDED and \
                copy.loans.filter(returned_at__isnull=True).exists():
            raise Conflict(f"Eksemplar {copy.number} er utlånt; registrer retur først.")
        copy.condition = condition
    old_location = copy.location
    if location is not None:
        copy.location = location
    if note is not None:
        copy.note = note.strip()[:300]
    copy.save()
    if copy.condition == Condition.DISCARDED or copy.location_id != old_location.pk:
        for hold in Reservation.objects.filter(copy=copy, status=Reservation.Status.READY):
            hold.status, hold.copy, hold.ready_at, hold.expires_at = (
                Reservation.Status.WAITING, None, None, None)
            hold.save(update_fields=["status", "copy", "ready_at", "expires_at"])
            assign_queue(item=hold.item_id, location=hold.location, now=now)
    if copy.condition in (Condition.GOOD, Condition.WORN):
        assign_queue(item=copy.item_id, location=copy.location, now=now)
    return copy
