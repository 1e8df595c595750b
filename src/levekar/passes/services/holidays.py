"""Holiday offers (ferietilbud): nominations by services, the draw, the waitlist.

The allocation rule is in ``passes.allocation`` (pure): need first, then a lottery with
a recorded seed; a family is never split; the waitlist moves up when a family declines.
Every change in the queue is a ``QueueEvent``; a manual move needs a reason.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from levekar.core.audit import Kind, audit_record
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.core.lib.tabular import csv_text
from levekar.core.models import Municipality
from levekar.core.roles import Role, has_role
from levekar.passes import allocation, bases
from levekar.passes.eligibility import ADULT_AGE
from levekar.passes.models import HolidayOffer, Nomination, QueueEvent
from levekar.passes.selectors.holidays import family_rows
from levekar.passes.selectors.passes import persons_of
from levekar.passes.services._common import actor_fields, actor_user
from levekar.people.models import Household, Person
from levekar.people.selectors import household_members

Status = Nomination.Status


@transaction.atomic
def offer_create(*, municipality: Municipality, name: str, organiser: str, place: str,
                 starts_on: dt.date, ends_on: dt.date, capacity: int, min_child_age: int = 6,
                 max_child_age: int = 13, description: str = "") -> HolidayOffer:
    problems = []
    if ends_on < starts_on:
        problems.append(Problem("Siste dag kan ikke være før første dag.", field="siste dag"))
    if min_child_age > max_child_age:
        problems.append(Problem("Laveste alder kan ikke være høyere enn høyeste.",
                                field="alder"))
    if capacity < 1:
        problems.append(Problem("Tilbudet må ha minst én plass.", field="plasser"))
    if problems:
        raise InvalidInput(problems)
    return HolidayOffer.objects.create(
        municipality=municipality, name=name.strip(), organiser=organiser.strip(),
        place=place.strip(), starts_on=starts_on, ends_on=ends_on, capacity=capacity,
        min_child_age=min_child_age, max_child_age=max_child_age, description=description)


def _members(household: Household) -> list[Person]:
    return list(household_members(household=household))


# The audit log is Norwegian whatever the page's language.
_BASIS_WORDS = {Nomination.Basis.FOLLOWUP_CONSENT: "samtykke i åpent familieløp",
                Nomination.Basis.SERVICE_CONSENT: "samtykke registrert i tjenesten",
                Nomination.Basis.SERVICE_CASE: "åpen sak i tjenesten"}


def nomination_needs_basis(user) -> bool:
    """A service partner needs a basis to nominate (finding 2); the leisure office and
    family coordinators do not (their work is the nomination's basis)."""
    return has_role(user, Role.SERVICE_PARTNER) and not has_role(user, Role.LEISURE) \
        and not has_role(user, Role.COORDINATOR)


def _basis_problem(actor, household: Household, basis: str) -> Problem | None:
    if not nomination_needs_basis(actor):
        return None
    if basis not in Nomination.Basis.values:
        return Problem("Velg grunnlaget for nominasjonen: et åpent familieløp med samtykke "
                       "til deling med din tjeneste, et samtykke eller en åpen sak hos din "
                       "tjeneste.", field="grunnlag")
    if basis == Nomination.Basis.FOLLOWUP_CONSENT \
            and not bases.followup_consent_covers(actor, household.pk):
        # field "familie": the nomination page gives a partner its one neutral answer, so
        # this does not tell a registered number from an unregistered one.
        return Problem("Din tjeneste har ikke samtykke til deling i et åpent familieløp for "
                       "denne familien. Velg et annet grunnlag hvis dere har det, eller be "
                       "familien om samtykke.", field="familie")
    return None


@transaction.atomic
def nomination_create(*, actor, offer: HolidayOffer, household: Household, need: int,
                      reason: str, persons: int | None = None, basis: str = "",
                      shares_contact: bool = False, transport_need: str = "") -> Nomination:
    """A service nominates a family. It must have a child in the offer's age range. A
    service partner gives the ``basis`` (``Nomination.Basis``) for nominating; a basis in
    follow-up is checked (``passes.bases``).

    ``shares_contact``: the family agreed that the organiser gets its phone, e-mail,
    address and ``transport_need`` (the organiser's list leaves them out otherwise)."""
    offer = HolidayOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != HolidayOffer.Status.OPEN:
        raise Conflict("Plassene til dette tilbudet er allerede fordelt. Ta kontakt med "
                       "fritidskontoret om familien bør stå på ventelisten.")
    if Nomination.objects.filter(offer=offer, household=household).exists():
        raise Conflict("Familien er allerede nominert til dette tilbudet.")
    members = _members(household)
    problems = []
    if not any(m.birth_date and offer.min_child_age <= m.age_on(offer.starts_on)
               <= offer.max_child_age and m.age_on(offer.starts_on) < ADULT_AGE
               for m in members):
        problems.append(Problem(
            f"Familien må ha minst ett barn mellom {offer.min_child_age} og "
            f"{offer.max_child_age} år når tilbudet starter.", field="familie"))
    persons = persons or len(members)
    if persons < 1:
        problems.append(Problem("Minst én person må reise.", field="personer"))
    elif persons > len(members):
        problems.append(Problem(f"Husstanden har {len(members)} personer registrert; "
                                f"{persons} kan ikke reise.", field="personer"))
    elif persons > offer.capacity:
        problems.append(Problem(f"Tilbudet har bare {offer.capacity} plasser; familien kan "
                                f"ikke deles.", field="personer"))
    if not 1 <= need <= 5:
        problems.append(Problem("Behovet må være fra 1 til 5.", field="behov"))
    if not reason.strip():
        problems.append(Problem("Skriv kort hvorfor familien nomineres.", field="begrunnelse"))
    basis_problem = _basis_problem(actor, household, basis)
    if basis_problem:
        problems.append(basis_problem)
    if len(transport_need.strip()) > 300:
        problems.append(Problem("Transportbehovet kan ha høyst 300 tegn.", field="transport"))
    if problems:
        raise InvalidInput(problems)
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                offer=offer, household=household, nominated_by=actor,
                unit=getattr(actor, "org_unit", None), need=need, reason=reason.strip(),
                persons=persons, basis=basis if basis in Nomination.Basis.values else "",
                shares_contact=shares_contact, transport_need=transport_need.strip())
    except IntegrityError as exc:
        raise Conflict("Familien er allerede nominert til dette tilbudet.") from exc
    audit_record(actor=actor, kind=Kind.HOLIDAY_NOMINATE, obj=nomination,
                 detail=f"nominerte familie til {offer.name}"
                         + (f" (grunnlag: {_BASIS_WORDS[nomination.basis]})"
                            if nomination.basis else ""),
                 persons=[m.pk for m in members])
    return nomination


