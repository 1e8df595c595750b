"""Writes of households and persons. Callers pass the acting user for the audit log."""

import datetime as dt

from django.db import transaction
from django.db.models import F

from levekar.core.audit import Kind, Purpose, audit_changes, audit_record, audit_snapshot
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.core.models import Municipality
from levekar.people.identity import (
    InvalidNationalId,
    birth_date_from_national_id,
    national_id_clean,
)
from levekar.people.models import (
    Household,
    HouseholdAddress,
    ParentalResponsibility,
    Person,
    Zone,
)
from levekar.people.selectors import person_by_national_id


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
    audit_record(actor=actor, kind=Kind.HOUSEHOLD_CREATE, obj=household)
    return household


# One answer, whatever the register holds: a number registered to someone else reads the
# same as a number given with a name that does not match it, and says nothing about
# whether, where or why the person is known (security review, finding 2).
NATIONAL_ID_NOT_USABLE = ("Fødselsnummeret kan ikke brukes med dette navnet. Kontroller at "
                          "fornavn, etternavn og fødselsnummer står slik de gjør i "
                          "folkeregisteret, eller la fødselsnummeret stå tomt og oppgi "
                          "fødselsdato.")


def _name_key(first_name: str, last_name: str) -> tuple[str, str]:
    return (" ".join(first_name.split()).casefold(), " ".join(last_name.split()).casefold())


def person_find_by_national_id(*, actor, national_id: str, first_name: str, last_name: str,
                               purpose: Purpose) -> Person | None:
    """The registered person with this (clean) national id *and* this name, or None when
    the number is not registered. A number registered to a person of another name raises
    ``InvalidInput`` with ``NATIONAL_ID_NOT_USABLE``: the caller learns nothing it did not
    know (it gave both the number and the right name). Every lookup writes an audit
    event, found or not, naming the person when found, with the caller's ``purpose``."""
    person = Person.objects.filter(national_id=national_id).first()
    matches = person is not None and \
        _name_key(person.first_name, person.last_name) == _name_key(first_name, last_name)
    outcome = "treff" if matches else ("navnet stemmer ikke" if person else "ingen treff")
    audit_record(actor=actor, kind=Kind.PERSON_LOOKUP, object_type="people.person",
                 object_id=person.pk if matches else "",
                 persons=[person.pk] if person else [],
                 purpose=purpose, detail=outcome)
    if person is not None and not matches:
        raise InvalidInput([Problem(NATIONAL_ID_NOT_USABLE, field="fødselsnummer")])
    return person


def person_lookup(*, actor, national_id: str, purpose: Purpose) -> Person | None:
    """The registered person with this national id (written with or without spaces), or
    None, for a desk whose work covers every registered person (the leisure office
    issuing cards). The lookup is audited, found or not."""
    person = person_by_national_id(national_id)
    audit_record(actor=actor, kind=Kind.PERSON_LOOKUP, object_type="people.person",
                 object_id=person.pk if person else "",
                 persons=[person.pk] if person else [],
                 purpose=purpose, detail="treff" if person else "ingen treff")
    return person


def national_id_check_free(*, actor, person: Person, national_id: str) -> None:
    """Before giving ``person`` a new national id: is it another person's? Audited (the
    other person is a subject of the event) and refused with ``NATIONAL_ID_NOT_USABLE``.
    Call it outside the transaction that saves, so the audit event stays when refused.
    An invalid number is left to ``person_update`` to report."""
    try:
        nid = national_id_clean(national_id) if national_id.strip() else ""
    except InvalidNationalId:
        return
    if not nid or nid == person.national_id:
        return
    taken = Person.objects.filter(national_id=nid).exclude(pk=person.pk).first()
    audit_record(actor=actor, kind=Kind.PERSON_LOOKUP, object_type="people.person",
                 object_id=person.pk, persons=[person.pk] + ([taken.pk] if taken else []),
                 purpose=Purpose.PERSON_CORRECTION,
                 detail="nummeret er i bruk" if taken else "ledig")
    if taken is not None:
        raise InvalidInput([Problem(NATIONAL_ID_NOT_USABLE, field="fødselsnummer")])


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
            raise InvalidInput([Problem(NATIONAL_ID_NOT_USABLE, field="fødselsnummer")])
        birth_date = birth_date or birth_date_from_national_id(nid)
    person = Person.objects.create(
        household=household, national_id=nid, first_name=first_name.strip(),
        last_name=last_name.strip(), birth_date=birth_date, phone=phone, email=email,
    )
    audit_record(actor=actor, kind=Kind.PERSON_CREATE, obj=person, persons=[person.pk])
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
        audit_record(actor=actor, kind=Kind.PARENTAL_RESPONSIBILITY_CREATE, obj=relation,
                     persons=[parent.pk, child.pk])
    return relation


