"""The demo families: the journey family as JOURNEYS.md tells it, idempotent loading."""

import pytest
from django.utils import timezone

from levekar.core.lib.progress import NULL_REPORTER
from levekar.followup.access import case_access_for_user
from levekar.followup.demo import families as demo_case
from levekar.followup.models import BreakGlassAccess, Case, Consent, InfoPart
from levekar.people import demo as people_demo
from levekar.people.identity import national_id_clean

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_org):
    people_demo.load(reporter=NULL_REPORTER)
    demo_case.load(reporter=NULL_REPORTER)
    return demo_org


def test_the_demo_is_idempotent(loaded):
    counts = (Case.objects.count(), Consent.objects.count(), BreakGlassAccess.objects.count())
    demo_case.load(reporter=NULL_REPORTER)
    assert (Case.objects.count(), Consent.objects.count(),
            BreakGlassAccess.objects.count()) == counts
    assert counts[0] == len(demo_case.FAMILIES)


def test_each_coordinator_has_several_families(loaded):
    for username in ("koordinator1", "koordinator2"):
        assert Case.objects.filter(coordinator__username=username).count() >= 3


def test_the_journey_family_is_as_the_journey_tells(loaded):
    case = Case.objects.get(household__external_id=demo_case.JOURNEY_HOUSEHOLD_EXTERNAL_ID)
    assert case.coordinator.username == "koordinator1"
    assert case.referred_by.code == "nav-lillestrom"
    members = {m.person.first_name: m for m in case.members.select_related("person")}
    assert len(members) == 4
    today = timezone.localdate()
    assert members["Sara"].person.age_on(today) == 16
    assert members["Nora"].person.national_id is None
    for m in members.values():
        if m.person.national_id:
            assert national_id_clean(m.person.national_id) == m.person.national_id
    # BTI follows each child: all three children at level 2 with the nurse holding the baton.
    children = [m for m in members.values() if m.role == "child"]
    assert case.bti_level == 2 and len(children) == 3
    assert {(m.bti_level, m.stafettholder.user.username) for m in children} == {
        (2, "helsestasjon1")}
    assert case.bti_changes.filter(member__isnull=True).count() == 1  # the opening
    assert all(list(m.bti_changes.order_by("pk").values_list("to_level", flat=True)) == [1, 2]
               for m in children)
    users = loaded["users"]
    nurse = case_access_for_user(users["helsestasjon1"], case.pk)
    assert nurse.parts == {InfoPart.ECONOMY, InfoPart.HOUSING, InfoPart.HEALTH}
    assert not nurse.can_see_person_part(members["Sara"].person_id, InfoPart.HEALTH)
    assert case_access_for_user(users["nav1"], case.pk).via == "consent"


def test_the_demo_has_one_break_the_glass_by_koordinator2(loaded):
    access = BreakGlassAccess.objects.get()
    assert access.user.username == "koordinator2"
    assert access.case.coordinator.username == "koordinator1"
    assert not access.is_active()