@transaction.atomic
def offer_allocate(*, actor, offer: HolidayOffer, seed: int | None = None,
                   actor_name: str = "") -> HolidayOffer:
    """Run the draw once: need first, then lottery with a recorded seed."""
    offer = HolidayOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != HolidayOffer.Status.OPEN:
        raise Conflict("Plassene er allerede fordelt for dette tilbudet.")
    nominations = list(Nomination.objects.filter(offer=offer, status=Status.NOMINATED))
    if not nominations:
        raise Conflict("Ingen familier er nominert ennå.")
    if seed is None:
        seed = secrets.randbelow(2**31)
    result = allocation.allocate(
        [allocation.Candidate(n.pk, n.need, n.persons) for n in nominations],
        capacity=offer.capacity, seed=seed)
    by_id = {n.pk: n for n in nominations}
    user = actor_user(actor)
    events = []
    for position, nid in enumerate(result.allocated, start=1):
        n = by_id[nid]
        n.status, n.drawn_status, n.drawn_position = Status.ALLOCATED, Status.ALLOCATED, position
        events.append(QueueEvent(nomination=n, kind=QueueEvent.Kind.DRAWN_PLACE, by=user))
    for position, nid in enumerate(result.waitlist, start=1):
        n = by_id[nid]
        n.status, n.drawn_status = Status.WAITLISTED, Status.WAITLISTED
        n.drawn_position = n.waitlist_position = position
        events.append(QueueEvent(nomination=n, kind=QueueEvent.Kind.DRAWN_WAITLIST, by=user,
                                 to_position=position))
    for n in nominations:
        n.lottery_key = result.keys[n.pk]
    Nomination.objects.bulk_update(nominations, ["status", "drawn_status", "drawn_position",
                                                 "waitlist_position", "lottery_key"])
    QueueEvent.objects.bulk_create(events)
    offer.status, offer.seed = HolidayOffer.Status.ALLOCATED, seed
    offer.allocated_at = timezone.now()
    offer.allocated_by = user
    offer.save(update_fields=["status", "seed", "allocated_at", "allocated_by"])
    audit_record(**actor_fields(actor, actor_name), kind=Kind.HOLIDAY_ALLOCATE, obj=offer,
                 detail=f"fordelte plasser (frø {seed}): {len(result.allocated)} familier fikk "
                         f"plass, {len(result.waitlist)} på venteliste",
                 persons=persons_of([n.household_id for n in nominations]))
    return offer


