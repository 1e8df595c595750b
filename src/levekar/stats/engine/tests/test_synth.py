# ruff: noqa: S608  (test SQL over temporary file names)
"""Synthetic microdata: deterministic, in the engine's format, and realistic enough."""

import csv

import duckdb
import pytest

from levekar.stats.engine import FocusMunicipality, compute, synthesize
from levekar.stats.engine.tests.util import OPEN, read_result

ZONES = tuple(f"3205-{i:02d}" for i in range(1, 15))


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """A small country: 40 000 persons, Lillestrøm-like focus of 20 000, three years."""
    out = tmp_path_factory.mktemp("synth")
    paths = synthesize(persons=40_000, years=(2022, 2024), out_dir=out, seed=7,
                       focus=FocusMunicipality("3205", 20_000, ZONES))
    return out, paths


def q(sql: str) -> list[tuple]:
    return duckdb.sql(sql).fetchall()


def test_one_file_per_year_and_exactly_the_persons_asked_for_in_the_first(national):
    out, paths = national
    assert [p.name for p in paths] == [f"persons_{y}.parquet" for y in (2022, 2023, 2024)]
    assert q(f"SELECT count(*) FROM '{paths[0]}'") == [(40_000,)]
    assert q(f"SELECT count(*) FROM '{paths[0]}' WHERE municipality = '3205'") == [(20_000,)]
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in paths]


def test_the_same_seed_gives_the_same_files_and_another_seed_others(tmp_path):
    a = synthesize(persons=3000, years=(2022, 2023), out_dir=tmp_path / "a", seed=3)
    b = synthesize(persons=3000, years=(2022, 2023), out_dir=tmp_path / "b", seed=3)
    c = synthesize(persons=3000, years=(2022, 2023), out_dir=tmp_path / "c", seed=4)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]
    d = synthesize(persons=3000, years=(2022, 2023), out_dir=tmp_path / "d", seed=3,
                   fmt="csv")
    e = synthesize(persons=3000, years=(2022, 2023), out_dir=tmp_path / "e", seed=3,
                   fmt="csv")
    assert [p.read_bytes() for p in d] == [p.read_bytes() for p in e]
    with d[0].open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == ["year", "person_id", "household_id", "birth_year", "income_after_tax",
                      "student", "municipality", "zone", "rooms", "area_m2"]


def test_the_population_has_what_real_registers_have(national):
    _, paths = national
    files = "[" + ", ".join(f"'{p}'" for p in paths) + "]"
    (neg, zero, students, no_rooms, no_area, no_zone_in_zoned) = q(f"""
        SELECT count(*) FILTER (WHERE income_after_tax < 0),
               count(*) FILTER (WHERE income_after_tax = 0 AND year - birth_year >= 18),
               count(*) FILTER (WHERE student),
               count(*) FILTER (WHERE rooms IS NULL), count(*) FILTER (WHERE area_m2 IS NULL),
               count(*) FILTER (WHERE zone IS NULL AND municipality = '3205')
        FROM read_parquet({files})""")[0]
    assert min(neg, zero, students, no_rooms, no_area, no_zone_in_zoned) > 0
    sizes = dict(q(f"""SELECT kind, count(*) FROM (
        SELECT household_id, CASE WHEN count(*) >= 6 THEN 'large'
            WHEN count(*) FILTER (WHERE year - birth_year >= 18) = 1
                 AND count(*) FILTER (WHERE year - birth_year < 18) > 0 THEN 'single parent'
            ELSE 'other' END AS kind
        FROM '{paths[0]}' GROUP BY household_id) GROUP BY kind"""))
    assert sizes["large"] > 0 and sizes["single parent"] > 0
    # Births, deaths and migration: persons come and go; households form, split and move.
    (born, gone, moved_hh, moved_mun, moved_zone) = q(f"""
        WITH a AS (SELECT * FROM '{paths[0]}'), b AS (SELECT * FROM '{paths[1]}')
        SELECT (SELECT count(*) FROM b WHERE birth_year = 2023),
               (SELECT count(*) FROM a ANTI JOIN b USING (person_id)),
               count(*) FILTER (WHERE a.household_id <> b.household_id),
               count(*) FILTER (WHERE a.municipality <> b.municipality),
               count(*) FILTER (WHERE a.zone IS DISTINCT FROM b.zone)
        FROM a JOIN b USING (person_id)""")[0]
    assert min(born, gone, moved_hh, moved_mun, moved_zone) > 0


def test_municipalities_of_very_different_size(tmp_path):
    paths = synthesize(persons=300_000, years=(2022, 2022), out_dir=tmp_path, seed=1)
    sizes = [n for _, n in q(f"SELECT municipality, count(*) FROM '{paths[0]}' GROUP BY 1")]
    assert max(sizes) > 30_000 and min(sizes) < 1_000 and len(sizes) > 50
    codes = {m for (m,) in q(f"SELECT DISTINCT municipality FROM '{paths[0]}'")}
    assert {"0301", "4601", "5001", "1103", "3205"} <= codes


def test_the_focus_zones_spread_like_lillestrom(national, tmp_path):
    out, _ = national
    compute(input_path=out, period=(2022, 2024), out_dir=tmp_path / "o", params=OPEN)
    result = read_result(tmp_path / "o")
    shares = [float(pct) for (period, level, area, ind, group, _), (_, _, pct, _)
              in result.indicators.items()
              if (period, level, ind, group) == ("2022-2024", "zone",
                                                 "persistent_low_income_60", "children")
              and area.startswith("3205-")]
    assert len(shares) == 14
    assert min(shares) < 9 and max(shares) > 20
    whole = float(result.get("2022-2024", "municipality", "3205", "persistent_low_income_60",
                             "children")[2])
    assert 7 < whole < 20


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"persons": 0}, "Antall personer"),
    ({"fmt": "xlsx"}, "Formatet"),
    ({"years": (2024, 2022)}, "Siste år"),
    ({"focus": FocusMunicipality("3205", 5000, ZONES)}, "Fokuskommunen"),
    ({"focus": FocusMunicipality("325", 500, ZONES)}, "fire sifre"),
])
def test_bad_arguments_are_refused(tmp_path, kwargs, message):
    args = {"persons": 1000, "years": (2022, 2024), "out_dir": tmp_path / "x", **kwargs}
    with pytest.raises(ValueError, match=message):
        synthesize(**args)
    assert not (tmp_path / "x").exists()
