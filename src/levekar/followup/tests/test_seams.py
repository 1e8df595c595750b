"""The workflows that span every section of a case: the subject-access export (JSON and
PDF), the purge and the BTI overview. Each test names every section, so unhooking one
(leaving it out of the export, the purge or the overview) makes a test here fail.

The case is built through the services of every section: household and members, consent,
BTI, Familiens plan with the child's own words, mapping, meetings with notes, session
feedback and a follow-up task.
"""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.utils import formats, timezone
from pypdf import PdfReader

from levekar.followup import services
from levekar.followup import services as W
from levekar.followup.models import (
    Assessment,
    BtiLevelChange,
    ChildVoice,
    Consent,
    FamilyPlan,
    FollowUpTask,
    Goal,
    GoalAction,
    IndividualPlan,
    Meeting,
    Participant,
    PlanArea,
)
from levekar.followup.privacy import export, purge
from levekar.followup.selectors import overview
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import bti_set

pytestmark = pytest.mark.django_db

# Free texts written into the case, one per section; none may survive the purge.
WISHES = "Vi ønsker oss en større leilighet nær skolen"
GOAL_TITLE = "Eldste barn med i organisert fritid"
GOAL_HOW = "Hun går på trening hver uke"
ACTION_TEXT = "Søke fritidspass sammen med kultur og fritid"
ACTION_PERSON = "Kari Kulturkontakt"
CHILD_WORDS = "Jeg vil spille håndball, men har ikke sko"
MAPPING_NOTE = "Mor forteller om strømregning hun ikke klarer å betale"
MEETING_NOTES = "Hjemmebesøk: mor er sliten, barna trives på skolen"
MEETING_PLACE = "Hjemme hos familien i Strømsveien"
TASK_TEXT = "Ringe boligkontoret om større leilighet"
TASK_PERSON = "Ola Boligrådgiver"
CONSENT_NOTE = "Muntlig samtykke på hjemmebesøket"
BTI_REASON = "Skolen melder bekymring for fravær"
STATUS_REASON = "Familien flyttet til Bergen"
IP_NOTE = "Individuell plan drøftet med PPT og skolen"
IP_COORDINATOR = "Tone Lærer"
FREE_TEXTS = [WISHES, GOAL_TITLE, GOAL_HOW, ACTION_TEXT, ACTION_PERSON, CHILD_WORDS,
              MAPPING_NOTE, MEETING_NOTES, MEETING_PLACE, TASK_TEXT, TASK_PERSON, CONSENT_NOTE,
              BTI_REASON, STATUS_REASON, IP_NOTE, IP_COORDINATOR]


@pytest.fixture
def full_case(journey, coordinator, health_partner):
    """The journey family with something written in every section of the case."""
    case, persons = journey["case"], journey["persons"]
    members = {m.person_id: m for m in case.members.all()}
    mother, child = members[persons["mother"].pk], members[persons["child16"].pk]
    services.consent_record(actor=coordinator, case=case, given_by=persons["mother"],
                            subject=persons["mother"], note=CONSENT_NOTE,
                            grants=[(journey["units"]["nav-lillestrom"], "work")])
    bti_set(actor=coordinator, case=case, child=child, to_level=1, reason=BTI_REASON,
            holder=health_partner)
    W.plan_wishes_update(actor=coordinator, case=case, family_wishes=WISHES)
    goal = W.goal_create(actor=coordinator, case=case, area=PlanArea.LEISURE, member=child,
                         title=GOAL_TITLE, description=GOAL_HOW)
    W.action_create(actor=coordinator, goal=goal, description=ACTION_TEXT,
                    responsible_person=ACTION_PERSON, deadline=dt.date(2027, 1, 1))
    W.child_voice_record(actor=coordinator, goal=goal, child=child, words=CHILD_WORDS,
                         gathered_how=ChildVoice.How.CONVERSATION)
    W.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START, answers={
        "household": {"single_parent": True, "rooms": 2, "notes": MAPPING_NOTE},
        "persons": {}})
    meeting = W.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.HOME_VISIT,
                               starts_at=timezone.now() - dt.timedelta(days=1),
                               status=Meeting.Status.HELD, members=[mother, child],
                               notes=MEETING_NOTES, place=MEETING_PLACE)
    W.feedback_record(actor=coordinator, meeting=meeting, member=mother, outcome=[5, 6, 7, 8],
                      alliance=[9, 9, 8, 9])
    W.task_create(actor=coordinator, case=case, description=TASK_TEXT,
                  responsible_person=TASK_PERSON, deadline=dt.date(2027, 2, 1))
    services.individual_plan_create(
        actor=coordinator, case=case, member=child, status=IndividualPlan.Status.ADOPTED,
        started_on=dt.date(2026, 10, 5), adopted_on=dt.date(2026, 11, 16), note=IP_NOTE,
        new_coordinator=services.NewPerson(name=IP_COORDINATOR, organisation="Strømmen skole"),
        coordinator_appointed_on=dt.date(2026, 11, 16))
    return journey


