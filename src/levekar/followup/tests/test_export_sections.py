"""Innsyn: the sections of Familiens plan, mapping, meetings and feedback in a person's
subject-access export."""

import datetime as dt
import json

from django.utils import timezone

from levekar.followup import services as S
from levekar.followup.models import Assessment, ChildVoice, Meeting, PlanArea
from levekar.followup.privacy.export import person_export as work_export_section
from levekar.followup.tests.factories import journey_answers, make_family, member


def test_a_persons_export_has_their_own_data_and_the_familys_but_not_other_members(
        demo_org, coordinator):
    case = make_family(coordinator=coordinator, municipality=demo_org["municipality"])
    mother, sara = member(case, "Amina"), member(case, "Sara")
    S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING, title="Større bolig")
    work = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY, member=mother,
                         title="Mor i arbeidsrettet aktivitet innen ett år")
    S.action_create(actor=coordinator, goal=work, description="Aktivitetsplan",
                    responsible_person="NAV-veileder", deadline=dt.date(2027, 1, 1))
    leisure = S.goal_create(actor=coordinator, case=case, area=PlanArea.LEISURE, member=sara,
                            title="Eldste barn med i organisert fritid")
    S.child_voice_record(actor=coordinator, goal=leisure, child=sara,
                         words="Jeg vil spille håndball, men har ikke sko",
                         gathered_how=ChildVoice.How.CONVERSATION)
    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                        answers=journey_answers(case))
    meeting = S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.HOME_VISIT,
                               starts_at=timezone.now() - dt.timedelta(days=1),
                               status=Meeting.Status.HELD, members=[mother], notes="Notat")
    S.feedback_record(actor=coordinator, meeting=meeting, member=mother, outcome=[5, 5, 5, 5],
                      alliance=[9, 9, 9, 9])

    mine = work_export_section(mother.person)
    json.dumps(mine)  # plain data
    assert {g["goal"] for g in mine["goals"]} == {"Større bolig",
                                                  "Mor i arbeidsrettet aktivitet innen ett år"}
    assert mine["goals"][1]["actions"][0]["responsible"] == "NAV-veileder"
    answers = {(a["section"], a["question"]): a["answer"] for a in mine["mappings"][0]["answers"]}
    assert answers[("Bolig", "Antall rom (uten kjøkken og bad)")] == "2"
    assert answers[("Helse, livskvalitet og mestringstro", "Livskvalitet (stige 0–10)")] \
        == "4 / 10"
    assert not any(s == "Barnehage og skole" for s, _q in answers)   # the children's
    assert [m["notes"] for m in mine["meetings"]] == ["Notat"]
    assert mine["session_feedback"][0]["alliance_total"] == 36

    hers = work_export_section(sara.person)
    assert {g["goal"] for g in hers["goals"]} == {"Større bolig",
                                                  "Eldste barn med i organisert fritid"}
    voice = next(g for g in hers["goals"] if g["for"] == "deg")["your_own_words"]
    assert voice[0]["words"] == "Jeg vil spille håndball, men har ikke sko"
    assert voice[0]["age"] == 16
    answers = {q for a in hers["mappings"] for q in (r["question"] for r in a["answers"])}
    assert "Livskvalitet (stige 0–10)" not in answers       # the mother's health
    assert "Barnehage eller skoletrinn" in answers
    assert hers["meetings"] == [] and hers["session_feedback"] == []
