"""Writes of a case's sections: Familiens plan, mapping (versioned), meetings, feedback, purge.
Every change writes one audit event naming the persons concerned."""

import copy
import datetime as dt
import json

import pytest
from django.utils import timezone

from levekar.core.errors import Conflict, InvalidInput
from levekar.core.models import AuditEvent, OrgUnit
from levekar.followup import instruments
from levekar.followup import services as S
from levekar.followup.access import CaseAccess
from levekar.followup.models import (
    Assessment,
    ChildVoice,
    FamilyPlan,
    FollowUpTask,
    Goal,
    GoalAction,
    Meeting,
    PlanArea,
    SessionFeedback,
)
from levekar.followup.privacy import purge
from levekar.followup.selectors import assessment_change, assessment_sections, members_of
from levekar.followup.tests.factories import journey_answers, make_family, member


@pytest.fixture
def case(demo_org, coordinator):
    return make_family(coordinator=coordinator, municipality=demo_org["municipality"])


def events(**filters):
    return AuditEvent.objects.filter(**filters).prefetch_related("subjects")


def persons_of(event):
    return sorted(s.person_id for s in event.subjects.all())


def full(case):
    return CaseAccess(case=case, full=True, parts=frozenset(), via="coordinator")


# --- Familiens plan ------------------------------------------------------------------------------

def test_a_goal_for_the_mother_with_an_action_records_one_audit_event_each(case, coordinator):
    mother = member(case, "Amina")
    nav = OrgUnit.objects.get(code="nav-lillestrom")
    before = AuditEvent.objects.count()
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                         title="Mor i arbeidsrettet aktivitet innen ett år", member=mother,
                         target_date=dt.date(2027, 11, 1))
    action = S.action_create(actor=coordinator, goal=goal, description="Avtale med NAV-veileder",
                             responsible_unit=nav, responsible_person="Nina Navesen",
                             deadline=dt.date(2026, 12, 15))
    assert AuditEvent.objects.count() == before + 2
    created = list(events(action="create", object_type__in=["followup.goal",
                                                            "followup.goalaction"]))
    assert {e.object_type for e in created} == {"followup.goal", "followup.goalaction"}
    assert all(persons_of(e) == [mother.person_id] for e in created)
    assert FamilyPlan.objects.get(case=case).goals.get() == goal
    assert action.status == GoalAction.Status.PLANNED and action.responsible_unit == nav


def test_a_family_goal_concerns_every_member(case, coordinator):
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING, title="Større bolig")
    event = events(object_type="followup.goal", object_id=str(goal.pk)).get()
    assert persons_of(event) == sorted(case.members.values_list("person_id", flat=True))


def test_result_goals_can_sit_under_an_effect_goal_but_not_the_other_way(case, coordinator):
    effect = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                           kind=Goal.Kind.EFFECT, title="Mor i arbeid")
    result = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                           kind=Goal.Kind.RESULT, title="Mor i arbeidsrettet aktivitet",
                           parent=effect)
    assert list(effect.result_goals.all()) == [result]
    with pytest.raises(InvalidInput) as exc:
        S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING,
                      kind=Goal.Kind.EFFECT, title="x", parent=effect)
    assert "Bare resultatmål kan høre til et effektmål." in exc.value.summary()
    with pytest.raises(InvalidInput) as exc:
        S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING, title="y",
                      parent=result)
    assert "Velg et effektmål i denne planen." in exc.value.summary()
    with pytest.raises(InvalidInput) as exc:
        S.goal_update(actor=coordinator, goal=effect, area=effect.area, title=effect.title,
                      kind=Goal.Kind.RESULT, member=None, parent=None, description="",
                      target_date=None, status=Goal.Status.ACTIVE)
    assert "har resultatmål under seg" in exc.value.summary()


def test_achieving_a_goal_records_the_date(case, coordinator):
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING, title="Større bolig")
    S.goal_update(actor=coordinator, goal=goal, area=goal.area, title=goal.title, kind=goal.kind,
                  member=None, parent=None, description="Flyttet i mars",
                  target_date=None, status=Goal.Status.ACHIEVED)
    goal.refresh_from_db()
    assert goal.achieved_on == timezone.localdate()
    assert events(object_type="followup.goal", action="update").count() == 1


