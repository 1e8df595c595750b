"""Reads for a resident's own page (Min side): their children's cards and holiday places.

Nothing here says why a card was issued or that a family was nominated by a service for a
reason; callers show the card, its amount left and where it was used.
"""

from django.db.models import Prefetch, QuerySet

from levekar.passes.models import ActivityPass, Nomination, PassUse


def passes_for_persons(person_ids: list[int]) -> QuerySet[ActivityPass]:
    """The cards of these persons, newest year first, with their uses (two queries)."""
    uses = PassUse.objects.select_related("club").order_by("-registered_at")
    return (ActivityPass.objects.filter(person_id__in=person_ids)
            .select_related("scheme", "person")
            .prefetch_related(Prefetch("uses", queryset=uses))
            .order_by("-year", "person__birth_date", "pk"))


def holiday_places_for_households(household_ids: list[int]) -> QuerySet[Nomination]:
    """A family's holiday places once allocation has run (never the reason or the need)."""
    return (Nomination.objects.filter(household_id__in=household_ids)
            .exclude(status=Nomination.Status.NOMINATED)
            .select_related("offer").order_by("-offer__starts_on", "pk"))
