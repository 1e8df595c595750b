"""A "mulig rettighet" becomes a plan action in one click and is followed to
søkt / innvilget / avslått."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from levekar.core.errors import Conflict, InvalidInput
from levekar.core.models import AuditEvent, OrgUnit
from levekar.followup import services as S
from levekar.followup.models import Assessment, Goal, GoalAction, PlanArea
from levekar.followup.tests.factories import journey_answers, make_family

A = GoalAction.Application


@pytest.fixture
def case(demo_org, coordinator):
    case = make_family(coordinator=coordinator)
    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                        answers=journey_answers(case))
    return case


def events(**kw):
    return AuditEvent.objects.filter(**kw).order_by("pk")


def test_one_click_makes_an_action_with_the_unit_from_the_rule(case, coordinator):
    action = S.action_from_entitlement(actor=coordinator, case=case, scheme_id="bostotte")
    assert action.description == "Avklare og søke: Bostøtte"
    assert action.responsible_unit == OrgUnit.objects.get(code="boligkontoret")
    assert (action.entitlement, action.application) == ("bostotte", A.NOT_APPLIED)
    assert action.offer == "boligkontoret"           # the catalogue's offer for bostøtte
    goal = action.goal
    assert (goal.area, goal.status, goal.plan.case_id) == (PlanArea.HOUSING, Goal.Status.ACTIVE,
                                                           case.pk)
    event = events(object_type="followup.goalaction").get()
    assert event.action == "create" and "Bostøtte" in event.detail
    assert event.subjects.count() == case.members.count()


def test_an_existing_goal_of_the_area_is_used(case, coordinator):
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                         title="Økonomien går rundt")
    action = S.action_from_entitlement(actor=coordinator, case=case,
                                       scheme_id="utvidet_barnetrygd")
    assert action.goal == goal
    assert action.responsible_unit.code == "nav-lillestrom"


def test_without_a_unit_in_the_rule_the_deciding_agency_is_responsible(case, coordinator):
    action = S.action_from_entitlement(actor=coordinator, case=case, scheme_id="redusert_sfo")
    assert action.responsible_unit is None
    assert action.responsible_person == "Kommunen (skolen / SFO)"


def test_a_second_click_is_refused_while_the_first_is_open(case, coordinator):
    S.action_from_entitlement(actor=coordinator, case=case, scheme_id="bostotte")
    with pytest.raises(Conflict):
        S.action_from_entitlement(actor=coordinator, case=case, scheme_id="bostotte")
    assert GoalAction.objects.filter(entitlement="bostotte").count() == 1


def test_an_unknown_scheme_writes_nothing(case, coordinator):
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as exc:
        S.action_from_entitlement(actor=coordinator, case=case, scheme_id="lotto")
    assert "felt «rettighet»" in exc.value.summary()
    assert not GoalAction.objects.exists() and not Goal.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_application_is_followed_to_granted(case, coordinator):
    action = S.action_from_entitlement(actor=coordinator, case=case, scheme_id="bostotte")
    applied_on = timezone.localdate() - dt.timedelta(days=20)
    S.action_application_set(actor=coordinator, action=action, application=A.APPLIED,
                             on=applied_on)
    action.refresh_from_db()
    assert (action.application, action.application_on, action.status) == (
        A.APPLIED, applied_on, GoalAction.Status.IN_PROGRESS)
    S.action_application_set(actor=coordinator, action=action, application=A.GRANTED)
    action.refresh_from_db()
    assert action.application == A.GRANTED and action.status == GoalAction.Status.DONE
    assert action.done_on == timezone.localdate()
    purposes = list(events(object_type="followup.goalaction", action="update")
                    .values_list("detail", flat=True))
    assert purposes == ["søknad om rettighet: søkt", "søknad om rettighet: innvilget"]
    with pytest.raises(Conflict):     # granted: no new action for the same scheme
        S.action_from_entitlement(actor=coordinator, case=case, scheme_id="bostotte")


def test_after_a_refusal_a_new_action_can_be_made(case, coordinator):
    first = S.action_from_entitlement(actor=coordinator, case=case, scheme_id="bostotte")
    S.action_application_set(actor=coordinator, action=first, application=A.REFUSED)
    first.refresh_from_db()
    assert first.status == GoalAction.Status.DONE and first.application == A.REFUSED
    again = S.action_from_entitlement(actor=coordinator, case=case, scheme_id="bostotte")
    assert again.pk != first.pk and again.goal == first.goal


def test_an_ordinary_action_has_no_application(case, coordinator):
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.HEALTH, title="Helse")
    action = S.action_create(actor=coordinator, goal=goal, description="Time hos fastlege",
                             responsible_person="Familien")
    with pytest.raises(InvalidInput):
        S.action_application_set(actor=coordinator, action=action, application=A.APPLIED)
    action.refresh_from_db()
    assert action.application == ""


def test_the_entitlements_page_makes_and_shows_the_action(client_as, case,
                                                         django_assert_max_num_queries):
    client = client_as("koordinator1")
    url = reverse("followup:entitlements", args=[case.pk])
    html = client.get(url).content.decode()
    button = reverse("followup:entitlement_action", args=[case.pk, "bostotte"])
    assert f'action="{button}"' in html
    response = client.post(button)
    action = GoalAction.objects.get(entitlement="bostotte")
    assert response.status_code == 302 and response["Location"].endswith(f"#tiltak-{action.pk}")
    # 13: one of them reads the activity pass's own rule set (passes), whatever the case.
    with django_assert_max_num_queries(13):
        html = client.get(url).content.decode()
    assert "I Familiens plan" in html and "Ikke søkt ennå" in html
    assert f'action="{button}"' not in html
    assert "#tilbud-boligkontoret" in html


def test_the_plan_page_follows_the_application(client_as, case):
    client = client_as("koordinator1")
    client.post(reverse("followup:entitlement_action", args=[case.pk, "bostotte"]))
    action = GoalAction.objects.get()
    response = client.post(reverse("followup:action_application", args=[case.pk, action.pk]),
                           {"application": "applied", "on": ""})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.application == A.APPLIED
    html = client.get(reverse("followup:plan", args=[case.pk])).content.decode()
    assert f'id="tiltak-{action.pk}"' in html
    assert "Søknad: Søkt" in html
    assert "Tilbud: Boligkontoret (bostøtte, startlån, kommunal bolig)" in html
    bad = client.post(reverse("followup:action_application", args=[case.pk, action.pk]),
                      {"application": "maybe"})
    assert bad.status_code == 302
    action.refresh_from_db()
    assert action.application == A.APPLIED


def test_another_coordinator_cannot_make_an_action(client_as, case):
    response = client_as("koordinator2").post(
        reverse("followup:entitlement_action", args=[case.pk, "bostotte"]))
    assert response.status_code == 404
    assert not GoalAction.objects.exists()
    assert events(action="denied").exists()


def test_the_application_is_in_the_familys_own_export(case, coordinator):
    from levekar.followup.privacy.export import plan_section
    from levekar.followup.tests.factories import member

    action = S.action_from_entitlement(actor=coordinator, case=case, scheme_id="bostotte")
    S.action_application_set(actor=coordinator, action=action, application=A.APPLIED)
    goals = plan_section(member(case, "Amina").person)["goals"]
    actions = [a for g in goals for a in g["actions"]]
    assert actions == [{"action": "Avklare og søke: Bostøtte", "responsible": "Boligkontoret",
                        "deadline": None, "status": "Pågår", "done_on": None, "updates": [],
                        "application": "Søkt"}]