def test_the_childs_voice_records_her_age_and_how_it_was_gathered(case, coordinator):
    sara = member(case, "Sara")
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.LEISURE,
                         title="Eldste barn med i organisert fritid", member=sara)
    voice = S.child_voice_record(actor=coordinator, goal=goal, child=sara,
                                 words="Jeg vil spille håndball, men har ikke sko",
                                 gathered_how=ChildVoice.How.CONVERSATION,
                                 gathered_on=dt.date(2026, 11, 1))
    assert voice.child_age == 16
    event = events(object_type="followup.childvoice").get()
    assert persons_of(event) == [sara.person_id]


def test_the_childs_voice_needs_a_child_words_and_an_age(case, coordinator):
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.LEISURE, title="Fritid")
    sara = member(case, "Sara")
    sara.person.birth_date = None
    sara.person.save()
    with pytest.raises(InvalidInput) as exc:
        S.child_voice_record(actor=coordinator, goal=goal, child=member(case, "Amina"),
                             words=" ", gathered_how=ChildVoice.How.CONVERSATION)
    text = exc.value.summary()
    assert "felt «barn»: Velg et av barna i familieløpet." in text
    assert "felt «barnets egne ord»: Skriv barnets egne ord." in text
    with pytest.raises(InvalidInput) as exc:
        S.child_voice_record(actor=coordinator, goal=goal, child=sara, words="Hei",
                             gathered_how=ChildVoice.How.CONVERSATION)
    assert "Fødselsdato mangler – skriv barnets alder." in exc.value.summary()
    voice = S.child_voice_record(actor=coordinator, goal=goal, child=sara, words="Hei",
                                 gathered_how=ChildVoice.How.PLAY_DRAWING, child_age=16)
    assert voice.child_age == 16
    assert ChildVoice.objects.count() == 1


# --- mapping ------------------------------------------------------------------------------

def test_the_start_mapping_stores_the_instrument_version_and_clean_answers(case, coordinator):
    a = S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                            answers=journey_answers(case))
    assert (a.instrument_id, a.instrument_version) == ("levekar-kartlegging", 2)
    assert a.answers["household"]["rooms"] == 2
    event = events(object_type="followup.assessment").get()
    assert event.action == "create"
    assert persons_of(event) == sorted(case.members.values_list("person_id", flat=True))


def test_only_one_start_mapping_and_it_comes_first(case, coordinator):
    with pytest.raises(InvalidInput) as exc:
        S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.YEARLY, answers={})
    assert "Startkartleggingen må gjøres først." in exc.value.summary()
    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START, answers={})
    with pytest.raises(Conflict):
        S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START, answers={})


def test_bad_answers_write_nothing(case, coordinator):
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput):
        S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                            answers={"household": {"rooms": "to"}})
    assert Assessment.objects.count() == 0
    assert AuditEvent.objects.count() == before


def _v2(tmp_path):
    """The next version of the mapping (3, after the shipped 2): asks about housing costs no
    more, adds a question about food, and renames a label — as a municipality might change
    its form."""
    data = json.loads((instruments.DATA_DIR / "levekar-kartlegging-v2.json").read_text("utf-8"))
    v2 = copy.deepcopy(data)
    v2["version"] = 3
    housing = next(s for s in v2["sections"] if s["id"] == "housing")
    housing["items"] = [i for i in housing["items"] if i["id"] != "housing_cost_month"]
    income = next(s for s in v2["sections"] if s["id"] == "income")
    income["items"].append({"id": "food_short", "type": "boolean", "direction": "lower_better",
                            "label": {"nb": "Har gått tom for mat siste måned"}})
    health = next(s for s in v2["sections"] if s["id"] == "health")
    health["items"][1]["label"]["nb"] = "Livskvalitet nå (0–10)"
    (tmp_path / "levekar-kartlegging-v3.json").write_text(json.dumps(v2), "utf-8")
    return instruments.load_registry([instruments.DATA_DIR, tmp_path])


