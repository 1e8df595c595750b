"""The evaluation pages: who may open them, that no page names a person, the evaluation
design and the lovende-praksis assessment from the form to the plan's measure page."""

import pytest
from django.conf import settings

from levekar.core.models import AuditEvent
from levekar.evaluation import datafiles
from levekar.evaluation.models import EvaluationGoal, PracticeAssessment, PracticeRating
from levekar.evaluation.services import RatingInput, practice_assess
from levekar.plans.models import Measure
from levekar.plans.services import plan_import

pytestmark = pytest.mark.django_db
PLAN_FILE = settings.REPO_DIR / "data" / "plans" / "lillestrom-2026-2030.yaml"


@pytest.fixture
def plan(demo_org):
    return plan_import(text=PLAN_FILE.read_text(encoding="utf-8"),
                       filename=PLAN_FILE.name).plan


@pytest.fixture
def parenting(plan):
    return Measure.objects.get(plan=plan, code="1.1.1")


def _pages(measure_id: int) -> list[str]:
    return ["/evaluering/", "/evaluering/utfall/", "/evaluering/utfall/?inndeling=modell",
            "/evaluering/utfall/?inndeling=kull", "/evaluering/utfall/?inndeling=bti",
            "/evaluering/utfall/last-ned.csv", "/evaluering/design/",
            "/evaluering/lovende-praksis/", f"/evaluering/lovende-praksis/{measure_id}/2026/",
            "/evaluering/sjumilssteget/",
            f"/evaluering/design/tiltak/{measure_id}/nytt-mal/"]


def test_the_analyst_can_open_no_page_that_names_a_person(open_family, client_as, parenting):
    families = [open_family(n, qol=(3, 6)) for n in range(12)]
    names = {p.person.first_name for c in families for p in c.members.select_related("person")}
    names |= {"Testesen"}
    client = client_as("analytiker1")
    for url in _pages(parenting.pk):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert not [n for n in names if n in body], url
    # … and the family pages stay closed to the analyst.
    assert client.get(f"/familier/{families[0].pk}/").status_code == 404  # Ingen tilgang
    assert client.get("/familier/").status_code == 403


@pytest.mark.parametrize("username", ["koordinator1", "nav1", "utlan1", "fritid1"])
def test_caseworkers_and_other_roles_are_refused_with_an_audit_event(client_as, username):
    response = client_as(username).get("/evaluering/utfall/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actor__username=username,
                                     action=AuditEvent.Action.DENIED).exists()


def test_the_bti_leader_reads_but_cannot_change(client_as, parenting):
    client = client_as("bti1")
    assert client.get("/evaluering/utfall/").status_code == 200
    assert client.get(f"/evaluering/design/tiltak/{parenting.pk}/nytt-mal/").status_code == 403


def test_a_goal_without_target_is_refused_naming_the_field(client_as, parenting):
    response = client_as("planeier1").post(
        f"/evaluering/design/tiltak/{parenting.pk}/nytt-mal/",
        {"kind": "result", "title": "Foreldre fullfører kurset", "indicator": "Andel",
         "source": "mapping", "frequency": "yearly"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Fyll ut dette feltet." in body          # target
    assert "Velg kartleggingsområdet målet måles med." in body
    assert not EvaluationGoal.objects.exists()


def test_the_plan_owner_designs_the_evaluation_and_the_measure_page_shows_it(
        client_as, parenting, plan):
    client = client_as("planeier1")
    response = client.post(f"/evaluering/design/tiltak/{parenting.pk}/nytt-mal/", {
        "kind": "effect", "title": "Flere foreldre i arbeid", "indicator": "Andel familier med "
        "bedre inntekt og arbeid", "source": "mapping", "domain": "income_work",
        "baseline": "20 %", "target": "40 %", "frequency": "yearly"})
    assert response.status_code == 302
    goal = EvaluationGoal.objects.get()
    assert (goal.measure, goal.kind, goal.source_detail) == (parenting, "effect", "income_work")
    assert AuditEvent.objects.filter(object_type="evaluation.evaluationgoal",
                                     action=AuditEvent.Action.UPDATE).exists()
    page = client.get(f"/handlingsplan/{plan.code}/tiltak/{parenting.pk}/").content.decode()
    assert "Effektmål: Flere foreldre i arbeid" in page
    assert "mål 40 %" in page and "utgangspunkt 20 %" in page


def test_an_assessment_needs_evidence_for_what_is_met(client_as, parenting):
    data = {f"{e.id}_rating": "met" for e in datafiles.elements()}
    response = client_as("planeier1").post(f"/evaluering/lovende-praksis/{parenting.pk}/2026/",
                                           data)
    assert response.status_code == 400
    assert "Oppgi dokumentasjon: en lenke, et dokument eller et evalueringsresultat." in (
        response.content.decode())
    assert not PracticeAssessment.objects.exists()


def test_lovende_praksis_six_of_eight_on_the_list_and_the_measure_page(
        client_as, parenting, plan, plan_owner):
    elements = datafiles.elements()
    assert len(elements) == 8
    data = {"note": "Vurdert i fagnettverket."}
    for i, e in enumerate(elements):
        data[f"{e.id}_rating"] = "met" if i < 6 else ("partly" if i == 6 else "not_met")
        data[f"{e.id}_evidence"] = "" if i == 7 else "Evalueringsrapport 2025"
    client = client_as("planeier1")
    assert client.post(f"/evaluering/lovende-praksis/{parenting.pk}/2026/",
                       data).status_code == 302
    assessment = PracticeAssessment.objects.get(measure=parenting, year=2026)
    assert PracticeRating.objects.filter(assessment=assessment, rating="met").count() == 6
    # Another measure, less founded, comes after it in the list.
    other = Measure.objects.get(plan=plan, code="3.2.1")
    practice_assess(actor=plan_owner, measure=other, year=2026, ratings=[
        RatingInput(e.id, "met" if i < 2 else "not_met", evidence="Rapport")
        for i, e in enumerate(elements)])
    listing = client.get("/evaluering/lovende-praksis/?ar=2026").content.decode()
    assert "6 av 8 elementer" in listing and "2 av 8 elementer" in listing
    assert listing.index("6 av 8 elementer") < listing.index("2 av 8 elementer")
    page = client.get(f"/handlingsplan/{plan.code}/tiltak/{parenting.pk}/").content.decode()
    assert "Lovende praksis" in page and "6 av 8 elementer" in page
    assert "1 delvis, 1 ikke oppfylt (vurdert 2026)" in page
