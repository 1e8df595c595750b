"""Fixtures of the evaluation tests: families in follow-up with mappings, made through
followup's services as a coordinator would."""

import datetime as dt

import pytest

from levekar.followup import services as case_services
from levekar.followup import work_services as work
from levekar.followup.models import Assessment, CaseMember

START = dt.date(2024, 3, 1)


def mapping(case, *, qol=None, standard=None, persons=4, rooms=None, area=None):
    """Answers with the adult's quality of life (ladder 0–10) and the housing items."""
    adult = case.members.get(role=CaseMember.Role.PARENT)
    household = {"persons": persons}
    if standard is not None:
        household["housing_standard_ok"] = standard
    if rooms is not None:
        household["rooms"] = rooms
    if area is not None:
        household["area_m2"] = area
    own = {} if qol is None else {"quality_of_life": qol}
    return {"household": household, "persons": {str(adult.person_id): own} if own else {}}


@pytest.fixture
def open_family(coordinator):
    """``open_family(n, qol_start, qol_later, …)`` → a case with a start and a yearly mapping."""
    def make(n: int, *, qol=(None, None), standard=(None, None), later=None, start=START):
        case = case_services.case_open(
            actor=coordinator, start_date=start, external_id=f"TEST-EVAL-{n}",
            members=[case_services.MemberInput(f"Forelder{n}", "Testesen",
                                               CaseMember.Role.PARENT,
                                               birth_date=dt.date(1985, 1, 1)),
                     case_services.MemberInput(f"Barn{n}", "Testesen", CaseMember.Role.CHILD,
                                               birth_date=dt.date(2015, 1, 1))])
        work.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                               performed_on=start,
                               answers=mapping(case, qol=qol[0], standard=standard[0]))
        work.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.YEARLY,
                               performed_on=start + dt.timedelta(days=365),
                               answers=later(case) if later else
                               mapping(case, qol=qol[1], standard=standard[1]))
        return case
    return make
