"""Writes a citizen makes on Min side; each calls the owning app's service."""

from levekar.core.errors import DomainError
from levekar.lending.models import Borrower, Item, LendingPoint, Loan
from levekar.passes import services as passes_services
from levekar.passes.models import Nomination
from levekar.people.models import Person


class OutOfScope(Exception):
    """The object is not the citizen's (the view answers "Ingen tilgang")."""


def _own_nomination(me: Person, nomination_id: int) -> Nomination:
    """A nomination of the citizen's own household, else ``OutOfScope``."""
    nomination = (Nomination.objects.select_related("offer")
                  .filter(pk=nomination_id, household_id=me.household_id).first()
                  if me.household_id else None)
    if nomination is None:
        raise OutOfScope(nomination_id)
    return nomination


def holiday_place_decline(*, me: Person, nomination_id: int) -> str:
    """The family declines its holiday place; the waitlist moves (passes' rule)."""
    nomination = _own_nomination(me, nomination_id)
    if nomination.status not in {Nomination.Status.ALLOCATED, Nomination.Status.WAITLISTED}:
        raise DomainError("Denne plassen kan ikke lenger avslås.")
    passes_services.nomination_decline(actor=None, nomination=nomination,
                                       reason="familien takket nei på Min side")
    return nomination.offer.name


def holiday_contact_withdraw(*, me: Person, nomination_id: int) -> str:
    """The family stops sharing its contact details and transport need with the organiser
    of a holiday offer (withdrawal is audited by passes' service)."""
    nomination = _own_nomination(me, nomination_id)
    passes_services.nomination_contact_withdraw(actor=None, actor_name="innbygger (Min side)",
                                                nomination=nomination)
    return nomination.offer.name


def loan_renew(*, me: Person, loan_id: int) -> Loan:
    """Renew one of the citizen's own loans within the library's rules."""
    from levekar.lending import services as lending_services
    from levekar.minside.selectors import borrower_ids

    loan = Loan.objects.filter(pk=loan_id, borrower_id__in=borrower_ids(me),
                               returned_at__isnull=True).first()
    if loan is None:
        raise OutOfScope(loan_id)
    return lending_services.loan_renew(actor=None, loan=loan)


def item_reserve(*, me: Person, item: Item, location: LendingPoint) -> object:
    """Reserve an item for pick-up at a lending point (a hold when a copy is free)."""
    from levekar.lending import services as lending_services
    from levekar.minside.selectors import borrower_ids

    ids = borrower_ids(me)
    if not ids:
        raise DomainError("Du er ikke registrert som låntaker i utstyrsbanken ennå. "
                          "Ta med mobilnummeret ditt til et utlånssted første gang.")
    borrower = Borrower.objects.get(pk=ids[0])
    return lending_services.reservation_create(actor=None, borrower=borrower, item=item,
                                               location=location)


def holiday_place_accept(*, me: Person, nomination_id: int) -> str:
    """The family accepts the places it was given (by the offer's answer day)."""
    nomination = _own_nomination(me, nomination_id)
    passes_services.nomination_accept(actor=None, actor_name="innbygger (Min side)",
                                      nomination=nomination)
    return nomination.offer.name


def card_apply(*, me: Person, child_id: int, scheme, grounds: str, document=None):
    """A parent applies for an activity card for a child in their care (this year's);
    the leisure office decides. Outside the citizen's scope: ``OutOfScope``."""
    from django.utils import timezone

    from levekar.minside.selectors import person_in_scope

    child = person_in_scope(me, child_id)
    if child is None or child.pk == me.pk:
        raise OutOfScope(child_id)
    return passes_services.card_application_create(
        actor=None, actor_name="innbygger (Min side)", scheme=scheme,
        year=timezone.localdate().year, child=child, applicant=me, grounds=grounds,
        document=document)


def card_application_in_scope(*, me: Person, application_id: int):
    """The application if it is for a child in the citizen's care, else ``OutOfScope``."""
    from levekar.minside.selectors import scope_of
    from levekar.passes import selectors as passes_selectors

    children = [p.pk for p in scope_of(me) if p.pk != me.pk]
    application = passes_selectors.applications_for_children(children).filter(
        pk=application_id).first()
    if application is None:
        raise OutOfScope(application_id)
    return application
