"""Sjumilssteget: a service's self-assessment, the action it leads to on the plan's measure,
the interdisciplinary meetings counted without names, and the overview per step."""

import datetime as dt

import pytest
from django.conf import settings

from levekar.core.models import AuditEvent, OrgUnit
from levekar.evaluation import datafiles
from levekar.evaluation.models import InterdisciplinaryMeeting, SevenStepAction, SevenStepAssessment
from levekar.plans.models import Measure
from levekar.plans.services import plan_import

pytestmark = pytest.mark.django_db
PLAN_FILE = settings.REPO_DIR / "data" / "plans" / "lillestrom-2026-2030.yaml"


@pytest.fixture
def plan(demo_org):
    return plan_import(text=PLAN_FILE.read_text(encoding="utf-8"),
                       filename=PLAN_FILE.name).plan


def test_the_seven_steps_and_their_articles_come_from_the_data_file():
    steps = datafiles.seven_steps().steps
    assert [s.text for s in steps] == ["Medbestemmelse", "God omsorg", "Særskilt vern og støtte",
                                       "Vern mot overgrep", "Fullverdig liv", "God helse",
                                       "God utdanning"]
    assert steps[0].articles == (12, 13)


def test_a_sjumilssteget_assessment_leads_to_an_action_on_its_plan_measure(plan, client_as):
    station = OrgUnit.objects.get(code="helsestasjon-lillestrom")
    measure = Measure.objects.get(plan=plan, code="2.1.1")
    client = client_as("bti1")
    data = {"note": "Vurdert på personalmøtet."}
    for i, step in enumerate(datafiles.seven_steps().steps):
        data[f"{step.id}_level"] = "3" if i else "2"
    url = f"/evaluering/sjumilssteget/{station.pk}/2026/"
    assert client.post(url, data).status_code == 302
    assessment = SevenStepAssessment.objects.get(unit=station, year=2026)
    assert assessment.ratings.get(step="participation").level == 2
    response = client.post(f"{url}tiltak/", {
        "step": "participation", "description": "Barnesamtaler ved 4-årskontrollen",
        "measure": measure.pk, "deadline": "2026-12-31"})
    assert response.status_code == 302
    action = SevenStepAction.objects.get()
    assert (action.assessment, action.measure) == (assessment, measure)
    assert AuditEvent.objects.filter(object_type="evaluation.sevenstepaction").exists()

    page = client.get(f"/handlingsplan/{plan.code}/tiltak/{measure.pk}/").content.decode()
    assert "Sjumilssteget: Barnesamtaler ved 4-årskontrollen" in page
    assert "Steg 1 Medbestemmelse" in page
    assert "Helsestasjon Lillestrøm" in page

    overview = client_as("analytiker1").get("/evaluering/sjumilssteget/?ar=2026")
    body = overview.content.decode()
    assert overview.status_code == 200
    assert "1 av" in body and "Barnesamtaler ved 4-årskontrollen" in body


def test_an_assessment_missing_a_step_is_refused_naming_it(plan, client_as):
    station = OrgUnit.objects.get(code="helsestasjon-lillestrom")
    data = {f"{s.id}_level": "3" for s in datafiles.seven_steps().steps[1:]}
    response = client_as("planeier1").post(f"/evaluering/sjumilssteget/{station.pk}/2026/", data)
    assert response.status_code == 400
    assert "Velg et nivå." in response.content.decode()
    assert not SevenStepAssessment.objects.exists()


def test_a_meeting_is_counted_per_arena_without_names(demo_org, client_as):
    units = demo_org["units"]
    client = client_as("bti1")
    refused = client.post("/evaluering/sjumilssteget/mote/", {
        "held_on": "2026-03-01", "arena": "barnehage", "host": units["kjeller-barnehage"].pk,
        "children_discussed": "-1"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Velg minst én tjeneste som deltok." in body
    assert "Antallet må være mellom 0 og 200." in body   # children_discussed
    ok = client.post("/evaluering/sjumilssteget/mote/", {
        "held_on": "2026-03-01", "arena": "barnehage", "host": units["kjeller-barnehage"].pk,
        "services": [units["ppt"].pk, units["helsestasjon-lillestrom"].pk],
        "children_discussed": "5"})
    assert ok.status_code == 302
    meeting = InterdisciplinaryMeeting.objects.get()
    assert meeting.held_on == dt.date(2026, 3, 1) and meeting.services.count() == 2
    page = client.get("/evaluering/sjumilssteget/?ar=2026").content.decode()
    assert "Barnehage" in page
