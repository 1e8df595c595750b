"""The eligibility rule on Aarhus' worked example (seed 002), at its edges. No database.

Aarhus: household income at most 192 714 kr a year; 7 000 kr more for every child after
the first; single parents 59 492 kr more (252 206 kr, plus children); children 3–17.
"""

import datetime as dt

import pytest

from levekar.passes import eligibility as el

AARHUS = {
    "income": {"base_limit": 192_714, "per_extra_child": 7_000,
               "single_parent_supplement": 59_492},
    "child_age": {"min": 3, "max": 17},
}
ON = dt.date(2026, 8, 1)


def born(age: int, *, days_after_birthday: int = 30) -> dt.date:
    """A birth date giving ``age`` on ON (birthday ``days_after_birthday`` days before ON)."""
    birthday = ON - dt.timedelta(days=days_after_birthday)
    return birthday.replace(year=birthday.year - age)


def household(*ages, income, zone="3205-03", municipality="3205"):
    members = tuple(el.Member(i + 1, None if a is None else born(a)) for i, a in enumerate(ages))
    return el.HouseholdFacts(1, municipality, zone, members, income)


def decide(h, rules=AARHUS):
    return el.evaluate(el.parse_rules(rules), h, on=ON, municipality_code="3205")


@pytest.mark.parametrize(("case", "ages", "income", "limit", "eligible"), [
    # two adults and one child: the base limit
    ("exactly at the limit", (40, 38, 10), 192_714, 192_714, (3,)),
    ("one krone over", (40, 38, 10), 192_715, 192_714, ()),
    # every child after the first adds 7 000: the third child gives 2 × 7 000
    ("third child, at the limit", (40, 38, 12, 9, 5), 206_714, 206_714, (3, 4, 5)),
    ("third child, one krone over", (40, 38, 12, 9, 5), 206_715, 206_714, ()),
    # a single parent: 192 714 + 59 492 = 252 206 kr
    ("single parent, at the limit", (35, 8), 252_206, 252_206, (2,)),
    ("single parent, one krone over", (35, 8), 252_207, 252_206, ()),
    ("single parent with three children", (35, 15, 11, 4), 266_206, 266_206, (2, 3, 4)),
    # a baby counts for the limit but is too young for a pass
    ("a baby raises the limit", (40, 38, 10, 1), 199_714, 199_714, (3,)),
    # an 18-year-old is an adult: no pass, no child supplement, not a single parent
    ("mother and an 18-year-old", (45, 18, 12), 192_714, 192_714, (3,)),
])
def test_aarhus_worked_example(case, ages, income, limit, eligible):
    decision = decide(household(*ages, income=income))
    assert decision.limit == limit, case
    assert decision.eligible == eligible, case


def test_a_child_over_the_limit_is_skipped_with_the_income_reason():
    decision = decide(household(40, 38, 10, income=192_715))
    assert decision.reasons == {3: el.INCOME_OVER_LIMIT}


@pytest.mark.parametrize(("age", "days_after_birthday", "expected"), [
    (3, 0, None),  # turns 3 on the reference day: in
    (2, 364, el.AGE_OUTSIDE_RANGE),  # turns 3 the day after: out
    (17, 364, None),  # the last day as 17: in
    (1, 30, el.AGE_OUTSIDE_RANGE),
])
def test_age_is_counted_on_the_reference_day(age, days_after_birthday, expected):
    facts = el.HouseholdFacts(1, "3205", None, (
        el.Member(1, born(40)), el.Member(2, born(age, days_after_birthday=days_after_birthday))),
        100_000)
    assert decide(facts).reasons == {2: expected}


def test_turning_18_on_the_reference_day_makes_you_an_adult():
    facts = el.HouseholdFacts(1, "3205", None, (
        el.Member(1, born(40)), el.Member(2, born(18, days_after_birthday=0))), 100_000)
    assert decide(facts).reasons == {}


@pytest.mark.parametrize(("facts", "reason"), [
    (household(40, 10, income=None), el.INCOME_MISSING),
    (household(40, 10, income=1, municipality="0301"), el.OUTSIDE_MUNICIPALITY),
])
def test_households_that_cannot_qualify_say_why(facts, reason):
    assert decide(facts).reasons == {2: reason}


def test_a_zone_rule_admits_only_the_listed_zones():
    rules = {**AARHUS, "zones": ["3205-03"]}
    assert decide(household(40, 10, income=1, zone="3205-03"), rules).eligible == (2,)
    assert decide(household(40, 10, income=1, zone="3205-04"), rules).reasons == {
        2: el.OUTSIDE_ZONE}


def test_a_scheme_without_an_income_test_is_for_every_child_in_range():
    rules = {"child_age": {"min": 6, "max": 15}, "zones": ["3205-03"]}
    assert decide(household(40, 10, 16, income=None), rules).reasons == {
        2: None, 3: el.AGE_OUTSIDE_RANGE}


def test_a_member_without_a_birth_date_cannot_be_judged():
    assert decide(household(40, None, income=100_000)).reasons == {2: el.BIRTH_DATE_MISSING}


def test_the_income_year_is_the_year_before_unless_the_rule_says_otherwise():
    assert el.parse_rules(AARHUS).income_year(2026) == 2025
    same = {**AARHUS, "income": {**AARHUS["income"], "income_year_offset": 0}}
    assert el.parse_rules(same).income_year(2026) == 2026


def test_the_reference_day_is_1_august_unless_the_rule_says_otherwise():
    assert el.parse_rules(AARHUS).reference_date(2026) == dt.date(2026, 8, 1)
    assert el.parse_rules({**AARHUS, "reference_day": "12-31"}).reference_date(2026) == \
        dt.date(2026, 12, 31)


@pytest.mark.parametrize(("rules", "message"), [
    ({}, "mangler feltet «alder»"),
    ({"child_age": {"min": 10, "max": 3}}, "laveste alder kan ikke være høyere"),
    ({"child_age": {"min": 3, "max": 17}, "income": {"base_limit": -1}},
     "inntekt → inntektsgrense: må være minst 0"),
    ({"child_age": {"min": 3, "max": 17}, "income": {"base_limit": "mye"}},
     "inntektsgrense: må være et heltall"),
    ({"child_age": {"min": 3, "max": 17}, "reference_day": "02-30"}, "ikke en dato som finnes"),
    ({"child_age": {"min": 3, "max": 17}, "reference_day": "1. august"}, "MM-DD"),
    ({"child_age": {"min": 3, "max": 17}, "inntekt": 5}, "felt som ikke finnes"),
])
def test_a_bad_rule_document_is_refused_in_norwegian(rules, message):
    with pytest.raises(el.RuleError) as err:
        el.parse_rules(rules)
    assert any(message in p for p in err.value.problems), err.value.problems
