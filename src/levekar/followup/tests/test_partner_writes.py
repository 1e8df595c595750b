"""Partners write in Familiens plan within their consent (issue 11, item 1), and the
responsible persons are participants, not free text (item 2).

NAV (nav1) and helsestasjonen have the mother's consent for economy, housing and health;
the school has school. A partner updates the actions its unit is responsible for, adds
actions for its own unit under a goal its consent covers, and writes notes on such goals —
nothing else; every refusal leaves the database as it was and writes a ``denied`` event.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from levekar.core.errors import AccessDenied
from levekar.core.models import AuditEvent
from levekar.followup import services as S
from levekar.followup.access import case_access_for_user
from levekar.followup.models import ActionUpdate, GoalAction, GoalNote, Participant, PlanArea
from levekar.followup.tests.case_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(journey, coordinator):
    case, units = journey["case"], journey["units"]
    work = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                         title="Mor i arbeidsrettet aktivitet")
    school = S.goal_create(actor=coordinator, case=case, area=PlanArea.SCHOOL,
                           title="Jevn skolegang")
    nav_action = S.action_create(actor=coordinator, goal=work,
                                 description="Avklare arbeidsrettet tiltak",
                                 responsible_unit=units["nav-lillestrom"],
                                 deadline=dt.date(2027, 1, 1))
    health_action = S.action_create(actor=coordinator, goal=work,
                                    description="Samtale om søvn og helse",
                                    responsible_unit=units["helsestasjon-lillestrom"])
    return {**journey, "work": work, "school": school, "nav_action": nav_action,
            "health_action": health_action}


def _events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def _update_url(case, action):
    return reverse("followup:action_update", args=[case.pk, action.pk])


def test_nav_marks_its_own_action_started_with_a_note_and_the_update_names_the_author(
        client, plan, nav_partner):
    case, action = plan["case"], plan["nav_action"]
    client.force_login(nav_partner)
    response = client.post(_update_url(case, action), {
        "status": "in_progress", "deadline": "2027-02-01", "note": "Første samtale holdt.",
        "version": action.version})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.deadline) == ("in_progress", dt.date(2027, 2, 1))
    update = ActionUpdate.objects.get(action=action)
    assert (update.author, update.author_unit.code) == (nav_partner, "nav-lillestrom")
    assert (update.status, update.deadline, update.note) == (
        "in_progress", dt.date(2027, 2, 1), "Første samtale holdt.")
    [event] = _events(actor=nav_partner, action="update")
    assert (event.object_type, event.object_id) == ("followup.goalaction", str(action.pk))
    assert event.subjects.count() == case.members.count()

    # The coordinator sees who wrote it and when.
    client.force_login(case.coordinator)
    page = client.get(reverse("followup:plan", args=[case.pk])).content.decode()
    assert "Nina Navesen" in page and "Første samtale holdt." in page
    assert update.written_at.astimezone().strftime("%d.%m.%Y") in page


def test_nav_cannot_change_the_health_stations_action(client, plan, nav_partner):
    case, action = plan["case"], plan["health_action"]
    client.force_login(nav_partner)
    for url, data in ((_update_url(case, action), {"status": "done", "note": "x",
                                                   "version": action.version}),
                      (reverse("followup:action_status", args=[case.pk, action.pk]),
                       {"status": "done"})):
        response = client.post(url, data)
        assert response.status_code == 404
        assert "Du kan ikke endre dette tiltaket" in response.content.decode()
    action.refresh_from_db()
    assert action.status == GoalAction.Status.PLANNED
    assert not ActionUpdate.objects.exists()
    denied = _events(actor=nav_partner, action="denied")
    assert len(denied) == 2
    assert all(e.detail.startswith("skriving avvist: Du kan ikke endre dette tiltaket")
               for e in denied)
    assert not _events(actor=nav_partner, action="update")


def test_the_service_refuses_another_units_action_and_audits_it(plan, nav_partner):
    access = case_access_for_user(nav_partner, plan["case"].pk)
    with pytest.raises(AccessDenied, match="Forsøket er logget"):
        S.action_update(actor=nav_partner, access=access, action=plan["health_action"],
                        status="done", deadline=None)
    [event] = _events(actor=nav_partner, action="denied")
    assert event.object_id == str(plan["health_action"].pk)
    assert not ActionUpdate.objects.exists()


def test_nav_adds_an_action_for_its_own_unit_under_a_goal_its_consent_covers(
        client, plan, nav_partner):
    case, goal = plan["case"], plan["work"]
    client.force_login(nav_partner)
    response = client.post(reverse("followup:action_create", args=[case.pk, goal.pk]), {
        "description": "Søknad om kvalifiseringsprogram", "responsible": "me",
        # a unit field posted by hand is not in the partner's form: NAV stays responsible
        "responsible_unit": plan["units"]["strommen-skole"].pk, "deadline": "2027-03-01"})
    assert response.status_code == 302
    action = GoalAction.objects.get(description="Søknad om kvalifiseringsprogram")
    assert action.responsible_unit.code == "nav-lillestrom"
    assert action.created_by == nav_partner
    assert action.responsible_participant.user == nav_partner
    assert _events(actor=nav_partner, action="create", object_type="followup.goalaction")
    # … and the service refuses an action for another unit outright.
    access = case_access_for_user(nav_partner, case.pk)
    with pytest.raises(AccessDenied):
        S.action_create(actor=nav_partner, goal=goal, description="For skolen",
                        responsible_unit=plan["units"]["strommen-skole"], access=access)
    assert not GoalAction.objects.filter(description="For skolen").exists()
    assert _events(actor=nav_partner, action="denied")


def test_a_note_is_written_in_a_consented_part_and_refused_in_another(
        client, plan, nav_partner):
    case = plan["case"]
    client.force_login(nav_partner)
    ok = client.post(reverse("followup:goal_note_create", args=[case.pk, plan["work"].pk]),
                     {"text": "Mor møtte på NAV-kontoret."})
    assert ok.status_code == 302
    note = GoalNote.objects.get()
    assert (note.author, note.goal) == (nav_partner, plan["work"])

    # School is not in NAV's consent: the goal is not even shown, and nothing is written.
    refused = client.post(reverse("followup:goal_note_create",
                                  args=[case.pk, plan["school"].pk]), {"text": "Nei"})
    assert refused.status_code == 404
    assert GoalNote.objects.count() == 1
    assert _events(actor=nav_partner, action="denied", object_id=str(case.pk))
    access = case_access_for_user(nav_partner, case.pk)
    with pytest.raises(AccessDenied):
        S.goal_note_add(actor=nav_partner, access=access, goal=plan["school"], text="Nei")
    assert GoalNote.objects.count() == 1
    assert _events(actor=nav_partner, action="denied", object_type="followup.goal",
                   object_id=str(plan["school"].pk))


def test_after_the_consent_is_withdrawn_nav_can_write_nothing(
        client, plan, nav_partner, coordinator):
    case, action = plan["case"], plan["nav_action"]
    S.consent_withdraw(actor=coordinator, consent=plan["family_consent"],
                       reason="Mor trakk samtykket.")
    client.force_login(nav_partner)
    for url, data in ((_update_url(case, action), {"status": "in_progress",
                                                   "version": action.version}),
                      (reverse("followup:goal_note_create", args=[case.pk, plan["work"].pk]),
                       {"text": "x"}),
                      (reverse("followup:action_create", args=[case.pk, plan["work"].pk]),
                       {"description": "x", "responsible": "me"})):
        before = AuditEvent.objects.count()
        assert client.post(url, data).status_code == 404
        assert [e.action for e in AuditEvent.objects.order_by("id")[before:]] == ["denied"]
    action.refresh_from_db()
    assert action.status == GoalAction.Status.PLANNED
    assert not ActionUpdate.objects.exists() and not GoalNote.objects.exists()
    assert GoalAction.objects.count() == 2


def test_an_update_without_a_change_or_a_note_is_refused_naming_the_field(
        client, plan, nav_partner):
    case, action = plan["case"], plan["nav_action"]
    client.force_login(nav_partner)
    response = client.post(_update_url(case, action), {
        "status": action.status, "deadline": "2027-01-01", "note": "", "version": 1})
    assert response.status_code == 200
    assert "felt «notat»" in response.content.decode()
    assert not ActionUpdate.objects.exists()


def test_a_stale_update_gets_the_conflict_page(client, plan, nav_partner, coordinator):
    case, action = plan["case"], plan["nav_action"]
    S.action_status_set(actor=coordinator, action=action, status="in_progress")
    client.force_login(nav_partner)
    response = client.post(_update_url(case, action), {
        "status": "done", "deadline": "2027-01-01", "note": "Ferdig", "version": 1})
    assert response.status_code == 409
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_a_teacher_without_an_account_is_a_participant_and_responsible_by_name(
        client, plan, coordinator):
    case = plan["case"]
    client.force_login(coordinator)
    response = client.post(reverse("followup:participants", args=[case.pk]), {
        "name": "Tone Lærer", "organisation": "Strømmen skole", "contact": "tone@skole.no"})
    assert response.status_code == 302
    teacher = Participant.objects.get(name="Tone Lærer")
    assert teacher.user is None and teacher.organisation == "Strømmen skole"
    response = client.post(reverse("followup:action_create", args=[case.pk, plan["work"].pk]), {
        "description": "Leksehjelp to dager i uka", "responsible": f"p{teacher.pk}"})
    assert response.status_code == 302
    action = GoalAction.objects.get(description="Leksehjelp to dager i uka")
    assert action.responsible_participant == teacher and action.responsible_person == ""
    assert "Tone Lærer (Strømmen skole)" in client.get(
        reverse("followup:plan", args=[case.pk])).content.decode()
    # Neither a name nor a colleague: refused naming the field.
    bad = client.post(reverse("followup:participants", args=[case.pk]), {"organisation": "X"})
    assert bad.status_code == 200 and Participant.objects.filter(organisation="X").count() == 0


def test_old_free_text_responsible_persons_become_participants(plan):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("levekar.followup.migrations.0009_plan_partners")
    action = plan["nav_action"]
    GoalAction.objects.filter(pk=action.pk).update(responsible_person="NAV-veileder Ola",
                                                   responsible_participant=None)
    migration.responsible_texts_to_participants(apps, None)
    action.refresh_from_db()
    assert action.responsible_person == ""
    assert (action.responsible_participant.name, action.responsible_participant.unit.code) == (
        "NAV-veileder Ola", "nav-lillestrom")
    assert action.responsible_label == "NAV Lillestrøm – NAV-veileder Ola"


@pytest.mark.parametrize("username", ["koordinator1", "nav1"])
def test_the_plan_page_uses_as_many_queries_with_many_updates_as_with_one(
        client, plan, demo_org, username, django_assert_max_num_queries):
    case, coordinator = plan["case"], plan["case"].coordinator
    nav1 = demo_org["users"]["nav1"]
    access = case_access_for_user(nav1, case.pk)
    S.action_update(actor=nav1, access=access, action=plan["nav_action"], status="in_progress",
                    deadline=None, note="Én")
    S.goal_note_add(actor=nav1, access=access, goal=plan["work"], text="Notat")
    client.force_login(demo_org["users"][username])
    url = reverse("followup:plan", args=[case.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.HEALTH,
                             title=f"Helse {n}")
        a = S.action_create(actor=coordinator, goal=goal, description=f"Tiltak {n}",
                            responsible_unit=plan["units"]["nav-lillestrom"],
                            responsible_person=f"Person {n}")
        for k in range(3):
            S.action_update(actor=nav1, access=access, action=a, status="planned",
                            deadline=dt.date(2027, 1, 1 + k), note=f"Notat {k}")
        S.goal_note_add(actor=nav1, access=access, goal=goal, text=f"Notat {n}")
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_mine_tiltak_lists_the_units_actions_across_families_with_links(
        client, plan, nav_partner, coordinator, demo_org, django_assert_max_num_queries):
    from levekar.followup.tests.case_fixtures import open_family

    units = plan["units"]
    client.force_login(nav_partner)
    url = reverse("followup:my_actions")
    with CaptureQueriesContext(connection) as one_family:
        page = client.get(url)
    rows = page.context["rows"]
    assert [r.action for r in rows] == [plan["nav_action"]]  # not helsestasjonen's
    html = page.content.decode()
    assert f"/familier/{plan['case'].pk}/plan/#tiltak-{plan['nav_action'].pk}" in html
    assert "Leila Ahmadi0" in html
    [event] = _events(actor=nav_partner, action="view", object_type="followup.goalaction")
    assert event.subjects.count() == plan["case"].members.count()

    # More families with NAV actions: the same number of queries. A family without
    # consent for NAV shows nothing, though an action there names NAV.
    for serial in (1, 2, 3):
        case, persons = open_family(coordinator, serial=serial)
        S.consent_record(actor=coordinator, case=case, given_by=persons["mother"],
                         subject=None, grants=[(units["nav-lillestrom"], "economy")]
                         if serial != 3 else [(units["strommen-skole"], "school")])
        goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                             title=f"Arbeid {serial}")
        S.action_create(actor=coordinator, goal=goal, description=f"NAV-tiltak {serial}",
                        responsible_unit=units["nav-lillestrom"],
                        deadline=dt.date(2020, 1, serial))
    with django_assert_max_num_queries(len(one_family)):
        page = client.get(url)
    descriptions = [r.action.description for r in page.context["rows"]]
    assert descriptions == ["NAV-tiltak 1", "NAV-tiltak 2", "Avklare arbeidsrettet tiltak"]
    assert page.context["overdue"] == 2

    # The coordinator sees the actions she is named responsible for herself.
    S.action_create(actor=coordinator, goal=plan["work"], description="Følge mor til NAV",
                    responsible_user=coordinator)
    client.force_login(coordinator)
    rows = client.get(url).context["rows"]
    assert [r.action.description for r in rows] == ["Følge mor til NAV"]
