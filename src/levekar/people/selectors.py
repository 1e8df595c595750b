from django.db.models import QuerySet

from levekar.people.identity import InvalidNationalId, national_id_clean
from levekar.people.models import Household, Person, Zone


def person_by_national_id(national_id: str) -> Person | None:
    """The person with this fødselsnummer/D-number, written with or without spaces and
    hyphens; None when it is not a valid number or nobody has it."""
    try:
        number = national_id_clean(national_id)
    except InvalidNationalId:
        return None
    return Person.objects.filter(national_id=number).first()


def household_members(*, household: Household) -> QuerySet[Person]:
    """The members of a household, oldest first."""
    return household.members.order_by("birth_date", "pk")


def children_in_care_of(person: Person) -> QuerySet[Person]:
    """The children ``person`` has parental responsibility for, oldest first."""
    return Person.objects.filter(parents_rel__parent=person).order_by("birth_date", "pk")


def zones_in(municipality_ids) -> list[Zone]:
    """The levekårssoner of the given municipalities, by code (one query)."""
    return list(Zone.objects.filter(municipality_id__in=list(municipality_ids))
                .order_by("code"))