# --- Changes over the years: names, numbers, death, moves, address protection ---------

def _version_claim(obj, expected_version: int | None, what: str) -> None:
    """Optimistic locking as follow-up's edit forms do it: the save succeeds only when
    ``obj`` is still at ``expected_version`` (None: whatever is saved, for the CLI)."""
    rows = type(obj).objects.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1) == 0:
        raise Conflict(f"Noen andre har lagret {what} etter at du åpnet skjemaet. Det du "
                       "skrev, står fortsatt i skjemaet. Se gjennom den lagrede versjonen, "
                       "og lagre på nytt hvis ditt skal erstatte den.")
    obj.version = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).get()


# Names of the person's fields in audit purposes (what changed, never the values).
_FIELD_WORDS = {"first_name": "fornavn", "last_name": "etternavn",
                "national_id": "fødselsnummer", "birth_date": "fødselsdato",
                "phone": "telefon", "email": "e-post"}


@transaction.atomic
def person_update(*, actor, person: Person, first_name: str, last_name: str,
                  national_id: str = "", birth_date: dt.date | None = None,
                  phone: str = "", email: str = "",
                  expected_version: int | None = None) -> Person:
    """Correct a person's names and contact details, add a fødselsnummer later or replace
    a D-number with a fødselsnummer. A number once given cannot be removed. The audit
    event names the fields that changed (not their values)."""
    _version_claim(person, expected_version, "personopplysningene")
    problems = []
    first_name, last_name = first_name.strip(), last_name.strip()
    birth_date = birth_date or person.birth_date
    if not first_name:
        problems.append(Problem("Fornavn mangler.", field="fornavn"))
    if not last_name:
        problems.append(Problem("Etternavn mangler.", field="etternavn"))
    nid = person.national_id
    raw = (national_id or "").strip()
    if raw:
        try:
            nid = national_id_clean(raw)
        except InvalidNationalId as exc:
            problems.append(Problem(str(exc), field="fødselsnummer"))
        else:
            if Person.objects.filter(national_id=nid).exclude(pk=person.pk).exists():
                # The same answer as a wrong name when adding a member (and callers look
                # the number up first with ``national_id_check_free``, which audits it).
                problems.append(Problem(NATIONAL_ID_NOT_USABLE, field="fødselsnummer"))
    elif person.national_id:
        problems.append(Problem("Et registrert fødselsnummer kan ikke fjernes, bare "
                                "erstattes med et nytt.", field="fødselsnummer"))
    if nid and not problems and nid != person.national_id:
        birth_date = birth_date_from_national_id(nid)
    if not nid and birth_date is None:
        problems.append(Problem("Oppgi fødselsdato når personen ikke har fødselsnummer.",
                                field="fødselsdato"))
    if birth_date and birth_date > dt.date.today():
        problems.append(Problem("Fødselsdatoen kan ikke ligge fram i tid.",
                                field="fødselsdato"))
    if problems:
        raise InvalidInput(problems)
    new = {"first_name": first_name, "last_name": last_name, "national_id": nid,
           "birth_date": birth_date, "phone": phone.strip(), "email": email.strip()}
    changed = [k for k, v in new.items() if getattr(person, k) != v]
    for key, value in new.items():
        setattr(person, key, value)
    person.save(update_fields=[*new, "version"])
    words = ", ".join(_FIELD_WORDS[k] for k in changed) or "ingen felt"
    audit_record(actor=actor, kind=Kind.PERSON_UPDATE, obj=person, persons=[person.pk],
                 detail=f"personopplysninger rettet: {words}",
                 changes=[{"field": k} for k in changed])  # names, never the values
    return person