def test_a_new_instrument_version_keeps_old_mappings_readable_and_comparable(
        case, coordinator, tmp_path, monkeypatch):
    start = S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                                answers=journey_answers(case), performed_on=dt.date(2025, 11, 20))
    reg2 = _v2(tmp_path)
    monkeypatch.setattr(instruments, "registry", lambda: reg2)
    later = journey_answers(case)
    mother = str(member(case, "Amina").person_id)
    later["household"].update({"household_income_year": 360000, "rooms": 4, "area_m2": 105,
                               "income_sources": ["work"], "payment_problems": [],
                               "food_short": False})
    del later["household"]["housing_cost_month"]
    later["persons"][mother].update({"employment_status": "work_activity", "quality_of_life": 6,
                                     "self_efficacy": [3] * 10})
    yearly = S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.YEARLY,
                                 answers=later, performed_on=dt.date(2026, 11, 20))
    assert yearly.instrument_version == 3 and start.instrument_version == 2
    # The old mapping still shows its own questions (housing costs) with v1 labels.
    members = members_of(case)
    old = {label: value for s in assessment_sections(full(case), start, members)
           for label, value in s.rows}
    assert old["Boutgifter per måned (husleie eller lån)"] == "11\u00a0500 kr"
    change = assessment_change(full(case), start, yearly, members)
    rows = {(a.title, a.person, r.label): r for a in change for r in a.rows}
    housing = {label: r for (title, person, label), r in rows.items() if title == "Bolig"}
    assert housing["Trangbodd (samme regel som statistikken)"].verdict == "better"
    assert (housing["Trangbodd (samme regel som statistikken)"].start,
            housing["Trangbodd (samme regel som statistikken)"].latest) == ("Ja", "Nei")
    assert housing["Antall rom (uten kjøkken og bad)"].verdict == "none"  # crowding decides
    income = {label: r for (title, person, label), r in rows.items()
              if title == "Inntekt og ytelser"}
    assert income["Arbeidsinntekt i husstanden"].verdict == "better"
    assert income["Husstandens samlede inntekt etter skatt per år (anslag)"].arrow == "↑"
    assert income["Har gått tom for mat siste måned"].verdict == "none"  # only in v2
    debt = {label: r for (title, person, label), r in rows.items()
            if title == "Gjeld og betalingsproblemer"}
    assert debt["Betalingsproblemer siste år"].verdict == "better"      # two → none
    mother_health = {label: r for (title, person, label), r in rows.items()
                     if title == "Helse, livskvalitet og mestringstro"}
    assert mother_health["Livskvalitet nå (0–10)"].start == "4 / 10"
    assert mother_health["Livskvalitet nå (0–10)"].latest == "6 / 10"
    assert mother_health["Mestringstro (sum 10–40)"].start == "21 (10–40)"
    assert mother_health["Mestringstro (sum 10–40)"].words == "Bedre"
    persons = {person for (title, person, label) in rows if title.startswith("Helse")}
    assert len(persons) == 1 and persons.pop().startswith("Amina Hassan (")


def test_correcting_a_mapping_keeps_its_instrument_version(case, coordinator):
    a = S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                            answers={"household": {"rooms": 2}})
    S.assessment_update(actor=coordinator, assessment=a, answers={"household": {"rooms": 3}})
    a.refresh_from_db()
    assert a.answers["household"] == {"rooms": 3} and a.instrument_version == 2
    assert events(object_type="followup.assessment", action="update").count() == 1


# --- meetings, tasks, feedback ----------------------------------------------------------------

def _held(case, coordinator, days_ago, **kw):
    return S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.HOME_VISIT,
                            starts_at=timezone.now() - dt.timedelta(days=days_ago),
                            status=Meeting.Status.HELD, **kw)


def test_a_meeting_with_units_and_members_present_records_the_persons(case, coordinator):
    mother = member(case, "Amina")
    nav = OrgUnit.objects.get(code="nav-lillestrom")
    meeting = _held(case, coordinator, 1, units=[nav], members=[mother],
                    notes="Snakket om arbeid.")
    assert list(meeting.units.all()) == [nav]
    assert persons_of(events(object_type="followup.meeting").get()) == [mother.person_id]
    with pytest.raises(InvalidInput) as exc:
        S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.PHONE,
                         starts_at=timezone.now() + dt.timedelta(days=3),
                         status=Meeting.Status.HELD)
    assert "Et gjennomført møte kan ikke ligge fram i tid." in exc.value.summary()


