"""The happy path (pyarrow reading, numbered ids, exact income sums) gives what the
checked DuckDB path gives, and takes no input that path refuses."""

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from levekar.stats.engine import InputError, Params, compute, counting, fast
from levekar.stats.engine.reader import inspect
from levekar.stats.engine.tests.util import (
    COLUMNS,
    OPEN,
    PERIOD,
    YEARS,
    every_year,
    person,
    read_result,
    write_csv,
)


def rows(year):
    """Twelve persons in five households, some low income, zones, crowding."""
    return [
        person(year, "P1", "H1", income=520_000, rooms=4, area=90, zone="0301-01"),
        person(year, "P2", "H1", age=12, rooms=4, area=90, zone="0301-01"),
        person(year, "P3", "H2", income=110_000, rooms=1, area=28, zone="0301-01"),
        person(year, "P4", "H3", income=90_000, rooms=2, area=40, zone="0301-02"),
        person(year, "P5", "H3", age=8, rooms=2, area=40, zone="0301-02"),
        person(year, "P6", "H3", age=15, rooms=2, area=40, zone="0301-02"),
        person(year, "P7", "H4", income=300_000 + year, mun="1103", rooms=3),
        person(year, "P8", "H4", income=250_000, student=True, mun="1103", rooms=3),
        person(year, "P9", "H5", income=400_000, mun="1103", area=60),
        person(year, "P10", "H5", income=0, age=17, mun="1103", area=60),
        person(year, "P11", "H6", income=150_000, student=True, mun="0301", zone="0301-02"),
        person(year, "P12", "H7", income=200_000, mun="0301"),
    ]


def output(tmp_path, data, name):
    out = tmp_path / name
    summary = compute(input_path=data, period=PERIOD, out_dir=out, params=OPEN)
    summary.pop("seconds")
    return summary, [(out / n).read_bytes() for n in ("indicators.csv", "thresholds.csv")]


def read_fast(path):
    src = inspect(duckdb.connect(), path, str(path), 0)
    return fast.read(src, *PERIOD)


def test_numbered_ids_give_what_opaque_ids_give(tmp_path):
    numbered = write_csv(tmp_path / "numbered.csv", every_year(rows))
    opaque = write_csv(tmp_path / "opaque.csv", [
        dict(r, person_id=f"person {r['person_id'][::-1]}!",
             household_id=f"hus-{r['household_id'].lower()}") for r in every_year(rows)])
    table = read_fast(numbered)
    assert counting._numbered(table["person_id"]) is not None
    assert counting._numbered(read_fast(opaque)["person_id"]) is None
    assert output(tmp_path, numbered, "a") == output(tmp_path, opaque, "b")


@pytest.mark.parametrize("ids", [["P1", "P01"], ["P1", "P+1"], ["P1", "Q1"], ["7", "07"]])
def test_ids_that_one_number_could_stand_for_stay_apart(tmp_path, ids):
    """Two ids that read as the same number are two persons (no duplicate)."""
    data = write_csv(tmp_path / "p.csv", every_year(lambda y: [
        person(y, ids[0], "H1", income=100_000), person(y, ids[1], "H2", income=200_000)]))
    assert counting._numbered(read_fast(data)["person_id"]) is None
    summary = compute(input_path=data, period=PERIOD, out_dir=tmp_path / "o", params=OPEN)
    assert summary["persons"] == 2
    assert summary["households"] == 6


def test_the_csv_fast_path_and_the_checked_path_agree(tmp_path):
    """A spelling pyarrow is not given (``tRuE``, a space around a number) sends the
    file through the DuckDB path; the result is the same."""
    plain = write_csv(tmp_path / "plain.csv", every_year(rows))
    lines = plain.read_text(encoding="utf-8").splitlines()
    lines = [line.replace(",true,", ",tRuE,").replace(",4,90", ", 4 ,90") for line in lines]
    other = tmp_path / "other.csv"
    other.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_fast(plain) is not None
    assert read_fast(other) is None
    assert output(tmp_path, plain, "a") == output(tmp_path, other, "b")


