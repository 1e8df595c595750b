"""Importing plan files: counts, upsert, round trip, and every kind of bad file."""

import pytest

from levekar.core.errors import InvalidInput
from levekar.core.models import OrgUnit
from levekar.plans.models import (
    ActionPlan,
    FocusArea,
    Goal,
    IndicatorLink,
    Measure,
    Progress,
    Responsibility,
)
from levekar.plans.planfile.export import dump_yaml, plan_document
from levekar.plans.planfile.validation import plan_schema
from levekar.plans.selectors import plan_get, plan_matrix
from levekar.plans.services import measure_report_save, reporting_round_start
from levekar.plans.tests.conftest import PLAN, PREVIOUS, fixture_text, import_text

pytestmark = pytest.mark.django_db


def line_of(text: str, needle: str) -> int:
    assert needle in text, needle
    return text[: text.index(needle)].count("\n") + 1


def counts() -> tuple[int, ...]:
    return (ActionPlan.objects.count(), FocusArea.objects.count(), Goal.objects.count(),
            Measure.objects.count(), Responsibility.objects.count(),
            IndicatorLink.objects.count(), OrgUnit.objects.count())


def test_importing_a_plan_stores_its_structure_without_loss(example_plan):
    plan = ActionPlan.objects.get(code=PLAN)
    assert plan.title == "Handlingsplan mot familiefattigdom 2024–2027 (eksempel)"
    assert (plan.period_start, plan.period_end) == (2024, 2027)
    assert str(plan.adopted_date) == "2024-03-20" and plan.adopted_body == "Kommunestyret"
    assert plan.previous_plan.code == PREVIOUS
    assert plan.municipality.code == "3205"
    assert [fa.code for fa in plan.focus_areas.order_by("position")] == ["1", "2"]
    assert plan.focus_areas.get(code="2").objective.startswith("Å redusere")
    assert [g.code for g in plan.goals.order_by("position")] == ["1.1", "1.2", "2.1", "2.2"]
    assert plan.measures.count() == 6
    assert dict(plan.measures.values_list("code", "status")) == {
        "1.1.1": "V/F", "1.1.2": "V/F", "1.2.1": "F/N", "2.1.1": "V/F", "2.1.2": "N/F",
        "2.1.3": ""}
    m = plan.measures.get(code="2.1.1")
    assert [r.label for r in m.responsibilities.order_by("position")] == [
        "Kultur og fritid", "Frivilligsentralen", "Frivillige organisasjoner"]
    assert m.continues.code == "A1.1" and m.continues.plan.code == PREVIOUS
    assert (m.evaluation_indicator, m.evaluation_frequency) == ("Bruk av fritidskortet",
                                                                "yearly")
    dated = plan.measures.get(code="2.1.2")
    assert (dated.evaluation_frequency, str(dated.evaluation_date)) == ("date", "2025-06-30")
    link = plan.measures.get(code="1.2.1").indicator_link
    assert (link.indicator, link.area, link.group, link.baseline, link.baseline_period,
            link.target, link.target_year) == ("persistent_low_income_60", "3205", "children",
                                               12.3, "2021-2023", 10.0, 2027)
    # A unit listed under «units:» is created; one already there is left as it is.
    unit = OrgUnit.objects.get(code="frivilligsentralen")
    assert (unit.name, unit.kind, unit.municipality.code) == ("Frivilligsentralen", "frivillig",
                                                              "3205")


def test_importing_the_same_file_twice_duplicates_nothing(example_plan):
    before = counts()
    versions = dict(Measure.objects.values_list("code", "version"))
    result = import_text(fixture_text(PLAN), f"{PLAN}.yaml")
    assert not result.created
    assert (result.new_measures, result.changed_measures, result.removed_measures) == (0, 0, 0)
    assert counts() == before
    assert dict(Measure.objects.values_list("code", "version")) == versions


def test_a_changed_file_updates_what_changed_and_bumps_only_that_measures_version(
        example_plan):
    text = fixture_text(PLAN)
    changed = (text.replace("Senke deltakerbarrierer", "Senke deltakerbarrierene")
               .replace("              - text: Lokalt næringsliv\n", "")
               .replace("      - code: \"2.2\"\n        text: Trygge og stabile bomiljøer og "
                        "boligforhold\n        measures: []\n", ""))
    versions = dict(Measure.objects.values_list("code", "version"))
    result = import_text(changed)
    assert (result.new_measures, result.changed_measures, result.removed_measures) == (0, 2, 0)
    after = dict(Measure.objects.values_list("code", "version"))
    assert after["2.1.1"] == versions["2.1.1"] + 1
    assert after["1.1.2"] == versions["1.1.2"] + 1
    assert after["1.1.1"] == versions["1.1.1"]
    assert Measure.objects.get(code="2.1.1").how == "Senke deltakerbarrierene"
    assert not Goal.objects.filter(plan__code=PLAN, code="2.2").exists()
    assert [r.label for r in Measure.objects.get(code="1.1.2", plan__code=PLAN)
            .responsibilities.all()] == ["Introduksjonsprogrammet"]