def test_a_follow_up_task_is_done_and_undone(case, coordinator):
    meeting = _held(case, coordinator, 1)
    task = S.task_create(actor=coordinator, case=case, meeting=meeting,
                         description="Søke bostøtte", deadline=dt.date(2026, 12, 1))
    S.task_done_set(actor=coordinator, task=task, done=True, on=dt.date(2026, 11, 25))
    assert FollowUpTask.objects.get().done_on == dt.date(2026, 11, 25)
    S.task_done_set(actor=coordinator, task=task, done=False)
    assert FollowUpTask.objects.get().done_on is None
    assert events(object_type="followup.followuptask").count() == 3


def test_feedback_is_for_held_meetings_and_replaces_an_earlier_answer(case, coordinator):
    mother = member(case, "Amina")
    planned = S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.OFFICE,
                               starts_at=timezone.now() + dt.timedelta(days=7))
    with pytest.raises(InvalidInput):
        S.feedback_record(actor=coordinator, meeting=planned, member=mother,
                          outcome=[5, 5, 5, 5], alliance=[9, 9, 9, 9])
    held = _held(case, coordinator, 1)
    S.feedback_record(actor=coordinator, meeting=held, member=mother, outcome=[5, 5, 5, 5],
                      alliance=[9, 9, 9, 9])
    fb = S.feedback_record(actor=coordinator, meeting=held, member=mother, outcome=[6, 5, 5, 5],
                           alliance=[9, 9, 8, 9])
    assert SessionFeedback.objects.count() == 1
    assert (fb.outcome_total, fb.alliance_total) == (21, 35)
    assert fb.instrument_id == "tilbakemelding"
    assert [e.action for e in events(object_type="followup.sessionfeedback").order_by("id")] == [
        "create", "update"]


# --- purge ---------------------------------------------------------------------------------------

def test_the_purge_hook_scrubs_free_texts_and_keeps_the_numbers(case, coordinator):
    sara = member(case, "Sara")
    S.plan_wishes_update(actor=coordinator, case=case, family_wishes="Ro i hverdagen")
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.LEISURE, member=sara,
                         title="Sara med i håndball", description="Trener to ganger i uka")
    S.action_create(actor=coordinator, goal=goal, description="Låne sko i utstyrsbanken",
                    responsible_person="Mor")
    S.child_voice_record(actor=coordinator, goal=goal, child=sara, words="Jeg vil spille",
                         gathered_how=ChildVoice.How.CONVERSATION)
    answers = journey_answers(case)
    answers["household"]["notes"] = "Mor er bekymret for strømregningen"
    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                        answers=answers)
    meeting = _held(case, coordinator, 2, notes="Vanskelig samtale", place="Hjemme")
    S.task_create(actor=coordinator, case=case, description="Ringe skolen",
                  deadline=dt.date(2026, 12, 1), responsible_person="Kari")
    S.feedback_record(actor=coordinator, meeting=meeting, member=member(case, "Amina"),
                      outcome=[5, 5, 5, 5], alliance=[9, 9, 9, 9])

    purge.scrub_plan(case)
    purge.scrub_mappings(case)
    purge.scrub_meetings(case)

    goal.refresh_from_db()
    assert (goal.title, goal.description, goal.area, goal.status) == ("", "", "leisure", "active")
    assert FamilyPlan.objects.get(case=case).family_wishes == ""
    assert GoalAction.objects.get().description == ""
    voice = ChildVoice.objects.get()
    assert (voice.words, voice.child_age) == ("", 16)
    a = Assessment.objects.get()
    assert "notes" not in a.answers["household"]
    assert a.answers["household"]["rooms"] == 2
    yusuf = str(member(case, "Yusuf").person_id)
    assert "activities" not in a.answers["persons"][yusuf]
    assert a.answers["persons"][yusuf]["organised_leisure"] is True
    m = Meeting.objects.get()
    assert (m.notes, m.place, m.kind) == ("", "", "home_visit")
    assert FollowUpTask.objects.get().description == ""
    assert SessionFeedback.objects.get().alliance_total == 36
