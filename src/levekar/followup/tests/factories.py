"""Builders for the tests of a case's sections (no tests here): a family with a case,
opened through ``services.case_open`` as a coordinator would.
"""

import datetime as dt

from levekar.followup import services
from levekar.followup.models import Case, CaseMember

JOURNEY_ANSWERS = {
    "household": {
        "single_parent": True, "income_sources": ["sosialhjelp"],
        "household_income_year": 280000, "has_debt": True, "debt_amount": 45000,
        "payment_problems": ["strom", "inkasso"], "tenure": "rented", "persons": 4,
        "rooms": 2, "area_m2": 48, "housing_cost_month": 11500,
    },
}


def make_family(*, coordinator, municipality=None, street="Storgata 1",
                children=(("Sara", dt.date(2010, 3, 2)), ("Yusuf", dt.date(2014, 6, 20)),
                          ("Lina", dt.date(2017, 1, 15))),
                start_date=None) -> Case:
    """A single mother and her children, in a case opened by ``coordinator`` (the
    municipality is the coordinator's own; the argument is kept for the callers)."""
    members = [services.MemberInput("Amina", "Hassan", CaseMember.Role.PARENT,
                                    birth_date=dt.date(1987, 5, 12))]
    members += [services.MemberInput(first, "Hassan", CaseMember.Role.CHILD, birth_date=birth)
                for first, birth in children]
    return services.case_open(actor=coordinator, members=members, street=street,
                              postcode="2010", city="Strømmen", start_date=start_date)


def member(case: Case, first_name: str) -> CaseMember:
    return case.members.select_related("person").get(person__first_name=first_name)


def journey_answers(case: Case) -> dict:
    """The journey's start mapping: answers for the household, the mother and the children."""
    mother, sara, yusuf, lina = (member(case, n) for n in ("Amina", "Sara", "Yusuf", "Lina"))
    answers = {"household": dict(JOURNEY_ANSWERS["household"]), "persons": {
        str(mother.person_id): {"employment_status": "outside", "self_rated_health": "3",
                                "quality_of_life": 4, "self_efficacy": [2, 2, 3, 1, 2, 2, 3, 2,
                                                                        2, 2]},
        str(sara.person_id): {"stage": "upper_secondary", "attendance": "some_absence",
                              "organised_leisure": False, "lacks_equipment": True},
        str(yusuf.person_id): {"stage": "grade_5_7", "attendance": "regular",
                               "organised_leisure": True, "activities": "Fotball"},
        str(lina.person_id): {"stage": "grade_1_4", "attendance": "regular", "in_sfo": True,
                              "organised_leisure": False},
    }}
    return answers


def make_activity_pass(municipality, *, base_limit=420_000, per_extra_child=70_000,
                       single_parent_supplement=60_000, ages=(6, 17)):
    """The municipality's activity pass with its rule set, through the passes services:
    "mulige rettigheter" reads its age range and income limit from there."""
    from levekar.passes.models import Scheme
    from levekar.passes.services import rule_set_create, scheme_create

    scheme = scheme_create(municipality=municipality, code="fritidskort", name="Fritidskortet",
                           kind=Scheme.Kind.ACTIVITY_PASS, card_title="Fritidskort")
    rule_set_create(scheme=scheme, valid_from=dt.date(2020, 1, 1), valid_to=None, rules={
        "income": {"base_limit": base_limit, "per_extra_child": per_extra_child,
                   "single_parent_supplement": single_parent_supplement},
        "child_age": {"min": ages[0], "max": ages[1]}})
    return scheme