# --- the subject-access export -----------------------------------------------------------

def test_the_export_of_a_parent_contains_every_section_of_the_case(full_case):
    mother = full_case["persons"]["mother"]
    data = json.loads(export.person_export_json(mother))
    assert data["person"]["first_name"] == "Leila"
    assert data["household"]["street"] == "Strømsveien 41 B"
    assert [c["case"] for c in data["cases"]] == [full_case["case"].pk]
    assert CONSENT_NOTE in [c["note"] for c in data["consents"]]
    assert BTI_REASON in [c["reason"] for c in data["bti_history"]]
    # BTI follows the child: each row of the history names the child it concerns.
    [row] = [c for c in data["bti_history"] if c["reason"] == BTI_REASON]
    assert row["child"] == full_case["persons"]["child16"].full_name
    assert row["stafettholder"].startswith("Hanne Helse")
    assert {c["child"] for c in data["bti_history"]} == {
        "hele familien", full_case["persons"]["child16"].full_name}
    assert data["family_wishes"] == [WISHES]
    assert data["goals"] == []   # the only goal is the child's own
    notes = {r["question"]: r["answer"] for m in data["mappings"] for r in m["answers"]}
    assert MAPPING_NOTE in notes.values()
    assert [(m["notes"], m["place"]) for m in data["meetings"]] == [(MEETING_NOTES,
                                                                     MEETING_PLACE)]
    assert [f["outcome_total"] for f in data["session_feedback"]] == [26]
    assert [(t["task"], t["responsible"]) for t in data["tasks"]] == [(TASK_TEXT, TASK_PERSON)]
    assert data["individual_plans"] == []   # the only plan is the child's own
    assert data["access_log"]


def test_the_export_of_a_child_contains_their_goal_with_their_own_words(full_case):
    child = full_case["persons"]["child16"]
    data = json.loads(export.person_export_json(child))
    [goal] = data["goals"]
    assert (goal["goal"], goal["how_we_will_know"]) == (GOAL_TITLE, GOAL_HOW)
    assert [(a["action"], a["responsible"]) for a in goal["actions"]] == [(ACTION_TEXT,
                                                                           ACTION_PERSON)]
    assert [v["words"] for v in goal["your_own_words"]] == [CHILD_WORDS]
    [plan] = data["individual_plans"]
    assert (plan["status"], plan["adopted_on"], plan["note"]) == ("Vedtatt", "2026-11-16",
                                                                  IP_NOTE)
    assert plan["child_coordinator"] == f"{IP_COORDINATOR} (Strømmen skole)"
    assert [m["notes"] for m in data["meetings"]] == [MEETING_NOTES]
    assert data["session_feedback"] == []   # the mother's feedback, not hers


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_export_shows_every_section_under_a_norwegian_heading(full_case):
    text = _pdf_text(export.person_export_pdf(full_case["persons"]["child16"]))
    flat = " ".join(text.split())
    for heading in ("Husstand", "Familieløp", "Samtykker", "BTI-nivå – historikk",
                    "Familiens ønsker", "Mål i Familiens plan", "Kartlegginger",
                    "Møter og kontakter", "Oppgaver", "Tilbakemeldinger fra samtalene",
                    "Innsynslogg", "Barnets egne ord", "Individuell plan og barnekoordinator",
                    "Barnekoordinator oppnevnt", "16. november 2026"):
        assert heading in flat, heading
    for text_written in (WISHES, GOAL_TITLE, CHILD_WORDS, MEETING_NOTES, TASK_TEXT, IP_NOTE,
                         IP_COORDINATOR):
        assert " ".join(text_written.split()) in flat, text_written


