"""The demo data of a case's sections: the journey family's plan, mappings and flagged feedback;
idempotent."""

import datetime as dt

import pytest

from levekar.core.lib.progress import NULL_REPORTER
from levekar.core.roles import Role
from levekar.core.services import user_ensure
from levekar.followup.access import CaseAccess
from levekar.followup.demo import families as demo_case
from levekar.followup.demo import sections as demo_work
from levekar.followup.models import (
    Assessment,
    ChildVoice,
    FamilyPlan,
    FollowUpTask,
    Goal,
    Meeting,
    SessionFeedback,
)
from levekar.followup.selectors import assessment_change, feedback_for_case, members_of
from levekar.followup.tests.factories import make_family


@pytest.fixture
def demo_cases(demo_org, monkeypatch):
    users, mun = demo_org["users"], demo_org["municipality"]
    journey = make_family(coordinator=users["koordinator1"], municipality=mun)
    journey.household.external_id = "demo-journey"
    journey.household.save()
    monkeypatch.setattr(demo_case, "JOURNEY_HOUSEHOLD_EXTERNAL_ID", "demo-journey",
                        raising=False)
    other = make_family(coordinator=users["koordinator2"], municipality=mun, street="Annen vei 2",
                        children=(("Ola", dt.date(2015, 4, 1)),))
    # A coordinator the demo does not fill.
    third = user_ensure(username="koordinator9", password="x" * 12,
                        roles=(Role.COORDINATOR,), org_unit=users["koordinator1"].org_unit)
    outsider = make_family(coordinator=third, municipality=mun, street="Tredje vei 3")
    return journey, other, outsider


def counts():
    return [m.objects.count() for m in (FamilyPlan, Goal, ChildVoice, Assessment, Meeting,
                                        SessionFeedback, FollowUpTask)]


def test_the_demo_fills_the_journey_family_and_is_idempotent(demo_cases):
    journey, other, outsider = demo_cases
    demo_work.load(reporter=NULL_REPORTER)
    first = counts()
    demo_work.load(reporter=NULL_REPORTER)
    assert counts() == first

    titles = set(Goal.objects.filter(plan__case=journey).values_list("title", flat=True))
    assert {"Mor i arbeidsrettet aktivitet innen ett år", "Eldste barn med i organisert fritid",
            "Større bolig"} <= titles
    work = Goal.objects.get(plan__case=journey, title__startswith="Mor i arbeidsrettet")
    assert work.actions.get().responsible_unit.code == "nav-lillestrom"
    assert work.actions.get().offer == "nav-arbeidsrettet"          # tiltaksoversikten
    assert work.target_date is not None and work.parent.kind == Goal.Kind.EFFECT
    voice = ChildVoice.objects.get(goal__plan__case=journey)
    assert voice.words == "Jeg vil spille håndball, men har ikke sko"
    assert voice.child.person.first_name == "Sara"
    housing = Goal.objects.get(plan__case=journey, title="Større bolig")
    assert housing.actions.get(entitlement="").responsible_unit.code == "boligkontoret"
    # Bostøtte, from the possible entitlements in one click, is applied for.
    bostotte = housing.actions.get(entitlement="bostotte")
    assert (bostotte.application, bostotte.offer) == ("applied", "boligkontoret")

    kinds = list(Assessment.objects.filter(case=journey).values_list("kind", flat=True))
    assert kinds == ["start", "yearly"]
    access = CaseAccess(case=journey, full=True, parts=frozenset(), via="coordinator")
    start, yearly = Assessment.objects.filter(case=journey)
    change = assessment_change(access, start, yearly, members_of(journey))
    assert any(r.verdict == "better" for area in change for r in area.rows)

    people = feedback_for_case(access)
    assert [p.member.person.first_name for p in people] == ["Amina"]
    assert [fb.alliance_total for _m, fb in people[0].rows] == [38, 35, 31]
    assert "alliance_falling" in people[0].flags

    other_access = CaseAccess(case=other, full=True, parts=frozenset(), via="coordinator")
    assert Goal.objects.filter(plan__case=other).exists()
    assert feedback_for_case(other_access)[0].flags == []
    assert not FamilyPlan.objects.filter(case=outsider).exists()


def test_the_demo_does_nothing_without_cases(demo_org):
    demo_work.load(reporter=NULL_REPORTER)
    assert counts() == [0] * 7