def _waitlist(offer: HolidayOffer) -> list[Nomination]:
    return list(Nomination.objects.select_for_update()
                .filter(offer=offer, status=Status.WAITLISTED)
                .order_by("waitlist_position", "id"))


def _renumber(waitlist: list[Nomination]) -> None:
    for position, n in enumerate(waitlist, start=1):
        n.waitlist_position = position
    Nomination.objects.bulk_update(waitlist, ["waitlist_position"])


def places_taken(offer: HolidayOffer) -> int:
    return Nomination.objects.filter(offer=offer, status=Status.ALLOCATED) \
        .aggregate(s=Sum("persons"))["s"] or 0


@transaction.atomic
def nomination_decline(*, actor, nomination: Nomination, reason: str = "") -> list[Nomination]:
    """The family says no. Freed places go down the waitlist; return who moved up."""
    nomination = Nomination.objects.select_for_update().select_related("offer").get(
        pk=nomination.pk)
    offer = nomination.offer
    if nomination.status not in {Status.ALLOCATED, Status.WAITLISTED}:
        raise Conflict("Bare familier med plass eller på venteliste kan takke nei.")
    was_allocated = nomination.status == Status.ALLOCATED
    old_position = nomination.waitlist_position
    nomination.status, nomination.waitlist_position = Status.DECLINED, None
    nomination.save(update_fields=["status", "waitlist_position"])
    QueueEvent.objects.create(nomination=nomination, kind=QueueEvent.Kind.DECLINED, by=actor,
                              from_position=old_position,
                              reason=reason.strip()[:300] or "takket nei")
    waitlist = _waitlist(offer)
    promoted: list[Nomination] = []
    if was_allocated:
        free = offer.capacity - places_taken(offer)
        chosen = set(allocation.promote(
            [allocation.Candidate(n.pk, n.need, n.persons) for n in waitlist], free=free))
        events = []
        for n in waitlist:
            if n.pk in chosen:
                events.append(QueueEvent(nomination=n, kind=QueueEvent.Kind.PROMOTED, by=actor,
                                         from_position=n.waitlist_position,
                                         reason="plass ledig etter at en familie takket nei"))
                n.status, n.waitlist_position = Status.ALLOCATED, None
                promoted.append(n)
        Nomination.objects.bulk_update(promoted, ["status", "waitlist_position"])
        QueueEvent.objects.bulk_create(events)
        waitlist = [n for n in waitlist if n.pk not in chosen]
    _renumber(waitlist)
    audit_record(actor=actor, kind=Kind.HOLIDAY_DECLINE, obj=nomination,
                 detail=f"familien takket nei til {offer.name}; {len(promoted)} rykket opp",
                 persons=persons_of([nomination.household_id]
                                     + [n.household_id for n in promoted]))
    return promoted


@transaction.atomic
def nomination_accept(*, actor, nomination: Nomination, actor_name: str = "",
                      today: dt.date | None = None) -> Nomination:
    """The family says yes to the places it was given, by the offer's answer day."""
    nomination = Nomination.objects.select_for_update().select_related("offer").get(
        pk=nomination.pk)
    offer = nomination.offer
    today = today or timezone.localdate()
    if nomination.status != Status.ALLOCATED:
        raise Conflict("Bare familier som har fått plass kan takke ja.")
    if nomination.accepted_at is not None:
        raise Conflict("Dere har allerede takket ja til plassen.")
    if today > offer.answer_by:
        raise Conflict(f"Svarfristen for {offer.name} gikk ut "
                       f"{offer.answer_by.day}.{offer.answer_by.month}.{offer.answer_by.year}.")
    nomination.accepted_at = timezone.now()
    nomination.save(update_fields=["accepted_at"])
    QueueEvent.objects.create(nomination=nomination, kind=QueueEvent.Kind.ACCEPTED,
                              by=actor_user(actor), reason="takket ja")
    audit_record(**actor_fields(actor, actor_name), kind=Kind.HOLIDAY_ACCEPT, obj=nomination,
                 detail=f"familien takket ja til {offer.name}",
                 persons=persons_of([nomination.household_id]))
    return nomination


