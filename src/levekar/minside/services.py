"""Writes a citizen makes on Min side; each calls the owning app's service."""

from levekar.core.errors import DomainError
from levekar.passes import services as passes_services
from levekar.passes.models import Nomination
from levekar.people.models import Person


class OutOfScope(Exception):
    """The object is not the citizen's (the view answers "Ingen tilgang")."""


def holiday_place_decline(*, me: Person, nomination_id: int) -> str:
    """The family declines its holiday place; the waitlist moves (passes' rule)."""
    nomination = (Nomination.objects.select_related("offer")
                  .filter(pk=nomination_id, household_id=me.household_id).first()
                  if me.household_id else None)
    if nomination is None:
        raise OutOfScope(nomination_id)
    if nomination.status not in {Nomination.Status.ALLOCATED, Nomination.Status.WAITLISTED}:
        raise DomainError("Denne plassen kan ikke lenger avslås.")
    passes_services.nomination_decline(actor=None, nomination=nomination,
                                       reason="familien takket nei på Min side")
    return nomination.offer.name
