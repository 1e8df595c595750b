"""Writes of borrowers: register, children as co-borrowers, change, delete on request.

Only what lending needs is kept: a name, a way to reach the borrower, optionally a year
of birth. No income or need is asked for. Every change writes an audit event on the
borrower (``persons=[]``: borrowers are not ``people.Person``).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Kind, Purpose, audit_record
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.lending.lib import InvalidPhone, normalize_mobile, phone_display
from levekar.lending.models import Borrower, Loan, Reservation
from levekar.lending.services._queue import assign_queue

OBJECT_TYPE = "lending.borrower"


class DuplicatePhone(Conflict):
    """Another borrower already has this mobile number: the desk is offered that borrower
    (the same person registered twice gets reminders twice and two histories)."""

    def __init__(self, existing: Borrower) -> None:
        super().__init__(f"{phone_display(existing.phone)} er allerede registrert på "
                         f"{existing.name} (kortnummer {existing.pk}).")
        self.existing = existing


def _check_duplicate_phone(phone: str, *, exclude: int | None = None) -> None:
    if not phone:
        return
    existing = (Borrower.objects.filter(phone=phone, anonymised_at__isnull=True)
                .exclude(pk=exclude).order_by("pk").first())
    if existing is not None:
        raise DuplicatePhone(existing)


def audit_borrower(*, actor, borrower: Borrower | int, purpose: str = "", detail: str = "",
                   kind: str = "", action: str = "", actor_username: str = "system") -> None:
    """One audit event of ``kind`` on a borrower (object type and id; not a
    ``people.Person``). Without a logged-in ``actor`` (batch jobs) the event names
    ``actor_username``."""
    pk = borrower if isinstance(borrower, int) else borrower.pk
    audit_record(actor=actor, kind=kind, action=action, object_type=OBJECT_TYPE, object_id=pk,
                 persons=[], purpose=purpose, detail=detail, actor_username=actor_username)


def _clean_contact(*, name: str, phone: str, email: str, birth_year: int | None,
                   need_contact: bool) -> tuple[str, str, str]:
    problems = []
    name = " ".join((name or "").split())
    if not name:
        problems.append(Problem("Navn må fylles ut.", field="navn"))
    try:
        phone = normalize_mobile(phone)
    except InvalidPhone as exc:
        problems.append(Problem(str(exc), field="mobil"))
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(Problem("E-postadressen er ikke gyldig.", field="e-post"))
    if need_contact and not phone and not email and not any(p.field == "mobil" for p in problems):
        problems.append(Problem("Oppgi mobilnummer eller e-post, så vi kan nå låntakeren.",
                                field="mobil"))
    this_year = timezone.localdate().year
    if birth_year is not None and not this_year - 110 <= birth_year <= this_year:
        problems.append(Problem(f"Fødselsåret må være mellom {this_year - 110} og {this_year}.",
                                field="fødselsår"))
    if problems:
        raise InvalidInput(problems)
    return name, phone, email


@transaction.atomic
def borrower_register(*, actor, name: str, phone: str = "", email: str = "",
                      birth_year: int | None = None, kind: str = Borrower.Kind.PERSON,
                      institution_kind: str = "", contact_person: str = "",
                      language: str = "nb", registered_on: dt.date | None = None,
                      allow_shared_phone: bool = False) -> Borrower:
    """Register a person or an institution. A mobile number or an e-mail is required; a
    mobile number another borrower has raises ``DuplicatePhone`` (naming that borrower)
    unless ``allow_shared_phone`` (the desk confirmed it is someone else)."""
    if kind not in Borrower.Kind.values:
        raise InvalidInput([Problem("Ukjent type låntaker.", field="type")])
    if kind == Borrower.Kind.INSTITUTION and institution_kind not in \
            Borrower.InstitutionKind.values:
        raise InvalidInput([Problem("Velg hva slags institusjon det er.", field="institusjon")])
    name, phone, email = _clean_contact(name=name, phone=phone, email=email,
                                        birth_year=birth_year, need_contact=True)
    if not allow_shared_phone:
        _check_duplicate_phone(phone)
    borrower = Borrower.objects.create(
        kind=kind, institution_kind=institution_kind if kind == Borrower.Kind.INSTITUTION
        else "", name=name, phone=phone, email=email, language=language,
        birth_year=birth_year if kind == Borrower.Kind.PERSON else None,
        contact_person=contact_person.strip() if kind == Borrower.Kind.INSTITUTION else "",
        registered_on=registered_on or timezone.localdate(),
    )
    audit_borrower(actor=actor, kind=Kind.BORROWER_CREATE, borrower=borrower)
    return borrower


@transaction.atomic
def borrower_add_child(*, actor, guardian: Borrower, name: str,
                       birth_year: int | None = None, phone: str = "",
                       email: str = "") -> Borrower:
    """Register a child as co-borrower under a responsible adult. The child may then
    borrow on their own card; reminders go to the child's phone if given, else the adult's."""
    if guardian.is_institution or guardian.guardian_id or guardian.anonymised_at:
        raise InvalidInput([Problem("Bare en voksen låntaker kan legge til barn.",
                                    field="ansvarlig voksen")])
    name, phone, email = _clean_contact(name=name, phone=phone, email=email,
                                        birth_year=birth_year, need_contact=False)
    child = Borrower.objects.create(
        kind=Borrower.Kind.PERSON, name=name, phone=phone, email=email,
        birth_year=birth_year, guardian=guardian, language=guardian.language,
    )
    audit_borrower(actor=actor, kind=Kind.BORROWER_CREATE, borrower=child,
                   detail=f"barn lagt til som medlåner (ansvarlig voksen {guardian.pk})")
    audit_borrower(actor=actor, kind=Kind.BORROWER_CO_BORROWER_ADD, borrower=guardian,
                   detail=f"medlåner {child.pk} lagt til")
    return child


@transaction.atomic
def borrower_update(*, actor, borrower: Borrower, name: str, phone: str = "",
                    email: str = "", birth_year: int | None = None,
                    contact_person: str = "", language: str | None = None) -> Borrower:
    if borrower.anonymised_at:
        raise Conflict("Låntakeren er slettet og kan ikke endres.")
    name, phone, email = _clean_contact(name=name, phone=phone, email=email,
                                        birth_year=birth_year,
                                        need_contact=borrower.guardian_id is None)
    if phone != borrower.phone and borrower.guardian_id is None:
        _check_duplicate_phone(phone, exclude=borrower.pk)
    borrower.name, borrower.phone, borrower.email = name, phone, email
    if borrower.is_institution:
        borrower.contact_person = contact_person.strip()
    else:
        borrower.birth_year = birth_year
    if language:
        borrower.language = language
    borrower.save()
    audit_borrower(actor=actor, kind=Kind.BORROWER_UPDATE, borrower=borrower)
    return borrower


@transaction.atomic
def borrower_delete_on_request(*, actor, borrower: Borrower) -> list[int]:
    """Delete a borrower's personal data at their request (and that of the children they
    are responsible for). Loans stay, without anyone's name, for the statistics.

    Refused while anything is still out on loan. Open reservations are cancelled, so the
    queue moves on. Returns the ids of the borrowers anonymised.
    """
    borrower = Borrower.objects.select_for_update().get(pk=borrower.pk)
    if borrower.anonymised_at:
        raise Conflict("Låntakeren er allerede slettet.")
    family = [borrower, *borrower.children.filter(anonymised_at__isnull=True)]
    ids = [b.pk for b in family]
    out = Loan.objects.filter(borrower_id__in=ids, returned_at__isnull=True).count()
    if out:
        raise Conflict(f"Låntakeren har {out} utlån som ikke er levert. "
                       "Registrer retur før opplysningene slettes.")
    now = timezone.now()
    open_reservations = list(Reservation.objects.filter(
        borrower_id__in=ids, status__in=[Reservation.Status.WAITING,
                                         Reservation.Status.READY]).select_related("location"))
    for reservation in open_reservations:
        reservation.status = Reservation.Status.CANCELLED
        reservation.closed_at = now
        reservation.save(update_fields=["status", "closed_at"])
    for reservation in open_reservations:
        assign_queue(item=reservation.item_id, location=reservation.location, now=now)
    # Children first: the adult stays the guardian row they point to (kept, anonymous).
    for person in reversed(family):
        person.name = ""
        person.contact_person = ""
        person.phone = ""
        person.email = ""
        person.birth_year = None
        person.anonymised_at = now
        person.save()
        audit_borrower(actor=actor, kind=Kind.BORROWER_ERASE, borrower=person,
                       purpose=Purpose.BORROWER_ERASED_ON_REQUEST)
    return ids
