# ruff: noqa: S608  (test SQL over temporary file names)
"""The output files: columns, formats, order, which rows exist, written atomically."""

from fractions import Fraction

import pytest

from levekar.stats.engine import compute, exact
from levekar.stats.engine.output import Row, indicator_lines, percent
from levekar.stats.engine.tests.util import OPEN, every_year, person, run, write_csv


@pytest.mark.parametrize(("num", "den", "text"), [
    (1, 8, "12.5"), (1, 16, "6.3"), (2, 3, "66.7"), (1, 3, "33.3"), (0, 5, "0.0"),
    (5, 5, "100.0"), (1, 400, "0.3"), (1, 2000, "0.1"), (1, 2001, "0.0"), (49, 400, "12.3"),
])
def test_percent_has_one_decimal_rounded_half_up_exactly(num, den, text):
    assert percent(num, den) == text


@pytest.mark.parametrize(("value", "text"), [
    (Fraction(1, 8), "0.13"), (Fraction(-1, 8), "-0.13"), (Fraction(200000), "200000.00"),
    (Fraction(1000000, 3), "333333.33"), (Fraction(-1, 1000), "0.00"),
])
def test_money_has_two_decimals_rounded_half_away_from_zero(value, text):
    assert exact.decimals(value) == text


def test_rows_are_sorted_by_every_column_before_numerator_as_text():
    keys = [("2023", "country", "0"), ("2022-2024", "zone", "0301-01"),
            ("2022", "zone", "3205-10"), ("2022", "zone", "3205-9"),
            ("2022", "municipality", "3205"), ("2022", "municipality", "0301"),
            ("2022", "country", "0")]
    rows = [Row(p, lvl, a, "low_income_60", "children", "national", 5, 50, "")
            for p, lvl, a in keys]
    rows.append(Row("2022", "country", "0", "crowding", "all", "", 5, 50, ""))
    rows.append(Row("2022", "country", "0", "low_income_60", "all", "national", 5, 50, ""))
    order = [(line[0], line[1], line[2], line[3], line[4]) for line in indicator_lines(rows)]
    assert order == [
        ("2022", "country", "0", "crowding", "all"),
        ("2022", "country", "0", "low_income_60", "all"),
        ("2022", "country", "0", "low_income_60", "children"),
        ("2022", "municipality", "0301", "low_income_60", "children"),
        ("2022", "municipality", "3205", "low_income_60", "children"),
        ("2022", "zone", "3205-10", "low_income_60", "children"),  # text: "1" < "9"
        ("2022", "zone", "3205-9", "low_income_60", "children"),
        ("2022-2024", "zone", "0301-01", "low_income_60", "children"),
        ("2023", "country", "0", "low_income_60", "children"),
    ]


def incomes(year):
    return [person(year, f"p{i}", income=100_000 * (i + 1), zone="0301-01" if i % 2 else None,
                   rooms=2, area=60) for i in range(12)]


def test_the_files_have_the_spec_columns_and_plain_csv(tmp_path):
    result = run(tmp_path, every_year(incomes))
    text = (result.out / "indicators.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ("period,level,area,indicator,group,threshold_scope,"
                                    "numerator,denominator,percent,suppressed")
    assert "\r" not in text and text.endswith("\n")
    assert result.lines[1] == "2022,country,0,crowding,all,,0,12,0.0,false"
    first = (result.out / "thresholds.csv").read_text(encoding="utf-8").splitlines()
    assert first[:3] == ["year,scope,area,persons,median,threshold_60,threshold_50",
                         "2022,municipal,0301,12,650000.00,390000.00,325000.00",
                         "2022,national,0,12,650000.00,390000.00,325000.00"]
    lines = [line.split(",") for line in result.lines[1:]]
    assert lines == sorted(lines, key=lambda r: r[:6])
    assert {r[9] for r in lines} == {"false"}


def test_a_run_gives_three_annual_periods_and_the_persistent_one(tmp_path):
    result = run(tmp_path, every_year(incomes))
    found = {(k[0], k[3]) for k in result.indicators}
    assert found == {(y, i) for y in ("2022", "2023", "2024")
                     for i in ("low_income_60", "low_income_50", "crowding")} | {
        ("2022-2024", "persistent_low_income_60"), ("2022-2024", "persistent_low_income_50")}
    # No children here, so no children rows; every level has its rows.
    assert {k[4] for k in result.indicators} == {"all"}
    assert {(k[1], k[2]) for k in result.indicators} == {
        ("country", "0"), ("municipality", "0301"), ("zone", "0301-01")}
    assert result.summary["persons"] == 12
    assert result.summary["person_years"] == 36
    assert result.summary["rows"] == len(result.indicators)


def test_output_is_replaced_atomically_and_no_temporary_file_stays(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "indicators.csv").write_text("old", encoding="utf-8")
    data = write_csv(tmp_path / "p.csv", every_year(incomes))
    compute(input_path=data, period=(2022, 2024), out_dir=out, params=OPEN)
    assert sorted(p.name for p in out.iterdir()) == ["indicators.csv", "thresholds.csv"]
    assert (out / "indicators.csv").read_text(encoding="utf-8").startswith("period,")


def test_csv_and_parquet_input_give_the_same_files(tmp_path):
    import duckdb

    data = write_csv(tmp_path / "p.csv", every_year(incomes))
    pq_dir = tmp_path / "pq"
    pq_dir.mkdir()
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{data}', types={{'municipality': "
                   f"'VARCHAR'}})) TO '{pq_dir / 'p.parquet'}' (FORMAT parquet)")
    compute(input_path=data, period=(2022, 2024), out_dir=tmp_path / "a", params=OPEN)
    compute(input_path=pq_dir, period=(2022, 2024), out_dir=tmp_path / "b", params=OPEN)
    for name in ("indicators.csv", "thresholds.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
