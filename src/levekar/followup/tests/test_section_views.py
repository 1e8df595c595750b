"""The work pages: access, need-to-know filtering, one audit event per request, forms, and a
constant number of queries whatever the amount of data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from levekar.core.models import AuditEvent, OrgUnit
from levekar.followup import services as S
from levekar.followup.models import (
    Assessment,
    ChildVoice,
    Goal,
    GoalAction,
    Meeting,
    PlanArea,
    SessionFeedback,
)
from levekar.followup.tests.factories import (
    journey_answers,
    make_activity_pass,
    make_family,
    member,
)

PAGES = ["plan", "mapping_list", "entitlements", "meeting_list", "feedback", "goal_create",
         "mapping_create", "meeting_create"]


@pytest.fixture
def case(demo_org, coordinator):
    return make_family(coordinator=coordinator, municipality=demo_org["municipality"])


def fill(case, coordinator, *, goals=2, meetings=3, with_yearly=True):
    """A case with a plan, a start (and yearly) mapping, meetings with tasks and feedback."""
    nav = OrgUnit.objects.get(code="nav-lillestrom")
    school = OrgUnit.objects.get(code="strommen-skole")
    sara, mother = member(case, "Sara"), member(case, "Amina")
    for n in range(goals):
        g = S.goal_create(actor=coordinator, case=case,
                          area=[PlanArea.WORK_ECONOMY, PlanArea.LEISURE, PlanArea.HEALTH][n % 3],
                          title=f"Mål {n}", member=sara if n % 3 == 1 else None,
                          target_date=dt.date(2027, 1, 1))
        S.action_create(actor=coordinator, goal=g, description=f"Tiltak {n}",
                        responsible_unit=nav, deadline=dt.date(2020, 1, 1))
        if n % 3 == 1:
            S.child_voice_record(actor=coordinator, goal=g, child=sara, words=f"Ord {n}",
                                 gathered_how=ChildVoice.How.CONVERSATION)
    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                        answers=journey_answers(case),
                        performed_on=timezone.localdate() - dt.timedelta(days=370))
    if with_yearly:
        later = journey_answers(case)
        later["household"].update({"rooms": 4, "area_m2": 110})
        S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.YEARLY,
                            answers=later)
    for n in range(meetings):
        m = S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.HOME_VISIT,
                             starts_at=timezone.now() - dt.timedelta(days=30 * (meetings - n)),
                             status=Meeting.Status.HELD, units=[nav if n % 2 else school],
                             members=[mother], notes=f"Notat {n}")
        S.task_create(actor=coordinator, case=case, meeting=m, description=f"Oppgave {n}",
                      deadline=dt.date(2020, 1, 1), responsible_unit=nav if n % 2 else school)
        S.feedback_record(actor=coordinator, meeting=m, member=mother,
                          outcome=[5, 5, 5, 5], alliance=[10, 9 - n % 3, 9, 9])
    S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.OFFICE,
                     starts_at=timezone.now() + dt.timedelta(days=7))
    return case


def url(name, case, *args):
    return reverse(f"followup:{name}", args=[case.pk, *args])


def one_event(client, path, method="get", data=None):
    """Do one request and return (response, the audit events it wrote)."""
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = getattr(client, method)(path, data or {})
    return response, list(AuditEvent.objects.filter(id__gt=before).prefetch_related("subjects"))


# --- access and audit ---------------------------------------------------------------------------

@pytest.mark.parametrize("page", PAGES)
def test_each_page_of_the_coordinator_writes_exactly_one_read_event(client_as, case, coordinator,
                                                                     page):
    fill(case, coordinator, goals=2, meetings=2)
    response, events = one_event(client_as("koordinator1"), url(page, case))
    assert response.status_code == 200
    assert len(events) == 1
    assert events[0].action == "view" and events[0].object_id == str(case.pk)
    assert sorted(s.person_id for s in events[0].subjects.all()) == sorted(
        case.members.values_list("person_id", flat=True))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", ["koordinator2", "nav1", "analytiker1"])
def test_others_get_no_access_to_the_case(client_as, case, coordinator, page, username):
    response = client_as(username).get(url(page, case))
    assert response.status_code in (403, 404)
    assert "Amina" not in response.content.decode()


def test_the_mapping_and_meeting_details_are_read_once_with_an_audit_event(client_as, case,
                                                                           coordinator):
    fill(case, coordinator)
    client = client_as("koordinator1")
    for path in (url("mapping_detail", case, Assessment.objects.first().pk),
                 url("meeting_detail", case, Meeting.objects.filter(status="held").first().pk)):
        response, events = one_event(client, path)
        assert response.status_code == 200
        assert [e.action for e in events] == ["view"]


# --- need-to-know for a partner (through a recorded consent) ----------------------------------

@pytest.fixture
def as_nav_with_economy_and_housing(case, coordinator, demo_org):
    """The mother's consent: NAV may see the family's economy and housing."""
    from levekar.followup.services import consent_record

    nav = demo_org["units"]["nav-lillestrom"]
    consent_record(actor=coordinator, case=case, given_by=member(case, "Amina").person,
                   subject=None, grants=[(nav, "economy"), (nav, "housing")])


def test_a_partner_sees_only_the_goals_of_the_parts_consented(client_as, case, coordinator,
                                                              as_nav_with_economy_and_housing):
    fill(case, coordinator, goals=3)
    html = client_as("nav1").get(url("plan", case)).content.decode()
    assert "Mål 0" in html                    # work and economy
    assert "Mål 1" not in html and "Ord 1" not in html   # leisure, with the child's words
    assert "Mål 2" not in html                # health
    assert "2 mål er i deler av familieløpet du ikke har tilgang til." in html
    assert "Nytt mål" not in html             # no writing


def test_a_partner_sees_only_the_mapping_sections_consented(client_as, case, coordinator,
                                                            as_nav_with_economy_and_housing):
    fill(case, coordinator, goals=0)
    html = client_as("nav1").get(url("mapping_detail", case,
                                     Assessment.objects.last().pk)).content.decode()
    assert "Inntekt og ytelser" in html and "Bolig" in html
    assert "Livskvalitet" not in html and "Mestringstro" not in html
    assert "Oppmøte" not in html              # the children's school
    ent = client_as("nav1").get(url("entitlements", case)).content.decode()
    assert "Bostøtte" in ent
    assert "Redusert foreldrebetaling i SFO" not in ent   # needs the school part too
    assert "bygger på deler av familieløpet du ikke har tilgang til" in ent


def test_a_partner_sees_the_meetings_of_its_unit_without_notes(client_as, case, coordinator,
                                                               as_nav_with_economy_and_housing):
    fill(case, coordinator, goals=0, meetings=4)
    html = client_as("nav1").get(url("meeting_list", case)).content.decode()
    assert "Oppgave 1" in html and "Oppgave 3" in html
    assert "Oppgave 0" not in html and "Oppgave 2" not in html   # the school's
    nav_meeting = Meeting.objects.filter(units__code="nav-lillestrom").first()
    detail = client_as("nav1").get(url("meeting_detail", case, nav_meeting.pk)).content.decode()
    assert "Notat 1" not in detail and "Notat 3" not in detail   # general meetings
    assert "notatene vises ikke" in detail
    school_meeting = Meeting.objects.filter(units__code="strommen-skole").first()
    assert client_as("nav1").get(url("meeting_detail", case, school_meeting.pk)).status_code \
        == 404


def test_a_partner_is_refused_feedback_and_writing_with_an_audit_event(
        client_as, case, coordinator, as_nav_with_economy_and_housing, demo_org):
    from django.contrib.auth.models import Group
    nav1 = demo_org["users"]["nav1"]
    fill(case, coordinator, goals=0, meetings=1)
    response, events = one_event(client_as("nav1"), url("feedback", case))
    assert response.status_code == 404 and "Ingen tilgang" in response.content.decode()
    assert [e.action for e in events] == ["denied"]
    nav1.groups.add(Group.objects.get(name="familiekoordinator"))  # even with the role
    nav1._levekar_roles = None
    response, events = one_event(client_as("nav1"), url("goal_create", case), "post",
                                 {"title": "x", "area": "housing", "kind": "result"})
    assert response.status_code == 404 and "Ingen tilgang" in response.content.decode()
    assert [e.action for e in events] == ["denied"]
    assert not Goal.objects.filter(title="x").exists()


# --- writing through the pages ------------------------------------------------------------------

def test_creating_a_goal_writes_the_row_and_one_create_event(client_as, case):
    sara = member(case, "Sara")
    response, events = one_event(client_as("koordinator1"), url("goal_create", case), "post", {
        "title": "Eldste barn med i organisert fritid", "area": "leisure", "kind": "result",
        "member": str(sara.pk), "target_date": "2027-06-01", "description": ""})
    goal = Goal.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#mal-{goal.pk}")
    assert [e.action for e in events] == ["create"]
    assert goal.member == sara and goal.target_date == dt.date(2027, 6, 1)


def test_a_goal_form_with_errors_says_so_in_norwegian_and_writes_nothing(client_as, case):
    response, events = one_event(client_as("koordinator1"), url("goal_create", case), "post",
                                 {"title": "", "area": "castle", "kind": "result"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Feltet er påkrevet." in html
    assert "castle er ikke et av de tilgjengelige valgene" in html
    assert not Goal.objects.exists()
    assert [e.action for e in events] == ["view"]


def test_a_list_of_checkboxes_is_a_fieldset_with_a_legend(client_as, case):
    html = client_as("koordinator1").get(url("meeting_create", case)).content.decode()
    assert '<legend class="ds-label">Til stede fra familien</legend>' in html
    assert '<ul class="lk-choices">' in html
    assert '<label class="ds-label" for="id_members">' not in html


def test_an_action_status_is_changed_from_the_plan(client_as, case, coordinator):
    fill(case, coordinator, goals=1, meetings=0)
    action = GoalAction.objects.get()
    response, events = one_event(client_as("koordinator1"),
                                 url("action_status", case, action.pk), "post",
                                 {"status": "done", "version": action.version})
    action.refresh_from_db()
    assert response.status_code == 302
    assert action.status == "done" and action.done_on == timezone.localdate()
    assert [e.action for e in events] == ["update"]


def test_the_mapping_form_saves_the_answers_and_shows_possible_entitlements(client_as, case,
                                                                            demo_org):
    make_activity_pass(demo_org["municipality"], base_limit=300_000, per_extra_child=0,
                       single_parent_supplement=0)
    mother, lina = member(case, "Amina"), member(case, "Lina")
    data = {"kind": "start", "performed_on": timezone.localdate().isoformat(),
            "h__single_parent": "true", "h__income_sources": ["sosialhjelp"],
            "h__household_income_year": "280000", "h__tenure": "rented", "h__persons": "4",
            "h__rooms": "2", "h__area_m2": "48", "h__has_debt": "true",
            f"p{mother.person_id}__quality_of_life": "4",
            f"p{lina.person_id}__stage": "grade_1_4", f"p{lina.person_id}__in_sfo": "true"}
    data.update({f"p{mother.person_id}__self_efficacy__{n}": "2" for n in range(10)})
    response, events = one_event(client_as("koordinator1"), url("mapping_create", case), "post",
                                 data)
    a = Assessment.objects.get()
    assert response.status_code == 302
    assert response.url == url("mapping_detail", case, a.pk)
    assert [e.action for e in events] == ["create"]
    assert a.answers["household"]["rooms"] == 2
    assert a.answers["persons"][str(mother.person_id)]["self_efficacy"] == [2] * 10
    assert a.answers["persons"][str(lina.person_id)] == {"stage": "grade_1_4", "in_sfo": True}
    html = client_as("koordinator1").get(response.url).content.decode()
    for name in ("Bostøtte", "Utvidet barnetrygd", "Redusert foreldrebetaling i SFO",
                 "Aktivitetspass (fritidspass)", "Utstyrsbanken (gratis utlån)"):
        assert name in html
    # The activity pass's limit is the pass scheme's own (300 000 kr), not a copy.
    assert "passets inntektsgrense (300\u00a0000 kr)" in html
    assert html.count("Mulig rett – må sjekkes") >= 5
    assert "Trangbodd (samme regel som statistikken)</dt><dd>Ja" in html
    assert "20 (10–40)" in html


def test_a_mapping_with_impossible_answers_is_refused_with_the_field(client_as, case):
    response = client_as("koordinator1").post(url("mapping_create", case), {
        "kind": "start", "performed_on": "2026-01-01", "h__rooms": "-2"})
    assert response.status_code == 200
    assert "Antall rom (uten kjøkken og bad)" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_held_meeting_then_feedback_then_a_task_done_with_htmx(client_as, case):
    client = client_as("koordinator1")
    mother = member(case, "Amina")
    nav = OrgUnit.objects.get(code="nav-lillestrom")
    response = client.post(url("meeting_create", case), {
        "kind": "home_visit", "date": timezone.localdate().isoformat(), "time": "00:00",
        "status": "held", "place": "Hjemme", "members": [str(mother.pk)], "units": [nav.pk],
        "notes": "Første hjemmebesøk"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and list(meeting.units.all()) == [nav]
    scores = {f"outcome_{n}": "4" for n in range(4)} | {f"alliance_{n}": "9" for n in range(4)}
    response, events = one_event(client, url("feedback_record", case, meeting.pk), "post",
                                 {"member": str(mother.pk), **scores})
    assert response.status_code == 302
    assert SessionFeedback.objects.get().alliance_total == 36
    assert [e.action for e in events] == ["create"]
    client.post(url("task_create", case) + f"?mote={meeting.pk}",
                {"description": "Søke bostøtte", "deadline": "2026-12-01",
                 "responsible_unit": nav.pk})
    task = meeting.tasks.get()
    response, events = one_event(client, url("task_toggle", case, task.pk), "post",
                                 {"done": "1"})
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()
    assert [e.action for e in events] == ["update"]
    response = client.post(url("task_toggle", case, task.pk), {"done": "0"},
                           HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="task-{task.pk}">') and "Merk som gjort" in html
    assert "<html" not in html


def test_the_feedback_page_flags_a_falling_alliance_and_shows_the_figures(client_as, case,
                                                                          coordinator):
    mother = member(case, "Amina")
    for n, alliance in enumerate([[10, 10, 9, 9], [9, 9, 9, 8], [8, 8, 8, 7]]):
        m = S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.HOME_VISIT,
                             starts_at=timezone.now() - dt.timedelta(days=30 * (3 - n)),
                             status=Meeting.Status.HELD, members=[mother])
        S.feedback_record(actor=coordinator, meeting=m, member=mother, outcome=[5, 6, 5, 6 + n],
                          alliance=alliance)
    html = client_as("koordinator1").get(url("feedback", case)).content.decode()
    assert "Ikke på rett vei" in html
    assert "samarbeidsskåren har falt ved hver av de siste samtalene" in html
    assert "samarbeidsskåren er under grensen" in html        # 31 < 36
    assert 'data-vega-spec="fit-chart-' in html and "(under grensen)" in html
    worklist = client_as("koordinator1").get(reverse("followup:worklist")).content.decode()
    assert "Ikke på rett vei" in worklist


def test_the_change_since_start_is_shown_per_area_and_person_with_words(client_as, case,
                                                                        coordinator):
    fill(case, coordinator, goals=0, meetings=0)
    html = client_as("koordinator1").get(url("mapping_list", case)).content.decode()
    assert "Endring over årene" in html
    assert "Trangbodd (samme regel som statistikken)</th>" in html
    assert '<td class="lkw-better"><span aria-hidden="true">↑</span> Bedre</td>' in html


# --- the caseload -----------------------------------------------------------------------------

def test_the_worklist_shows_due_mappings_overdue_work_and_next_meetings(client_as, demo_org,
                                                                        coordinator):
    mun = demo_org["municipality"]
    new = make_family(coordinator=coordinator, municipality=mun, street="Ny vei 1",
                      start_date=timezone.localdate() - dt.timedelta(days=40))
    busy = fill(make_family(coordinator=coordinator, municipality=mun, street="Travel gate 2"),
                coordinator, goals=1, meetings=1, with_yearly=False)
    make_family(coordinator=demo_org["users"]["koordinator2"], municipality=mun,
                street="Annens vei 3")
    response, events = one_event(client_as("koordinator1"), reverse("followup:worklist"))
    html = response.content.decode()
    assert "2 familier" in html
    assert "Annens vei" not in html
    assert html.count("over frist") >= 1
    rows = {r.case.pk: r for r in response.context["rows"]}
    assert rows[new.pk].mapping_kind == "start" and rows[new.pk].mapping_state == "overdue"
    assert rows[busy.pk].mapping_kind == "yearly" and rows[busy.pk].mapping_state == "overdue"
    assert rows[busy.pk].overdue_actions == 1 and rows[busy.pk].overdue_tasks == 1
    assert rows[busy.pk].next_meeting is not None
    assert [e.action for e in events] == ["view"]
    assert len(events[0].subjects.all()) == 8


def test_the_worklist_is_for_coordinators(client_as):
    assert client_as("nav1").get(reverse("followup:worklist")).status_code == 403


# --- constant number of queries ---------------------------------------------------------------

def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["plan", "mapping_list", "entitlements", "meeting_list",
                                  "feedback"])
def test_case_pages_use_the_same_number_of_queries_for_a_small_and_a_big_case(
        client_as, demo_org, coordinator, page, django_assert_max_num_queries):
    mun = demo_org["municipality"]
    small = fill(make_family(coordinator=coordinator, municipality=mun), coordinator,
                 goals=2, meetings=2)
    big = fill(make_family(coordinator=coordinator, municipality=mun, street="Stor gate 9"),
               coordinator, goals=12, meetings=9)
    client = client_as("koordinator1")
    n = _count(client, url(page, small))
    with django_assert_max_num_queries(n):
        assert client.get(url(page, big)).status_code == 200


def test_the_worklist_uses_the_same_number_of_queries_for_3_and_12_families(
        client_as, demo_org, coordinator, django_assert_max_num_queries):
    mun = demo_org["municipality"]
    client = client_as("koordinator1")
    for n in range(3):
        fill(make_family(coordinator=coordinator, municipality=mun, street=f"Vei {n}"),
             coordinator, goals=1, meetings=1)
    n_small = _count(client, reverse("followup:worklist"))
    for n in range(9):
        fill(make_family(coordinator=coordinator, municipality=mun, street=f"Gate {n}"),
             coordinator, goals=2, meetings=2)
    with django_assert_max_num_queries(n_small):
        response = client.get(reverse("followup:worklist"))
    assert len(response.context["rows"]) == 12
