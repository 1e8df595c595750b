"""Reads of the case over the years: the address history with crowding before and after
each move, the handovers, and the coordinators a case can be handed to."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from levekar.core.lib.crowding import is_crowded
from levekar.core.models import User
from levekar.core.roles import Role
from levekar.followup.models import Case, CaseHandover, CaseMember
from levekar.people.models import HouseholdAddress


def handover_candidates(case: Case) -> QuerySet[User]:
    """The active family coordinators of the case's municipality, other than its own."""
    return (User.objects.filter(groups__name=Role.COORDINATOR, is_active=True,
                                org_unit__municipality_id=case.unit.municipality_id)
            .exclude(pk=case.coordinator_id).select_related("org_unit")
            .order_by("last_name", "first_name", "pk").distinct())


@dataclass(frozen=True)
class AddressRow:
    address: HouseholdAddress
    persons: int  # members living in the household from the move on
    crowded: bool | None  # None: the number of rooms is not known


def address_history(case: Case, members: list[CaseMember]) -> list[AddressRow]:
    """The household's addresses, oldest first, each with whether the household was
    crowded there (rooms against the members living there at the move; the rule of
    ``core.lib.crowding``). One query; ``members`` are the case's members already read."""
    addresses = list(HouseholdAddress.objects.filter(household_id=case.household_id)
                     .select_related("zone"))
    rows = []
    for a in addresses:
        day = a.moved_on or case.start_date
        persons = sum(1 for m in members
                      if (m.left_on is None or m.left_on > day)
                      and (m.person.birth_date is None or m.person.birth_date <= day))
        crowded = (is_crowded(persons=persons, rooms=a.rooms, area_m2=None)
                   if persons and a.rooms else None)
        rows.append(AddressRow(address=a, persons=persons, crowded=crowded))
    return rows


def crowding_ended(rows: list[AddressRow]) -> AddressRow | None:
    """The move after which the household is no longer crowded, when it was before: the
    plan's "Større bolig" reached, shown from the address history. None otherwise."""
    if len(rows) >= 2 and rows[-2].crowded and rows[-1].crowded is False:
        return rows[-1]
    return None


def handovers_of(case: Case) -> list[CaseHandover]:
    return list(case.handovers.select_related("from_coordinator", "to_coordinator"))
