"""Building blocks for follow-up's tests: the journey family, built through services.

Import the fixtures into a test module with ``from levekar.followup.tests.case_fixtures
import *`` (they need the ``demo_org`` persona fixture of the root conftest).
"""

import datetime as dt

import pytest
from django.utils import timezone

from levekar.core.lib.progress import NULL_REPORTER
from levekar.followup import services
from levekar.followup.demo.families import synthetic_national_id
from levekar.followup.models import CaseMember, InfoPart
from levekar.people import demo as people_demo
from levekar.people.models import Zone

P, C = CaseMember.Role.PARENT, CaseMember.Role.CHILD


def birth_for_age(age: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return dt.date(today.year - age, 1, 1)


def nid_for_age(age: int, serial: int) -> str:
    """A valid synthetic fødselsnummer for someone ``age`` years old (unique per serial)."""
    birth = birth_for_age(age).replace(day=1 + serial // 90)
    return synthetic_national_id(birth, serial % 90)


def open_family(coordinator, *, serial: int = 0, zone: Zone | None = None, kids=(16, 11, 4),
                referred_by=None):
    """A single mother (38) with children of the given ages; the youngest has no
    national id (newly arrived). Returns (case, {"mother": Person, "child16": …})."""
    members = [services.MemberInput("Leila", f"Ahmadi{serial}", P,
                                    national_id=nid_for_age(38, serial * 5))]
    for i, age in enumerate(kids):
        newest = i == len(kids) - 1
        members.append(services.MemberInput(
            f"Barn{age}", f"Ahmadi{serial}", C,
            national_id="" if newest else nid_for_age(age, serial * 5 + i + 1),
            birth_date=birth_for_age(age) if newest else None))
    case = services.case_open(actor=coordinator, members=members, street="Strømsveien 41 B",
                              postcode="2010", city="Strømmen", zone=zone,
                              referred_by=referred_by)
    persons = {}
    for m in case.members.select_related("person").order_by("pk"):
        if m.role == P:
            persons["mother"] = m.person
        else:
            persons[f"child{m.person.age_on(timezone.localdate())}"] = m.person
    return case, persons


@pytest.fixture
def zones(demo_org):
    people_demo.load(reporter=NULL_REPORTER)
    return {z.code: z for z in Zone.objects.all()}


@pytest.fixture
def journey(demo_org, coordinator, zones):
    """The journey family with the mother's and the 16-year-old's consents recorded."""
    units = demo_org["units"]
    case, persons = open_family(coordinator, zone=zones["3205-03"],
                                referred_by=units["nav-lillestrom"])
    family = services.consent_record(
        actor=coordinator, case=case, given_by=persons["mother"], subject=None,
        grants=[(units[u], p) for u in ("nav-lillestrom", "helsestasjon-lillestrom")
                for p in (InfoPart.ECONOMY, InfoPart.HOUSING, InfoPart.HEALTH)]
        + [(units["strommen-skole"], InfoPart.SCHOOL)])
    own = services.consent_record(
        actor=coordinator, case=case, given_by=persons["child16"], subject=persons["child16"],
        grants=[(units["strommen-skole"], InfoPart.HEALTH)])
    return {"case": case, "persons": persons, "family_consent": family, "own_consent": own,
            "units": units}


def child_of(case, n: int = 0) -> CaseMember:
    """The case's n-th child living in the family, oldest first."""
    return list(case.members.filter(role=C, left_on__isnull=True)
                .order_by("person__birth_date", "pk"))[n]


def bti_set(*, actor, case, to_level: int, reason: str, holder=None, child=None):
    """Move one child along the handlingsveileder (the oldest unless ``child`` is given),
    with ``holder`` (a user) as stafettholder: the user becomes a participant of the case
    the way the coordinator adds one, then the BTI service runs."""
    participant = (services.participant_add(actor=actor, case=case, user=holder)
                   if holder is not None else None)
    return services.bti_level_change(actor=actor, member=child or child_of(case),
                                     to_level=to_level, reason=reason,
                                     stafettholder=participant)
