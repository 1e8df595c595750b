"""Reads for Min side. A citizen sees themselves and the children the register says they
have parental responsibility for — nobody else (``person_in_scope``)."""

from dataclasses import dataclass, field

from levekar.lending import selectors as lending_selectors
from levekar.passes import selectors as passes_selectors
from levekar.people import selectors as people_selectors
from levekar.people.models import Person


@dataclass
class CardView:
    card: object
    left: int
    uses: list


@dataclass
class PersonView:
    person: Person
    is_self: bool
    cards: list[CardView] = field(default_factory=list)
    applications: list = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        """A child in the citizen's care without this year's card and with no application
        waiting may be applied for (the Aarhus model)."""
        from django.utils import timezone

        year = timezone.localdate().year
        return (not self.is_self and not any(c.card.year == year for c in self.cards)
                and not any(a.is_open and a.year == year for a in self.applications))


def me_for_pid(pid: str) -> Person | None:
    return people_selectors.person_by_national_id(pid)


def scope_of(me: Person) -> list[Person]:
    """The citizen first, then the children in their care."""
    return [me, *people_selectors.children_in_care_of(me)]


def person_in_scope(me: Person, person_id: int) -> Person | None:
    """``person_id`` if it is the citizen or a child in their care, else None."""
    return next((p for p in scope_of(me) if p.pk == person_id), None)


def overview(me: Person, *, persons: list[Person] | None = None) -> dict:
    """Everything on the resident's first page, in a constant number of queries."""
    persons = persons if persons is not None else scope_of(me)
    views = {p.pk: PersonView(person=p, is_self=p.pk == me.pk) for p in persons}
    cards = list(passes_selectors.passes_for_persons(list(views)))
    for card in cards:
        uses = list(card.uses.all())
        spent = sum(u.approved_amount or 0 for u in uses if u.status == "approved")
        views[card.person_id].cards.append(
            CardView(card=card, left=card.scheme.cap_left(spent), uses=uses))
    for application in passes_selectors.applications_for_children(
            [pk for pk, v in views.items() if not v.is_self]):
        views[application.child_id].applications.append(application)
    household_ids = sorted({p.household_id for p in persons if p.household_id})
    places = list(passes_selectors.holiday_places_for_households(household_ids))
    return {"me": me, "people": list(views.values()), "holiday_places": places}


def borrower_ids(me: Person) -> list[int]:
    """The citizen's own borrower records at the equipment library (by their KRR phone)."""
    return [b.pk for b in lending_selectors.borrowers_for_phone(me.phone)]


def lending(me: Person) -> dict:
    ids = borrower_ids(me)
    return {
        "borrower_ids": ids,
        "loans": list(lending_selectors.loans_for_borrowers(ids)) if ids else [],
        "reservations": list(lending_selectors.reservations_for_borrowers(ids)) if ids else [],
    }


@dataclass
class LogView:
    person: Person
    is_self: bool
    events: list


def access_log(me: Person, *, limit: int = 50) -> list[LogView]:
    """Innsynslogg: who read or changed the data of the citizen and each child in their
    care (staff reads; the citizen's own reads on Min side are left out)."""
    from levekar.core.selectors import person_access_log
    from levekar.followup.privacy.access_log import plain_entries

    out = []
    for person in scope_of(me):
        events = [e for e in person_access_log(person_id=person.pk, limit=limit)
                  if e.actor_id is not None]
        # the purpose in plain words ("med samtykke fra …") and the whole row as one
        # sentence, as on the case page
        for e, entry in zip(events, plain_entries(events), strict=True):
            e.plain_purpose = entry.purpose
            e.text = entry.text
        out.append(LogView(person=person, is_self=person.pk == me.pk, events=events))
    return out


def family_readers(me: Person) -> list:
    """The follow-up cases whose plan the citizen may read on Min side (usually none)."""
    from levekar.followup.selectors.citizen import readers_for_person

    return readers_for_person(me)


def family_reader(me: Person, case_id: int):
    """The citizen's reader of case ``case_id``, or None (the view answers "Ingen tilgang")."""
    from levekar.followup.selectors.citizen import reader_for_case

    return reader_for_case(me, case_id)