@transaction.atomic
def nomination_contact_withdraw(*, actor, nomination: Nomination,
                                actor_name: str = "") -> Nomination:
    """The family withdraws its consent to give the organiser its contact details and
    transport need: from now on the organiser's list has the contact person's name only,
    and the transport need (given only to be shared) is deleted."""
    nomination = Nomination.objects.select_for_update().select_related("offer").get(
        pk=nomination.pk)
    if not nomination.shares_contact:
        raise Conflict("Dere deler ikke kontaktinformasjon med arrangøren.")
    nomination.shares_contact = False
    nomination.transport_need = ""
    nomination.save(update_fields=["shares_contact", "transport_need"])
    audit_record(**actor_fields(actor, actor_name), kind=Kind.HOLIDAY_CONTACT_WITHDRAW,
                 obj=nomination,
                 detail=f"familien trakk samtykket til å dele kontaktinformasjon med "
                         f"arrangøren av {nomination.offer.name}",
                 persons=persons_of([nomination.household_id]))
    return nomination


@transaction.atomic
def waitlist_move(*, actor, nomination: Nomination, to_position: int, reason: str) -> Nomination:
    """Move a family in the waitlist by hand. Needs a reason; it is logged."""
    if not reason.strip():
        raise InvalidInput([Problem("En flytting i køen må ha en begrunnelse.",
                                    field="begrunnelse")])
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != Status.WAITLISTED:
        raise Conflict("Bare familier på ventelisten kan flyttes i køen.")
    waitlist = _waitlist(nomination.offer)
    if not 1 <= to_position <= len(waitlist):
        raise InvalidInput([Problem(f"Plassen i køen må være fra 1 til {len(waitlist)}.",
                                    field="ny plass")])
    from_position = nomination.waitlist_position
    waitlist = [n for n in waitlist if n.pk != nomination.pk]
    waitlist.insert(to_position - 1, nomination)
    _renumber(waitlist)
    QueueEvent.objects.create(nomination=nomination, kind=QueueEvent.Kind.MOVED, by=actor,
                              from_position=from_position, to_position=to_position,
                              reason=reason.strip()[:300])
    audit_record(actor=actor, kind=Kind.HOLIDAY_WAITLIST_MOVE, obj=nomination,
                 detail=f"flyttet i ventelisten fra {from_position} til {to_position}: "
                         f"{reason.strip()[:200]}",
                 persons=persons_of([nomination.household_id]))
    nomination.refresh_from_db()
    return nomination


def offer_list_csv(*, actor, offer: HolidayOffer, which: str) -> str:
    """The organiser's list of families with places (``which="tildelt"``) or waiting.

    Phone, e-mail, address and transport need only for families that agreed to share
    them (``Nomination.shares_contact``); never the need score or the service's reason."""
    status = Status.ALLOCATED if which == "tildelt" else Status.WAITLISTED
    nominations = list(Nomination.objects.filter(offer=offer, status=status)
                       .select_related("household")
                       .order_by("waitlist_position", "drawn_position", "id"))
    rows, members = family_rows(offer, nominations)
    lines = []
    for i, (n, contact, ages) in enumerate(rows, start=1):
        people = members.get(n.household_id, [])
        contact = contact or (people[0] if people else None)
        shared = n.shares_contact and contact is not None
        lines.append([n.waitlist_position or i, contact.full_name if contact else "",
                      "ja" if n.shares_contact else "nei",
                      contact.phone if shared else "", contact.email if shared else "",
                      # Strengthened address protection: never in an export.
                      *(("", "", "") if n.household.address_protected or not n.shares_contact
                        else (n.household.street, n.household.postcode, n.household.city)),
                      n.transport_need if n.shares_contact else "",
                      n.persons, ", ".join(str(a) for a in ages),
                      n.household.preferred_language])
    audit_record(actor=actor, kind=Kind.HOLIDAY_LIST_EXPORT, obj=offer,
                 detail=f"liste til arrangør ({which}) for {offer.name}",
                 persons=[p.pk for n in nominations for p in members.get(n.household_id, [])])
    return csv_text(["nr", "kontaktperson", "deler_kontaktinfo", "telefon", "epost", "adresse",
                     "postnummer", "poststed", "transportbehov", "personer", "barnas_alder",
                     "sprak"], lines)
