from levekar.people.models import Person


def person_by_national_id(national_id: str) -> Person | None:
    return Person.objects.filter(national_id=national_id).first()