def test_a_measure_left_out_of_the_file_is_removed(example_plan):
    text = fixture_text(PLAN)
    start = text.index('          - code: "2.1.3"')
    end = text.index('      - code: "2.2"')
    result = import_text(text[:start] + text[end:])
    assert result.removed_measures == 1
    assert not Measure.objects.filter(plan__code=PLAN, code="2.1.3").exists()


def test_a_measure_with_reports_is_not_removed_by_import(example_plan, plan_owner):
    rnd = reporting_round_start(plan=example_plan, year=2024, actor=plan_owner)
    measure = Measure.objects.get(plan=example_plan, code="2.1.3")
    measure_report_save(round=rnd, measure=measure, actor=plan_owner,
                        progress=Progress.IN_PROGRESS, narrative="I gang.",
                        indicator_value=None, expected_version=None)
    text = fixture_text(PLAN)
    start = text.index('          - code: "2.1.3"')
    end = text.index('      - code: "2.2"')
    with pytest.raises(InvalidInput) as exc:
        import_text(text[:start] + text[end:])
    assert "Tiltak «2.1.3» finnes i planen i Levekår og har rapporter (2024)" in \
        exc.value.summary()
    assert Measure.objects.filter(plan=example_plan, code="2.1.3").exists()


def test_export_then_import_round_trips_to_the_same_plan(example_plan):
    exported = dump_yaml(plan_document(plan_matrix(plan_get(PLAN))))
    # Into the same database: nothing changes.
    before = counts()
    result = import_text(exported, "eksport.yaml")
    assert (result.new_measures, result.changed_measures, result.removed_measures) == (0, 0, 0)
    assert counts() == before
    # From scratch: the plan comes back the same, field for field.
    ActionPlan.objects.filter(code=PLAN).delete()
    import_text(exported, "eksport.yaml")
    again = dump_yaml(plan_document(plan_matrix(plan_get(PLAN))))
    assert again == exported
    assert plan_document(plan_matrix(plan_get(PLAN)))["focus_areas"][1]["goals"][0][
        "measures"][0]["continues"] == "A1.1"


# --- bad files: each fails with its line and field, and nothing is written -----------

def _refused(text: str, filename: str = "plan.yaml") -> list:
    before = counts()
    with pytest.raises(InvalidInput) as exc:
        import_text(text, filename)
    assert counts() == before, "a refused file must not write anything"
    assert not OrgUnit.objects.filter(code="frivilligsentralen").exists()
    return exc.value.problems


@pytest.fixture
def previous_only(demo_org):
    import_text(fixture_text(PREVIOUS))


def test_bad_yaml_syntax_is_refused_with_line_and_field(previous_only):
    text = fixture_text(PLAN).replace("title: En fast kontaktperson for hele familien.",
                                      'title: "En fast kontaktperson for hele familien.')
    [problem] = _refused(text, "lillestrom.yaml")
    assert problem.file == "lillestrom.yaml"
    assert problem.line == line_of(text, 'title: "En fast kontaktperson')
    assert problem.field == "title"
    assert problem.message.startswith("Filen er ikke gyldig YAML: et anførselstegn er ikke lukket")


def test_a_tab_in_the_indentation_is_refused_with_its_line(previous_only):
    text = fixture_text(PLAN).replace("            how: Senke deltakerbarrierer",
                                      "\t    how: Senke deltakerbarrierer")
    [problem] = _refused(text)
    assert problem.line == line_of(text, "\t    how")
    assert "tabulator er ikke lov" in problem.message


def test_an_unknown_status_code_is_refused_with_line_and_field(previous_only):
    text = fixture_text(PLAN).replace("status: F/N", "status: F/X")
    [problem] = _refused(text)
    assert problem.line == line_of(text, "status: F/X")
    assert problem.field == "focus_areas[1].goals[2].measures[1].status"
    assert problem.message.startswith("Tiltak «1.2.1», mål «1.2»: ukjent statuskode «F/X».")
    assert str(problem).startswith(f"plan.yaml, linje {problem.line}, felt «focus_areas[1]")


def test_a_missing_title_is_refused_with_line_and_field(previous_only):
    text = fixture_text(PLAN).replace(
        "            title: Praksisplasser med språkstøtte som gir arbeidstrening og "
        "språkutvikling.\n", "")
    [problem] = _refused(text)
    assert problem.line == line_of(text, '- code: "1.1.2"')
    assert problem.field == "focus_areas[1].goals[1].measures[2].title"
    assert problem.message == "Tiltak «1.1.2», mål «1.1»: mangler det påkrevde feltet «title»."


def test_a_plan_without_a_title_is_refused(previous_only):
    text = fixture_text(PLAN).replace(
        "title: Handlingsplan mot familiefattigdom 2024–2027 (eksempel)\n", "")
    [problem] = _refused(text)
    assert problem.field == "title"
    assert problem.line == line_of(text, "format:")
    assert problem.message == "mangler det påkrevde feltet «title»."


