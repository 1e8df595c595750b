import shutil
from decimal import Decimal

import pytest

from levekar.core.errors import InvalidInput
from levekar.core.models import AuditEvent
from levekar.people.models import Zone
from levekar.stats.models import IndicatorValue, ResultSet, Threshold
from levekar.stats.services import result_set_load
from levekar.stats.tests.factories import write_periods, write_result

pytestmark = pytest.mark.django_db


def _copy(data_dir, tmp_path):
    target = tmp_path / "resultat"
    shutil.copytree(data_dir / "result_2022_2024", target)
    return target


def _edit(folder, old: str, new: str, file: str = "indicators.csv"):
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_result_folder_is_stored_row_for_row_with_its_thresholds(small_result, analyst):
    values = IndicatorValue.objects.filter(result_set=small_result)
    assert values.count() == 20
    assert Threshold.objects.filter(result_set=small_result).count() == 6
    assert small_result.summary["periods"] == ["2022-2024"]
    assert small_result.summary["years"] == ["2024"]
    assert small_result.summary["municipalities"] == ["3205"]
    assert small_result.summary["zone_municipalities"] == ["3205"]
    top = values.get(period="2022-2024", level="zone", area="3205-04",
                     indicator="persistent_low_income_60", group="children")
    assert (top.numerator, top.denominator, top.percent, top.suppressed) == (
        297, 1000, Decimal("29.7"), False)
    assert top.municipality == "3205" and top.threshold_scope == "municipal"
    hidden = values.get(period="2024", level="zone", area="3205-03", indicator="low_income_60")
    assert hidden.suppressed and hidden.numerator is None and hidden.percent is None
    assert hidden.denominator == 60
    assert small_result.loaded_by == analyst
    event = AuditEvent.objects.get(object_type="stats.resultset", object_id=str(small_result.pk))
    assert event.action == "create" and event.actor == analyst


def test_loading_the_same_source_again_replaces_it(small_result, data_dir):
    again = result_set_load(paths=[data_dir / "result_2022_2024"], source="Testkjøring")
    assert ResultSet.objects.get() == again
    assert IndicatorValue.objects.count() == 20
    assert again.loaded_by is None and again.loaded_by_name.startswith("kommandolinje")