def test_the_pdf_export_shows_what_every_section_holds_label_by_label(full_case):
    """Not only the headings: each section's own content stands in the PDF after its
    Norwegian label, with the family's name for the case and Norwegian dates."""
    mother, case = full_case["persons"]["mother"], full_case["case"]
    flat = " ".join(_pdf_text(export.person_export_pdf(mother)).split())
    month = formats.date_format(timezone.localtime(), "F Y")
    for shown in (
        f"Fødselsnummer: {mother.national_id}",                       # Person
        f"Adresse: {mother.household.street}",                        # Husstand
        f"Familieløp: {case.name}", "Rolle i familien: ",            # Familieløp
        f"Merknad: {CONSENT_NOTE}", "Enhet: NAV Lillestrøm · Del: ",  # Samtykker, grants
        f"Begrunnelse: {BTI_REASON}",                                 # BTI-nivå – historikk
        f"Barn: {full_case['persons']['child16'].full_name}",
        WISHES,                                                       # Familiens ønsker
        f"Svar: {MAPPING_NOTE}",                                      # Kartlegginger
        f"Sted: {MEETING_PLACE}", f"Notater: {MEETING_NOTES}",        # Møter og kontakter
        f"Oppgave: {TASK_TEXT}", "Frist: 1. februar 2027",            # Oppgaver
        "Endringsskår i alt: 26", "Samtaleskår i alt: 35",            # Tilbakemeldinger
        "Innsynslogg Hvem som har lest",                               # Innsynslogg
        f"{month[0].upper()}{month[1:]} Kari Koordinator, Familieteamet",
    ):
        assert shown in flat, shown


def test_the_pdf_export_shows_no_english_keys(full_case):
    data = export.person_export(full_case["persons"]["mother"])
    flat = " ".join(_pdf_text(export.person_export_pdf(full_case["persons"]["mother"])).split())
    keys = set(data)
    for value in data.values():
        rows = value if isinstance(value, list) else [value]
        for row in rows:
            if isinstance(row, dict):
                keys |= set(row)
                for inner in row.values():
                    if isinstance(inner, list):
                        keys |= {k for r in inner if isinstance(r, dict) for k in r}
    keys -= {"exported_at", "format"}
    words = set(flat.replace(":", " ").replace(";", " ").replace(",", " ").split())
    # Keys that are also Norwegian words may stand in the texts themselves.
    norwegian = {"for", "at", "person", "status", "stafettholder"}
    assert sorted(k for k in keys - norwegian if k in words) == []
    # The innsynslogg names what was read in words, not as model labels.
    assert "people.person" not in flat and "followup.case" not in flat


def _boxes(document) -> list[tuple]:
    """Every laid-out box of a WeasyPrint document: kind, place, size, text and font."""
    out = []

    def walk(box):
        out.append((type(box).__name__, box.position_x, box.position_y, box.width,
                    box.height, getattr(box, "text", None), box.style["font_weight"],
                    box.style["font_size"], box.style["bookmark_level"]))
        for child in getattr(box, "children", None) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return out