def test_an_unknown_unit_is_refused_with_line_and_field(previous_only):
    text = fixture_text(PLAN).replace("unit: familieteamet", "unit: familie-teamet")
    [problem] = _refused(text)
    assert problem.line == line_of(text, "unit: familie-teamet")
    assert problem.field == "focus_areas[1].goals[2].measures[1].responsible[1].unit"
    assert problem.message.startswith(
        "Tiltak «1.2.1», mål «1.2»: ukjent enhet «familie-teamet». Enheten finnes ikke")


def test_every_problem_in_a_file_is_reported_at_once(previous_only):
    text = (fixture_text(PLAN).replace("status: F/N", "status: Videreført")
            .replace("unit: strommen-skole", "unit: strommen-skule")
            .replace('continues: "A1.2"', 'continues: "A9.9"')
            .replace("frequency: every_third_year", "frequency: hvert tredje år")
            .replace("end: 2027", "end: 2023"))
    problems = _refused(text)
    lines = [p.line for p in problems]
    assert lines == sorted(lines)
    assert {p.field.rsplit(".", 1)[-1] for p in problems} == {
        "status", "unit", "continues", "frequency", "end"}
    assert len(problems) == 5


def test_a_municipality_number_written_without_quotes_is_explained(previous_only):
    text = fixture_text(PLAN).replace('municipality: "3205"', "municipality: 3205")
    [problem] = _refused(text)
    assert problem.field == "municipality"
    assert 'Sett verdien i anførselstegn: "3205"' in problem.message


def test_duplicate_measure_codes_are_refused(previous_only):
    text = fixture_text(PLAN).replace('code: "1.1.2"', 'code: "1.1.1"')
    [problem] = _refused(text)
    assert problem.line == line_of(text, 'code: "1.1.1"\n            title: Praksis')
    assert "koden «1.1.1» er brukt før" in problem.message


def test_the_same_unit_twice_on_one_measure_is_refused(previous_only):
    text = fixture_text(PLAN).replace("              - unit: helsestasjon-lillestrom",
                                      "              - unit: nav-lillestrom")
    [problem] = _refused(text)
    assert problem.field == "focus_areas[1].goals[1].measures[1].responsible[2].unit"
    assert "enheten «nav-lillestrom» står to ganger som ansvarlig" in problem.message


def test_continuing_a_measure_the_previous_plan_does_not_have_is_refused(previous_only):
    text = fixture_text(PLAN).replace('continues: "A1.1"', 'continues: "B7"')
    [problem] = _refused(text)
    assert problem.field.endswith("measures[1].continues")
    assert "har ikke noe tiltak med den koden" in problem.message


def test_an_empty_file_is_refused(demo_org):
    [problem] = _refused("\n# bare en kommentar\n")
    assert problem.message == "Filen er tom."


def test_the_schema_knows_every_org_unit_kind():
    kinds = plan_schema()["properties"]["units"]["items"]["properties"]["kind"]["enum"]
    assert kinds == OrgUnit.Kind.values


SMALL_PLAN = """\
format: levekar-plan/1
id: bygd-plan
municipality: "{code}"
{name_line}
title: Plan uten periode
period: {{start: null, end: null}}
adopted: null
units:
  - {{code: bygd-nav, name: NAV Bygd, kind: nav{unit_municipality}}}
focus_areas:
  - code: "1"
    title: Strategi 1
    goals:
      - code: "1 a"
        text: Barn deltar i fritid
        measures:
          - code: "1a.1"
            title: Utstyrsbank
            status: null
            responsible: [{{unit: bygd-nav}}]
            evaluation: {{indicator: "Antall utlån", frequency: null}}
"""


def test_a_plan_names_a_new_municipality_and_its_units_and_may_lack_a_period(demo_org):
    text = SMALL_PLAN.format(code="3405", name_line="municipality_name: Lillehammer",
                             unit_municipality="")
    result = import_text(text, "bygd.yaml")
    plan = result.plan
    assert (plan.municipality.code, plan.municipality.name) == ("3405", "Lillehammer")
    assert plan.period_start is None and plan.period_end is None
    assert plan.first_year == plan.reporting_years()[0]
    assert OrgUnit.objects.get(code="bygd-nav").municipality.code == "3405"
    assert plan.measures.get().evaluation_frequency in ("", None)
    # The export names the municipality, so the file round-trips.
    assert plan_document(plan_matrix(plan))["municipality_name"] == "Lillehammer"


def test_an_unknown_municipality_without_a_name_is_refused(demo_org):
    text = SMALL_PLAN.format(code="3405", name_line="", unit_municipality="")
    problems = _refused(text, "bygd.yaml")
    assert any(p.field == "municipality" and "municipality_name" in p.message for p in problems)


def test_a_unit_in_an_unknown_other_municipality_is_refused(demo_org):
    text = SMALL_PLAN.format(code="3205", name_line="", unit_municipality=', municipality: "9999"')
    problems = _refused(text, "bygd.yaml")
    assert any(p.field == "units[1].municipality" and "9999" in p.message for p in problems), \
        problems
