from django.db.models import QuerySet

from levekar.people.models import Household, Person, Zone


def zones_for_municipality(*, municipality_code: str) -> QuerySet[Zone]:
    return Zone.objects.filter(municipality__code=municipality_code).order_by("code")


def household_members(*, household: Household) -> QuerySet[Person]:
    return household.members.order_by("birth_date", "pk")


def person_by_national_id(national_id: str) -> Person | None:
    return Person.objects.filter(national_id=national_id).first()