@pytest.mark.parametrize(("value", "message"), [
    ("NA", "«NA» er ikke et heltall"),
    ("nan", "«nan» er ikke et heltall"),
    ("1e3", None),  # the checked path takes a whole number written with an exponent
])
def test_a_value_pyarrow_would_take_as_missing_is_decided_by_the_checked_path(
        tmp_path, value, message):
    lines = write_csv(tmp_path / "p.csv", every_year(rows)).read_text(
        encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[COLUMNS.index("rooms")] = value
    lines[1] = ",".join(fields)
    for i in (2,):  # P2 is in the same household: same rooms
        other = lines[i].split(",")
        other[COLUMNS.index("rooms")] = value
        lines[i] = ",".join(other)
    data = tmp_path / "p.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_fast(data) is None
    if message is None:
        compute(input_path=data, period=PERIOD, out_dir=tmp_path / "o", params=OPEN)
        return
    with pytest.raises(InputError) as err:
        compute(input_path=data, period=PERIOD, out_dir=tmp_path / "o", params=OPEN)
    assert err.value.problems[0] == f"{data}, rad 2, kolonne rooms: {message}"


def test_parquet_with_narrow_types_dictionaries_and_empty_zones(tmp_path):
    """Parquet as pyarrow writes it from pandas-like data (small integers, dictionary
    text, an empty zone for none) is read by the fast path and gives the CSV's result."""
    data = every_year(rows)
    csv_path = write_csv(tmp_path / "p.csv", data)
    table = pa.table({
        "year": pa.array([r["year"] for r in data], pa.int16()),
        "person_id": [r["person_id"] for r in data],
        "household_id": [r["household_id"] for r in data],
        "birth_year": pa.array([r["birth_year"] for r in data], pa.int32()),
        "income_after_tax": pa.array([r["income_after_tax"] for r in data], pa.int64()),
        "student": [r["student"] for r in data],
        "municipality": pa.array([r["municipality"] for r in data]).dictionary_encode(),
        "zone": pa.array([r["zone"] or "" for r in data]).dictionary_encode(),
        "rooms": pa.array([r["rooms"] for r in data], pa.int8()),
        "area_m2": pa.array([r["area_m2"] for r in data], pa.float32()),
        "extra": [1] * len(data),
    })
    parquet = tmp_path / "p.parquet"
    pq.write_table(table, parquet)
    assert read_fast(parquet) is not None
    assert output(tmp_path, csv_path, "a")[1] == output(tmp_path, parquet, "b")[1]


def test_household_income_sums_are_exact_beyond_float_precision(tmp_path):
    """Incomes whose sum is not exact in float64 are summed exactly; a sum beyond 64
    bits is refused naming the household."""
    big = 2 ** 61 + 1
    data = write_csv(tmp_path / "p.csv", every_year(lambda y: [
        *rows(y), person(y, "P20", "H9", income=big), person(y, "P21", "H9", income=big),
        person(y, "P22", "H9", income=-big + 3)]))
    f = counting.frame(read_fast(data), list(YEARS))
    assert counting._households(None, None, f, Params()) == 24
    assert f.hc(np.flatnonzero(f.income == big))[0].tolist() == [2 ** 61 + 4] * 6
    compute(input_path=data, period=PERIOD, out_dir=tmp_path / "o", params=OPEN)
    over = write_csv(tmp_path / "q.csv", every_year(lambda y: [
        *rows(y), person(y, "P20", "H9", income=2 ** 62),
        person(y, "P21", "H9", income=2 ** 62)]))
    with pytest.raises(InputError) as err:
        compute(input_path=over, period=PERIOD, out_dir=tmp_path / "o2", params=OPEN)
    assert err.value.problems == [
        f"{over}, rad 14, kolonne income_after_tax: summen av inntektene i husholdningen "
        f"«H9» i 2022 er for stor"]


def test_a_value_within_the_tolerance_of_a_threshold_is_decided_exactly(tmp_path):
    """With a median of 10¹⁰ the EU-60 threshold is 6·10⁹; a household of an adult and a
    child (1.3 units) with 7 799 999 999 kr has 5 999 999 999.23 per unit — below it by
    1.3·10⁻¹⁰ of it, inside the float tolerance — and one with 7 800 000 001 kr is above
    it by as much. Only the first counts, in the annual and the persistent figures."""
    def year_rows(y):
        return [
            person(y, "near-below", "HB", income=7_799_999_999),
            person(y, "child-below", "HB", age=5),
            person(y, "near-above", "HA", income=7_800_000_001),
            person(y, "child-above", "HA", age=5),
            *(person(y, f"mid{i}", income=10 ** 10) for i in range(5)),
            *(person(y, f"top{i}", income=2 * 10 ** 10) for i in range(2)),
        ]
    data = write_csv(tmp_path / "p.csv", every_year(year_rows))
    compute(input_path=data, period=PERIOD, out_dir=tmp_path / "o", params=OPEN)
    result = read_result(tmp_path / "o")
    assert result.thresholds[("2023", "national", "0")][1] == "10000000000.00"
    for period in ("2022", "2023", "2024"):
        assert result.count(period, "country", "0", "low_income_60") == (2, 11)
        assert result.count(period, "country", "0", "low_income_60", "children") == (1, 2)
        assert result.count(period, "municipality", "0301", "low_income_60") == (2, 11)
    assert result.count("2022-2024", "country", "0", "persistent_low_income_60") == (2, 11)
    assert result.count("2022-2024", "municipality", "0301",
                        "persistent_low_income_60", "children") == (1, 2)