def test_a_folder_of_periods_is_merged_and_overlapping_years_must_agree(zones, tmp_path):
    root = write_periods(tmp_path / "perioder")
    result = result_set_load(paths=[root], source="Tre perioder")
    assert result.summary["periods"] == ["2020-2022", "2021-2023", "2022-2024"]
    assert result.summary["years"] == ["2020", "2021", "2022", "2023", "2024"]
    # 2021 is in two runs, 2022 in three: stored once each
    assert IndicatorValue.objects.filter(period="2022", indicator="crowding", group="all",
                                         level="country").count() == 1

    lines = (root / "2021-2023" / "indicators.csv").read_text().splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("2022,country,0,crowding,all"))
    fields = lines[i].split(",")
    fields[7] = str(int(fields[7]) + 100)  # another denominator than the other runs
    fields[8] = f"{100 * int(fields[6]) / int(fields[7]):.1f}"
    lines[i] = ",".join(fields)
    (root / "2021-2023" / "indicators.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(InvalidInput) as exc:
        result_set_load(paths=[root], source="Tre perioder")
    problem = exc.value.problems[0]
    assert "2020-2022" in problem.message or "2022-2024" in problem.message
    assert problem.file.endswith("2021-2023/indicators.csv") and problem.line == i + 1
    assert "overlappende" in problem.message
    assert ResultSet.objects.get() == result  # the earlier load is untouched


BAD_ROWS = [
    # (old text, new text, line, field, words of the message)
    ("2024,zone,3205-01,crowding,all,,900,5000,18.0,false",
     "2024,zone,3205-01,crowding,all,,900,fem tusen,18.0,false", 14, "denominator",
     "ikke et heltall"),
    ("2024,zone,3205-01,crowding,all,,900,5000,18.0,false",
     "2024,zone,3205-01,crowding,all,,900,5000,19.5,false", 14, "percent", "stemmer ikke"),
    ("2024,zone,3205-02,crowding,all,,,9,,true",
     "2024,zone,3205-02,crowding,all,,2,9,,true", 16, "numerator", "prikket"),
    ("2024,zone,3205-04,low_income_60,children,municipal,43,1000,4.3,false",
     "2024,zone,3205-04,low_income_60,children,municipal,3,1000,0.3,false", 21, "suppressed",
     "prikkeregelen krever"),
    ("2024,zone,3205-01,crowding,all,,900,5000,18.0,false",
     "2024,zone,3205-01,trangbodd,all,,900,5000,18.0,false", 14, "indicator",
     "ikke en kjent indikator"),
    ("2022-2024,zone,3205-01,persistent_low_income_60,children,municipal,120,1000,12.0,false",
     "2024,zone,3205-01,persistent_low_income_60,children,municipal,120,1000,12.0,false", 6,
     "period", "treårsperiode"),
    ("2024,zone,3205-01,crowding,all,,900,5000,18.0,false",
     "2024,zone,3205-01,crowding,all,national,900,5000,18.0,false", 14, "threshold_scope",
     "ingen inntektsgrense"),
    ("2024,zone,3205-01,crowding,all,,900,5000,18.0,false",
     "2024,zone,3205-01,crowding,all,,900,5000,18.0,kanskje", 14, "suppressed",
     "verken true eller false"),
    ("2024,municipality,3205,crowding",
     "2024,municipality,Lillestrøm,crowding", 12, "area", "kommunenummer"),
    ("2020-2022", "2020-2023", 2, "period", "treårsperiode"),
]


@pytest.mark.parametrize(("old", "new", "line", "field", "words"), BAD_ROWS)
def test_a_wrong_row_refuses_the_whole_load_naming_file_line_and_column(
        small_result, data_dir, tmp_path, old, new, line, field, words):
    folder = _copy(data_dir, tmp_path)
    if old == "2020-2022":
        old, new = "2022-2024,country,0,persistent_low_income_60,all", \
            "2020-2023,country,0,persistent_low_income_60,all"
    _edit(folder, old, new)
    with pytest.raises(InvalidInput) as exc:
        result_set_load(paths=[folder], source="Testkjøring")
    problem = next(p for p in exc.value.problems if p.field == field)
    assert problem.file == str(folder / "indicators.csv")
    assert problem.line == line
    assert words in problem.message
    assert f"linje {line}, felt «{field}»" in exc.value.summary()
    # all or nothing: the result set of that name is the old one, complete
    assert ResultSet.objects.get() == small_result
    assert IndicatorValue.objects.count() == 20


def test_a_duplicate_row_is_refused_with_both_lines(zones, data_dir, tmp_path):
    folder = _copy(data_dir, tmp_path)
    path = folder / "indicators.csv"
    path.write_text(path.read_text() + "2024,zone,3205-01,crowding,all,,900,5000,18.0,false\n")
    with pytest.raises(InvalidInput) as exc:
        result_set_load(paths=[folder], source="x")
    assert exc.value.problems[0].line == 22
    assert "linje 14" in exc.value.problems[0].message
    assert not ResultSet.objects.exists()


def test_a_missing_column_is_named(zones, data_dir, tmp_path):
    folder = _copy(data_dir, tmp_path)
    path = folder / "indicators.csv"
    path.write_text(path.read_text().replace("threshold_scope", "scope", 1))
    with pytest.raises(InvalidInput) as exc:
        result_set_load(paths=[folder], source="x")
    problem = exc.value.problems[0]
    assert (problem.line, problem.field) == (1, "threshold_scope")
    assert "Kolonnen mangler" in problem.message


def test_a_bad_thresholds_file_refuses_the_load(zones, data_dir, tmp_path):
    folder = _copy(data_dir, tmp_path)
    _edit(folder, "2023,municipal,3205,29500,415000.0", "2023,municipal,3205,29500,mye",
          file="thresholds.csv")
    with pytest.raises(InvalidInput) as exc:
        result_set_load(paths=[folder], source="x")
    problem = exc.value.problems[0]
    assert problem.file.endswith("thresholds.csv")
    assert (problem.line, problem.field) == (5, "median")
    assert not ResultSet.objects.exists()


def test_a_folder_without_results_is_refused(zones, tmp_path):
    (tmp_path / "tom").mkdir()
    with pytest.raises(InvalidInput) as exc:
        result_set_load(paths=[tmp_path / "tom", tmp_path / "finnes-ikke"], source="x")
    messages = [str(p) for p in exc.value.problems]
    assert any("tom" in m and "indicators.csv" in m for m in messages)
    assert any("finnes-ikke" in m and "finnes ikke" in m for m in messages)


def test_zones_named_after_a_known_municipality_are_created(demo_org, tmp_path):
    folder = write_result(tmp_path / "r", zones=["3205-91", "3205-92", "3205-93"])
    result_set_load(paths=[folder], source="Nye soner")
    created = Zone.objects.get(code="3205-91")
    assert created.municipality.code == "3205" and created.name == "3205-91"


def test_a_zone_that_cannot_be_placed_in_a_municipality_is_refused(demo_org, tmp_path):
    folder = write_result(tmp_path / "r", zones=["Z1", "Z2", "Z3"])
    with pytest.raises(InvalidInput) as exc:
        result_set_load(paths=[folder], source="x")
    problem = exc.value.problems[0]
    assert "«Z1» er ukjent" in problem.message and problem.field == "area"
    assert problem.file.endswith("indicators.csv") and problem.line > 1
    assert not ResultSet.objects.exists() and not Zone.objects.filter(code="Z1").exists()