@transaction.atomic
def person_death_record(*, actor, person: Person, died_on: dt.date) -> Person:
    """Record that a person has died (from the date given)."""
    problems = []
    if died_on > dt.date.today():
        problems.append(Problem("Dødsdatoen kan ikke ligge fram i tid.", field="dato"))
    if person.birth_date and died_on < person.birth_date:
        problems.append(Problem("Dødsdatoen kan ikke ligge før fødselsdatoen.", field="dato"))
    if problems:
        raise InvalidInput(problems)
    before = audit_snapshot(person, ["died_on"])
    person.died_on = died_on
    person.save(update_fields=["died_on"])
    audit_record(actor=actor, kind=Kind.PERSON_DEATH, obj=person, persons=[person.pk],
                 changes=audit_changes(person, before))
    return person


@transaction.atomic
def household_move(*, actor, household: Household, street: str, postcode: str, city: str,
                   zone: Zone | None, moved_on: dt.date, rooms: int | None = None,
                   previous_rooms: int | None = None, persons: list[int] = (),
                   expected_version: int | None = None) -> HouseholdAddress:
    """Record that the household moved on ``moved_on`` to a new address and levekårssone.
    The address before is kept in the history (the first move records it, with
    ``previous_rooms`` when known), and the household's current address becomes the new
    one. ``persons``: who the audit event names (the household's members)."""
    street, postcode, city = street.strip(), postcode.strip(), city.strip()
    # A form read before someone else's save gets the conflict first (the claim is
    # rolled back with the transaction when the input is refused below).
    _version_claim(household, expected_version, "husstanden")
    problems = []
    if not street:
        problems.append(Problem("Adresse mangler.", field="adresse"))
    if not (len(postcode) == 4 and postcode.isdigit()):
        problems.append(Problem("Postnummeret må ha fire siffer.", field="postnummer"))
    if not city:
        problems.append(Problem("Poststed mangler.", field="poststed"))
    if zone is not None and zone.municipality_id != household.municipality_id:
        problems.append(Problem("Levekårssonen hører til en annen kommune.", field="sone"))
    if moved_on > dt.date.today():
        problems.append(Problem("Flyttedatoen kan ikke ligge fram i tid.", field="flyttedato"))
    last = household.addresses.exclude(moved_on=None).order_by("-moved_on", "-pk").first()
    if last is not None and moved_on <= last.moved_on:
        problems.append(Problem(
            f"Flyttedatoen må være etter forrige flytting ({last.moved_on:%d.%m.%Y}).",
            field="flyttedato"))
    for value, field in ((rooms, "rom"), (previous_rooms, "rom før")):
        if value is not None and not 1 <= value <= 30:
            problems.append(Problem("Antall rom må være 1–30.", field=field))
    if problems:
        raise InvalidInput(problems)
    if not household.addresses.exists():
        HouseholdAddress.objects.create(
            household=household, street=household.street, postcode=household.postcode,
            city=household.city, zone_id=household.zone_id, moved_on=None,
            rooms=previous_rooms)
    address = HouseholdAddress.objects.create(
        household=household, street=street, postcode=postcode, city=city, zone=zone,
        moved_on=moved_on, rooms=rooms)
    before = audit_snapshot(household, ["street", "postcode", "city", "zone"])
    household.street, household.postcode, household.city = street, postcode, city
    household.zone = zone
    household.save(update_fields=["street", "postcode", "city", "zone", "version"])
    audit_record(actor=actor, kind=Kind.HOUSEHOLD_MOVE, obj=household, persons=list(persons),
                 changes=audit_changes(household, before))
    return address


PROTECTION_LEVELS = ("", "fortrolig", "strengt_fortrolig")


@transaction.atomic
def household_protection_set(*, actor, household: Household, level: str, reason: str,
                             persons: list[int] = ()) -> Household:
    """Set or lift strengthened address protection (fortrolig / strengt fortrolig)."""
    problems = []
    if level not in PROTECTION_LEVELS:
        problems.append(Problem("Ukjent adressebeskyttelse.", field="adressebeskyttelse"))
    if not reason.strip():
        problems.append(Problem("Oppgi en begrunnelse (for eksempel melding fra "
                                "folkeregisteret).", field="begrunnelse"))
    if problems:
        raise InvalidInput(problems)
    before = audit_snapshot(household, ["address_protection"])
    household.address_protection = level
    household.save(update_fields=["address_protection"])
    audit_record(actor=actor, kind=Kind.HOUSEHOLD_PROTECTION_CHANGE, obj=household,
                 persons=list(persons), changes=audit_changes(household, before),
                 detail=("adressebeskyttelse satt: " + level.replace("_", " ")) if level
                 else "adressebeskyttelse opphevet")
    return household