def test_the_pdf_export_is_laid_out_as_with_weasyprints_own_stylesheet(full_case):
    """The export's lean user-agent stylesheet (for speed) changes nothing on the page:
    every box of every page stands where WeasyPrint's full sheet puts it, and the
    section headings stay bookmarks in the PDF."""
    from weasyprint import HTML

    html = export._pdf_html(full_case["persons"]["mother"])
    lean = export._export_html_class()(string=html).render()
    full = HTML(string=html).render()
    assert len(lean.pages) == len(full.pages)
    assert _boxes(lean) == _boxes(full)
    # (label, target, children, state): the h1, then its h2 sections
    titles = [label for label, *_rest in lean.make_bookmark_tree()[0][2]]
    assert titles == [label for label, *_rest in full.make_bookmark_tree()[0][2]]
    assert {"Husstand", "Samtykker", "Innsynslogg"} <= set(titles)


# --- the purge -----------------------------------------------------------------------------

def test_the_purge_removes_every_sections_free_text(full_case, coordinator, settings):
    settings.LEVEKAR_FOLLOWUP_RETENTION_DAYS = 730
    case = full_case["case"]
    with time_machine.travel(timezone.now() - dt.timedelta(days=3 * 365), tick=False):
        services.case_status_change(actor=coordinator, case=case, status="closed",
                                    reason=STATUS_REASON)
    assert purge.purge().case_ids == [case.pk]

    case.refresh_from_db()
    stored = json.dumps([
        list(Consent.objects.filter(case=case).values("note", "withdrawn_reason")),
        list(BtiLevelChange.objects.filter(case=case).values("reason")),
        list(FamilyPlan.objects.filter(case=case).values("family_wishes")),
        list(Goal.objects.filter(plan__case=case).values("title", "description")),
        list(GoalAction.objects.filter(goal__plan__case=case)
             .values("description", "responsible_person")),
        list(ChildVoice.objects.filter(goal__plan__case=case).values("words")),
        list(Assessment.objects.filter(case=case).values("answers")),
        list(Meeting.objects.filter(case=case).values("notes", "place")),
        list(FollowUpTask.objects.filter(case=case).values("description",
                                                           "responsible_person")),
        list(IndividualPlan.objects.filter(case=case).values("note")),
        list(Participant.objects.filter(case=case).values("name", "organisation")),
        case.status_reason,
    ], ensure_ascii=False)
    for text in [*FREE_TEXTS, "Familieløpet åpnet."]:
        assert text not in stored, text
    # What the outcome statistics need is kept.
    assert Goal.objects.get(plan__case=case).area == PlanArea.LEISURE
    assert ChildVoice.objects.get(goal__plan__case=case).child_age == 16
    assert Assessment.objects.get(case=case).answers["household"]["rooms"] == 2
    assert Meeting.objects.get(case=case).kind == Meeting.Kind.HOME_VISIT
    assert IndividualPlan.objects.filter(case=case).values_list(
        "status", "adopted_on").get() == ("adopted", dt.date(2026, 11, 1))


# --- the BTI overview ----------------------------------------------------------------------

def test_the_bti_overview_shows_every_metric(full_case):
    keys = [m.key for m in overview.bti_overview().metrics]
    assert keys == ["no_stafettholder", "consent_expiring", "without_consent",
                    "mappings_overdue"]


def test_the_bti_overview_counts_overdue_mappings(journey, zones, coordinator):
    # Two cases started more than a month ago without a start mapping: the counts are
    # small, so the overview hides them, but the metric is computed from the cases.
    from levekar.followup.tests.case_fixtures import open_family

    with time_machine.travel(timezone.now() - dt.timedelta(days=90), tick=False):
        for serial in (4, 5, 6, 7, 8):
            open_family(coordinator, serial=serial, zone=zones["3205-01"])
    [row] = [m for m in overview.bti_overview().metrics if m.key == "mappings_overdue"]
    assert row.value == "5"
