"""Reads of holiday offers and nominations, with need-to-know for the services."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from levekar.core.roles import Role, has_role
from levekar.passes import allocation
from levekar.passes.eligibility import ADULT_AGE
from levekar.passes.models import HolidayOffer, Nomination, QueueEvent
from levekar.people.models import Household, Person
from levekar.people.selectors import person_by_national_id

S = Nomination.Status


def offers_overview() -> QuerySet[HolidayOffer]:
    return HolidayOffer.objects.annotate(
        nominated=Count("nominations"),
        allocated_families=Count("nominations", filter=Q(nominations__status=S.ALLOCATED)),
        allocated_persons=Sum("nominations__persons",
                              filter=Q(nominations__status=S.ALLOCATED)),
        waitlisted=Count("nominations", filter=Q(nominations__status=S.WAITLISTED)),
    ).order_by("-starts_on", "name")


def offer_get(offer_id: int) -> HolidayOffer:
    offer = HolidayOffer.objects.filter(pk=offer_id).select_related("allocated_by").first()
    if offer is None:
        raise Http404("Tilbudet finnes ikke.")
    return offer


def offer_nominations(offer: HolidayOffer) -> list[Nomination]:
    """Every nomination of the offer with its household and nominating unit (fritid)."""
    return list(Nomination.objects.filter(offer=offer)
                .select_related("household", "household__zone", "unit", "nominated_by",
                                "notice")
                .order_by("waitlist_position", "drawn_position", "-need", "id"))


def nominations_for_user(offer: HolidayOffer, user) -> QuerySet[Nomination]:
    """What a nominating service may see: the nominations made from its own unit."""
    qs = Nomination.objects.filter(offer=offer).select_related("household", "nominated_by")
    if has_role(user, Role.LEISURE):
        return qs.order_by("-created_at", "-id")
    if user.org_unit_id is None:
        return qs.filter(nominated_by=user).order_by("-created_at", "-id")
    return qs.filter(unit_id=user.org_unit_id).order_by("-created_at", "-id")


def nomination_get(offer: HolidayOffer, nomination_id: int) -> Nomination:
    n = Nomination.objects.filter(offer=offer, pk=nomination_id).select_related(
        "household", "offer").first()
    if n is None:
        raise Http404("Nominasjonen finnes ikke.")
    return n


def queue_events(offer: HolidayOffer, limit: int = 50) -> list[QueueEvent]:
    return list(QueueEvent.objects.filter(nomination__offer=offer)
                .select_related("by", "nomination__household")
                .order_by("-at", "-id")[:limit])


def members_by_household(household_ids: list[int]) -> dict[int, list[Person]]:
    grouped: dict[int, list[Person]] = {}
    for person in Person.objects.filter(household_id__in=household_ids) \
            .order_by("birth_date", "pk"):
        grouped.setdefault(person.household_id, []).append(person)
    return grouped


def family_rows(offer: HolidayOffer, nominations: list[Nomination]):
    """(nomination, contact adult or None, children's ages on the first day) per nomination,
    and every household's members (oldest first): one query."""
    members = members_by_household([n.household_id for n in nominations])
    rows = []
    for n in nominations:
        aged = [(p, p.age_on(offer.starts_on)) for p in members.get(n.household_id, [])
                if p.birth_date]
        contact = next((p for p, age in aged if age >= ADULT_AGE), None)
        rows.append((n, contact, sorted(age for _p, age in aged if age < ADULT_AGE)))
    return rows, members


def household_for_national_id(national_id: str) -> Household | None:
    person = person_by_national_id(national_id)
    return person.household if person is not None else None


def draw_check(offer: HolidayOffer, nominations: list[Nomination]) -> bool | None:
    """Recompute the draw from the recorded seed: does it give the recorded result?"""
    if offer.seed is None:
        return None
    drawn = [n for n in nominations if n.drawn_status]
    result = allocation.allocate(
        [allocation.Candidate(n.pk, n.need, n.persons) for n in drawn],
        capacity=offer.capacity, seed=offer.seed)
    recorded_places = tuple(n.pk for n in sorted(
        (n for n in drawn if n.drawn_status == S.ALLOCATED), key=lambda n: n.drawn_position))
    recorded_wait = tuple(n.pk for n in sorted(
        (n for n in drawn if n.drawn_status == S.WAITLISTED), key=lambda n: n.drawn_position))
    return result.allocated == recorded_places and result.waitlist == recorded_wait


# Status words in the subject-access export (the PDF and JSON are Norwegian).
_EXPORT_STATUS = {S.NOMINATED: "Nominert", S.ALLOCATED: "Har fått plass",
                  S.WAITLISTED: "På venteliste", S.DECLINED: "Takket nei"}


def holiday_export_section(person: Person) -> dict:
    """The holiday places of ``person``'s household for the subject-access export: each
    offer, its status, the service that nominated and why, and whether the family agreed
    that the organiser gets its contact details and transport need (registered with
    ``people.subject_access`` in ``PassesConfig.ready``)."""
    if not person.household_id:
        return {"holiday_places": []}
    nominations = (Nomination.objects.filter(household_id=person.household_id)
                   .select_related("offer", "unit").order_by("offer__starts_on", "pk"))
    return {"holiday_places": [{
        "offer": n.offer.name, "place": n.offer.place,
        "start_date": n.offer.starts_on.isoformat(),
        "status": _EXPORT_STATUS.get(n.status, n.status),
        "unit": n.unit.name if n.unit else None, "reason": n.reason,
        "persons": n.persons,
        "shares_contact": "Ja" if n.shares_contact else "Nei",
        "transport_need": n.transport_need or None,
        "accepted_at": n.accepted_at.isoformat(timespec="minutes") if n.accepted_at else None,
    } for n in nominations]}
