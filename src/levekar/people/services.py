"""Writes of households and persons. Callers pass the acting user for the audit log."""

import datetime as dt

from django.db import transaction

from levekar.core.audit import Action, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.core.models import Municipality
from levekar.people.identity import (
    InvalidNationalId,
    birth_date_from_national_id,
    national_id_clean,
)
from levekar.people.models import Household, ParentalResponsibility, Person, Zone


def zone_ensure(*, municipality: Municipality, code: str, name: str) -> Zone:
    zone, _ = Zone.objects.update_or_create(
        code=code, defaults={"municipality": municipality, "name": name}
    )
    return zone


@transaction.atomic
def household_create(*, actor, municipality: Municipality, street: str = "",
                     postcode: str = "", city: str = "", zone: Zone | None = None,
                     external_id: str = "", preferred_language: str = "nb") -> Household:
    household = Household.objects.create(
        municipality=municipality, street=street, postcode=postcode, city=city, zone=zone,
        external_id=external_id, preferred_language=preferred_language,
    )
    audit_record(actor=actor, action=Action.CREATE, obj=household, purpose="ny husstand")
    return household


@transaction.atomic
def person_create(*, actor, first_name: str, last_name: str,
                  household: Household | None = None, national_id: str = "",
                  birth_date: dt.date | None = None, phone: str = "",
                  email: str = "") -> Person:
    """Create a person; a given national id must be valid and not already registered."""
    nid = None
    if national_id:
        try:
            nid = national_id_clean(national_id)
        except InvalidNationalId as exc:
            raise InvalidInput([Problem(str(exc), field="fødselsnummer")]) from exc
        if Person.objects.filter(national_id=nid).exists():
            raise InvalidInput([Problem("En person med dette fødselsnummeret finnes allerede.",
                                        field="fødselsnummer")])
        birth_date = birth_date or birth_date_from_national_id(nid)
    person = Person.objects.create(
        household=household, national_id=nid, first_name=first_name.strip(),
        last_name=last_name.strip(), birth_date=birth_date, phone=phone, email=email,
    )
    audit_record(actor=actor, action=Action.CREATE, obj=person, persons=[person.pk],
                 purpose="ny person")
    return person


ANONYMISED_NAME = "Anonymisert"


@transaction.atomic
def person_anonymise(*, person: Person, now: dt.datetime) -> Person:
    """Remove what identifies a person: names, national id, phone and e-mail go, the date
    of birth is kept at month precision (ages for the outcome statistics). The caller
    writes the audit event naming the person (the purge writes one per case)."""
    person.first_name = ANONYMISED_NAME
    person.last_name = ""
    person.national_id = None
    person.phone = ""
    person.email = ""
    person.birth_date = person.birth_date.replace(day=1) if person.birth_date else None
    person.anonymised_at = now
    person.save(update_fields=["first_name", "last_name", "national_id", "phone", "email",
                               "birth_date", "anonymised_at"])
    return person


@transaction.atomic
def household_anonymise(*, household: Household) -> Household:
    """Remove the household's address and external id; the zone stays (statistics)."""
    household.street = household.postcode = household.city = household.external_id = ""
    household.save(update_fields=["street", "postcode", "city", "external_id"])
    return household


@transaction.atomic
def parental_responsibility_set(*, actor, parent: Person, child: Person,
                                source: str = "folkeregisteret") -> "ParentalResponsibility":
    """Record that ``parent`` has parental responsibility for ``child`` (idempotent)."""
    if parent.pk == child.pk:
        raise InvalidInput([Problem("En person kan ikke ha foreldreansvar for seg selv.",
                                    field="barn")])
    relation, created = ParentalResponsibility.objects.get_or_create(
        parent=parent, child=child, defaults={"source": source})
    if created:
        audit_record(actor=actor, action=Action.CREATE, obj=relation,
                     persons=[parent.pk, child.pk], purpose="foreldreansvar registrert")
    return relation
