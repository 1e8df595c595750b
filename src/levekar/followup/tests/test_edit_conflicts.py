"""No lost update: every edit form of a case's data carries the version it was read at.
A save from an older version gets the conflict page (409) with the user's input kept and
the saved version shown; saving again from there replaces it. An empty POST changes
nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from levekar.followup import services as S
from levekar.followup.models import (
    ActionUpdate,
    Assessment,
    FamilyPlan,
    Goal,
    GoalAction,
    IndividualPlan,
    Meeting,
    PlanArea,
)
from levekar.followup.tests.factories import journey_answers, make_family, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(demo_org, coordinator):
    case = make_family(coordinator=coordinator, municipality=demo_org["municipality"])
    S.plan_wishes_update(actor=coordinator, case=case, family_wishes="Større bolig")
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING,
                         title="Større bolig")
    S.action_create(actor=coordinator, goal=goal, description="Søke bostøtte",
                    responsible_user=coordinator)
    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                        answers=journey_answers(case))
    S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.HOME_VISIT,
                     starts_at=timezone.now() - dt.timedelta(days=1),
                     status=Meeting.Status.HELD, notes="Første notat",
                     members=[member(case, "Amina")])
    S.individual_plan_create(actor=coordinator, case=case, status="assessing",
                             note="Første notat")
    return case


def _form_data(response) -> dict:
    """What the browser would post back: every field of the page's form as shown."""
    data = {}
    for field in response.context["form"]:
        value = field.value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        else:
            data[field.html_name] = str(getattr(value, "pk", value))
    return data


# (url name, its object, the field the user changes, what the other person saves, and
#  how to read the stored text)
EDITS = {
    "plan_wishes": (
        lambda case: (),
        "family_wishes",
        lambda case, actor: S.plan_wishes_update(actor=actor, case=case,
                                                 family_wishes="Kollegaens tekst"),
        lambda case: FamilyPlan.objects.get(case=case).family_wishes),
    "goal_edit": (
        lambda case: (Goal.objects.get(plan__case=case).pk,),
        "title",
        lambda case, actor: S.goal_update(
            actor=actor, goal=Goal.objects.get(plan__case=case), area=PlanArea.HOUSING,
            title="Kollegaens tekst", kind=Goal.Kind.RESULT, member=None, parent=None,
            description="", target_date=None, status=Goal.Status.ACTIVE),
        lambda case: Goal.objects.get(plan__case=case).title),
    "action_update": (
        lambda case: (GoalAction.objects.get(goal__plan__case=case).pk,),
        "note",
        lambda case, actor: S.action_update(
            actor=actor, access=None, action=GoalAction.objects.get(goal__plan__case=case),
            status=GoalAction.Status.IN_PROGRESS, deadline=None, note="Kollegaens tekst"),
        lambda case: getattr(ActionUpdate.objects.filter(action__goal__plan__case=case)
                             .order_by("-written_at", "-pk").first(), "note", None)),
    "meeting_edit": (
        lambda case: (Meeting.objects.get(case=case).pk,),
        "notes",
        lambda case, actor: S.meeting_update(
            actor=actor, meeting=Meeting.objects.get(case=case), kind=Meeting.Kind.HOME_VISIT,
            starts_at=Meeting.objects.get(case=case).starts_at, status=Meeting.Status.HELD,
            place="", units=[], members=[member(case, "Amina")], notes="Kollegaens tekst"),
        lambda case: Meeting.objects.get(case=case).notes),
    "mapping_edit": (
        lambda case: (Assessment.objects.get(case=case).pk,),
        "h__notes",
        lambda case, actor: S.assessment_update(
            actor=actor, assessment=Assessment.objects.get(case=case),
            answers={**Assessment.objects.get(case=case).answers,
                     "household": {**Assessment.objects.get(case=case).answers["household"],
                                   "notes": "Kollegaens tekst"}}),
        lambda case: Assessment.objects.get(case=case).answers["household"].get("notes")),
    "individual_plan_edit": (
        lambda case: (IndividualPlan.objects.get(case=case).pk,),
        "note",
        lambda case, actor: S.individual_plan_update(
            actor=actor, plan=IndividualPlan.objects.get(case=case), status="assessing",
            note="Kollegaens tekst"),
        lambda case: IndividualPlan.objects.get(case=case).note),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_save_from_an_older_version_gets_the_conflict_page_and_keeps_the_input(
        client_as, case, colleague, coordinator, name):
    args, field, other_saves, stored = EDITS[name]
    url = reverse(f"followup:{name}", args=[case.pk, *args(case)])
    client = client_as("koordinator1")
    page = client.get(url)
    data = _form_data(page)
    assert data["version"]
    data[field] = "Min tekst"

    other_saves(case, coordinator)          # someone else saves first
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Noen andre har lagret" in html and 'data-testid="saved-version"' in html
    assert "Min tekst" in html and "Kollegaens tekst" in html     # theirs, and the saved
    assert stored(case) == "Kollegaens tekst"                      # nothing overwritten

    again = _form_data(response)
    assert int(again["version"]) > int(data["version"])
    assert again[field] == "Min tekst"
    assert client.post(url, again).status_code == 302           # deliberately replaces it
    assert stored(case) == "Min tekst"


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_empty_post_changes_nothing(client_as, case, name):
    args, _field, _other, stored = EDITS[name]
    before = stored(case)
    url = reverse(f"followup:{name}", args=[case.pk, *args(case)])
    response = client_as("koordinator1").post(url, {})
    assert response.status_code == 200
    assert stored(case) == before


def test_a_stale_quick_status_change_gets_the_conflict_page_with_the_choice_kept(
        client_as, case, coordinator):
    action = GoalAction.objects.get(goal__plan__case=case)
    client = client_as("koordinator1")
    plan_page = client.get(reverse("followup:plan", args=[case.pk])).content.decode()
    read_at = action.version
    assert f'name="version" value="{read_at}"' in plan_page
    S.action_update(actor=coordinator, access=None, action=action,
                    status=GoalAction.Status.IN_PROGRESS, deadline=dt.date(2027, 3, 1),
                    note="Kollegaens tekst")
    url = reverse("followup:action_status", args=[case.pk, action.pk])
    response = client.post(url, {"status": GoalAction.Status.DONE, "version": read_at})
    html = response.content.decode()
    action.refresh_from_db()
    assert response.status_code == 409
    assert action.status == GoalAction.Status.IN_PROGRESS           # nothing overwritten
    assert "Noen andre har lagret" in html and "Kollegaens tekst" in html
    again = _form_data(response)
    assert again["status"] == GoalAction.Status.DONE                   # the user's choice
    assert again["deadline"] == "2027-03-01"                           # the saved deadline
    assert int(again["version"]) == action.version
    saved = client.post(reverse("followup:action_update", args=[case.pk, action.pk]), again)
    assert saved.status_code == 302
    action.refresh_from_db()
    assert action.status == GoalAction.Status.DONE and action.deadline == dt.date(2027, 3, 1)


def test_a_quick_status_change_without_the_version_changes_nothing(client_as, case):
    action = GoalAction.objects.get(goal__plan__case=case)
    response = client_as("koordinator1").post(
        reverse("followup:action_status", args=[case.pk, action.pk]), {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status != GoalAction.Status.DONE


def test_a_post_without_the_version_changes_nothing(client_as, case):
    url = reverse("followup:plan_wishes", args=[case.pk])
    response = client_as("koordinator1").post(url, {"family_wishes": ""})
    assert response.status_code == 200
    assert FamilyPlan.objects.get(case=case).family_wishes == "Større bolig"
