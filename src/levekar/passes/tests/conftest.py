"""Builders for the passes tests: a municipality with zones, households with incomes."""

import datetime as dt
import itertools

import pytest

from levekar.core.lib.progress import NULL_REPORTER

AARHUS_RULES = {
    "income": {"base_limit": 192_714, "per_extra_child": 7_000,
               "single_parent_supplement": 59_492, "income_year_offset": -1},
    "child_age": {"min": 3, "max": 17},
    "reference_day": "08-01",
}
YEAR = dt.date.today().year
_names = itertools.count(1)


@pytest.fixture
def zones(demo_org):
    from levekar.people import demo as people_demo
    from levekar.people.models import Zone

    people_demo.load(reporter=NULL_REPORTER)
    return {z.code: z for z in Zone.objects.all()}


@pytest.fixture
def municipality(demo_org):
    return demo_org["municipality"]


@pytest.fixture
def scheme(municipality, zones):
    """Aarhus' fritidspas as a scheme, with its rule set from 1 January last year."""
    from levekar.passes import services

    s = services.scheme_create(municipality=municipality, code="fritidspas", name="Fritidspas",
                               kind="activity_pass", card_title="Fritidskort",
                               applies_to="Kontingent", annual_cap_per_child=1000)
    services.rule_set_create(scheme=s, valid_from=dt.date(YEAR - 1, 1, 1), valid_to=None,
                             rules=AARHUS_RULES)
    return s


def born(age: int, year: int = YEAR) -> dt.date:
    """A birth date that gives ``age`` on 1 August of ``year`` (birthday in spring)."""
    return dt.date(year - age, 3, 15)


@pytest.fixture
def make_household(municipality, zones, leisure_office):
    """``make_household(adults=2, children=[10, 5], income=190_000, zone="3205-03")``."""
    from levekar.people.models import IncomeRecord
    from levekar.people.services import household_create, person_create

    def make(*, adults=2, children=(10,), income=150_000, zone="3205-03", language="nb",
             income_year=YEAR - 1, street=None):
        n = next(_names)
        household = household_create(actor=leisure_office, municipality=municipality,
                                     street=street or f"Testveien {n}", postcode="2010",
                                     city="Strømmen", zone=zones.get(zone),
                                     preferred_language=language)
        people = []
        for i in range(adults):
            p = person_create(actor=leisure_office, household=household, first_name=f"Voksen{n}",
                              last_name=f"Familie{n}", birth_date=born(35 + i))
            people.append(p)
            if income is not None:
                IncomeRecord.objects.create(person=p, year=income_year,
                                            income_after_tax=income if i == 0 else 0)
        for age in children:
            people.append(person_create(actor=leisure_office, household=household,
                                        first_name=f"Barn{n}x{age}", last_name=f"Familie{n}",
                                        birth_date=born(age)))
        return household, people

    return make
