"""Plans built and changed in the browser: creating, importing an uploaded file, adding
parts, linking to indicators with Norwegian names, revising with lineage, and the
history of every change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from levekar.core.errors import AccessDenied, Conflict, InvalidInput
from levekar.core.models import Municipality
from levekar.people.services import zone_ensure
from levekar.plans.models import (
    ActionPlan,
    IndicatorLink,
    Measure,
    PlanChange,
    StructureKind,
)
from levekar.plans.services import (
    LinkValues,
    focus_area_save,
    goal_save,
    indicator_link_save,
    measure_create,
    measure_delete,
    plan_create,
    plan_objective_add,
    plan_revise,
)
from levekar.plans.tests.conftest import PLAN, fixture_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def lillestrom(demo_org):
    municipality = Municipality.objects.get(code="3205")
    zone_ensure(municipality=municipality, code="3205-03", name="Strømmen vest")
    return municipality


def _new_plan(owner, municipality, **kw):
    values = {"code": "ny-plan", "municipality": municipality, "title": "Ny plan",
              "period_start": 2026, "period_end": 2029}
    values.update(kw)
    return plan_create(actor=owner, **values)


def _skeleton(plan, owner):
    fa = focus_area_save(plan=plan, actor=owner, code="1", title="Barn og unge")
    goal = goal_save(plan=plan, actor=owner, focus_area=fa, code="1.1",
                     text="Færre barn i vedvarende lavinntekt")
    return fa, goal


def test_the_plan_owner_builds_a_plan_part_by_part_and_each_step_is_kept(
        plan_owner, lillestrom):
    plan = _new_plan(plan_owner, lillestrom)
    plan_objective_add(plan=plan, actor=plan_owner, code="1", title="Delmål 1",
                       text="Alle tjenester jobber mot fattigdom")
    _fa, goal = _skeleton(plan, plan_owner)
    measure = measure_create(plan=plan, actor=plan_owner, goal=goal,
                             title="Gratis fritidsaktiviteter", status="N")
    assert measure.code == "1.1.1"
    assert [o.code for o in plan.objectives.all()] == ["1"]
    subjects = set(PlanChange.objects.filter(plan=plan).values_list("subject", flat=True))
    assert {"Delmål 1", "Innsatsområde 1", "Mål 1.1", "Tiltak 1.1.1"} <= subjects
    change = PlanChange.objects.get(measure=measure, field="Tiltak")
    assert (change.old_value, change.new_value, change.changed_by) == (
        "", "Gratis fritidsaktiviteter", plan_owner)


def test_codes_are_unique_within_the_plan(plan_owner, lillestrom):
    plan = _new_plan(plan_owner, lillestrom)
    _fa, goal = _skeleton(plan, plan_owner)
    with pytest.raises(InvalidInput) as exc:
        goal_save(plan=plan, actor=plan_owner, focus_area=goal.focus_area, code="1.1",
                  text="Et annet mål")
    assert exc.value.problems[0].field == "code"
    assert "1.1" in exc.value.problems[0].message


def test_only_the_plan_owner_changes_a_plan(nav_partner, plan_owner, lillestrom):
    with pytest.raises(AccessDenied):
        _new_plan(nav_partner, lillestrom)
    assert not ActionPlan.objects.filter(code="ny-plan").exists()


def test_linking_a_measure_keeps_the_old_and_new_values(plan_owner, lillestrom):
    plan = _new_plan(plan_owner, lillestrom)
    _fa, goal = _skeleton(plan, plan_owner)
    measure = measure_create(plan=plan, actor=plan_owner, goal=goal, title="Tiltak")
    values = LinkValues(indicator="persistent_low_income_60", area="3205-03", group="children",
                        threshold_scope="national", baseline=29.7, baseline_period="2024",
                        target=25.0, target_year=2029)
    indicator_link_save(actor=plan_owner, values=values, measure=measure)
    indicator_link_save(actor=plan_owner, measure=measure,
                        values=LinkValues(**{**values.__dict__, "target": 24.0}))
    link = IndicatorLink.objects.get(measure=measure)
    assert (link.target, link.direction, link.threshold_scope) == (24.0, "down", "national")
    change = PlanChange.objects.filter(measure=measure, field="Mål").first()
    assert (change.old_value, change.new_value) == ("25", "24")


def test_a_target_needs_its_year_and_a_baseline_its_period(plan_owner, lillestrom):
    plan = _new_plan(plan_owner, lillestrom)
    _fa, goal = _skeleton(plan, plan_owner)
    with pytest.raises(InvalidInput) as exc:
        indicator_link_save(actor=plan_owner, goal=goal, values=LinkValues(
            indicator="low_income_60", area="3205", baseline=12.3, target=150.0))
    assert {p.field for p in exc.value.problems} == {"baseline_period", "target",
                                                     "target_year"}
    assert not IndicatorLink.objects.exists()


def test_a_revised_plan_continues_every_measure_with_status_v_and_new_ones_are_n(
        example_plan, plan_owner):
    new = plan_revise(plan=example_plan, actor=plan_owner, code="eksempel-2028-2031",
                      title="Eksempelplan 2028–2031", period_start=2028, period_end=2031)
    old_measures = {m.code: m for m in Measure.objects.filter(plan=example_plan)}
    carried = list(Measure.objects.filter(plan=new))
    assert len(carried) == len(old_measures)
    for m in carried:
        assert m.continues_id == old_measures[m.code].pk
        assert m.status == "V"
    assert new.previous_plan == example_plan
    goal = new.goals.first()
    added = measure_create(plan=new, actor=plan_owner, goal=goal, title="Helt nytt tiltak")
    assert added.status == "N" and added.continues_id is None


def test_a_plan_cannot_be_revised_into_an_existing_identifier(example_plan, plan_owner):
    with pytest.raises(InvalidInput):
        plan_revise(plan=example_plan, actor=plan_owner, code=example_plan.code, title="X",
                    period_start=None, period_end=None)


def test_a_measure_with_reports_cannot_be_deleted(example_plan, plan_owner):
    from levekar.plans.services import measure_report_save, reporting_round_start

    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    measure_report_save(round=rnd, measure=measure, actor=plan_owner, progress="in_progress",
                        narrative="", indicator_value=None, expected_version=None)
    with pytest.raises(Conflict):
        measure_delete(measure=measure, actor=plan_owner)
    other = Measure.objects.filter(plan=example_plan).exclude(pk=measure.pk).filter(
        continued_by__isnull=True).first()
    measure_delete(measure=other, actor=plan_owner)
    assert not Measure.objects.filter(pk=other.pk).exists()


# ---------------------------------------------------------------- pages

def test_the_owner_creates_a_plan_on_the_page(client_as, lillestrom):
    client = client_as("planeier1")
    response = client.post("/handlingsplan/ny/", {
        "title": "Handlingsplan 2027–2030", "code": "plan-2027", "municipality": lillestrom.pk,
        "structure": StructureKind.STRATEGY_MATRIX, "period_start": 2027, "period_end": 2030})
    assert response.status_code == 302
    assert response["Location"] == "/handlingsplan/plan-2027/bygg/"
    plan = ActionPlan.objects.get(code="plan-2027")
    assert plan.structure == StructureKind.STRATEGY_MATRIX
    page = client.get("/handlingsplan/plan-2027/bygg/").content.decode()
    assert "Legg til: Strategi" in page


def test_an_uploaded_plan_file_is_checked_like_the_cli_and_nothing_is_half_written(
        client_as, demo_org):
    client = client_as("planeier1")
    bad = fixture_text(PLAN).replace("status: V/F", "status: X", 1)
    response = client.post("/handlingsplan/importer/", {
        "file": SimpleUploadedFile("plan.yaml", bad.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "plan.yaml, linje" in page and "ukjent statuskode «X»" in page
    assert not ActionPlan.objects.filter(code=PLAN).exists()


def test_the_link_form_offers_names_not_codes(client_as, example_plan, lillestrom):
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    page = client_as("planeier1").get(
        f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/indikator/").content.decode()
    assert ">Strømmen vest (Lillestrøm)</option>" in page
    assert ">Vedvarende lavinntekt (EU-60)</option>" in page
    assert ">persistent_low_income_60<" not in page


def test_the_measure_page_names_its_indicator_and_shows_its_changes(
        client_as, example_plan, plan_owner, lillestrom):
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    indicator_link_save(actor=plan_owner, measure=measure, values=LinkValues(
        indicator="persistent_low_income_60", area="3205-03", group="children",
        target=25.0, target_year=2029))
    page = client_as("nav1").get(f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/").content.decode()
    assert "Vedvarende lavinntekt (EU-60) – barn 0–17 år, Strømmen vest" in page
    assert "persistent_low_income_60" not in page
    assert 'data-testid="changes"' in page and "Per Planeier" in page
