# ruff: noqa: S608  (SQL is built from quoted identifiers, quoted literals and ints)
"""The indicators of ``spec/statistics.md``, computed in DuckDB.

Steps (each one pass over the data): households (income, consumption units, scope,
crowding and the members-must-agree checks) → persons with their household's values →
medians and thresholds per year (national, municipal) → annual counts per year,
municipality, zone and child/adult → persistent counts per person's year-Y area.
The results are small tables; ``output.py`` turns them into rows.

Exactness: consumption units are kept in tenths (10 + 5·… + 3·…), so a person's
equivalised income is one correctly rounded division of integers; the median of an
even count is the mean of the two middle values (two exact order statistics); the
60 % threshold is ``median · 6 / 10``. A value equal to the threshold in exact
arithmetic is therefore equal in floating point too, and is not below it.
"""

from dataclasses import dataclass

import duckdb

from levekar.stats.engine.params import InputError, Params
from levekar.stats.engine.progress import Reporter
from levekar.stats.engine.reader import MAX_PROBLEMS, Loaded, locate


@dataclass
class Counts:
    """The small result tables (as Python rows) that output rows are built from."""

    years: list[int]
    # (year, mun, zone, child, n_scope, nat60, nat50, mun60, mun50, crowd_den, crowd_num,
    #  persons)
    annual: list[tuple]
    # (mun, zone, child, den, nat60, nat50, den_mun, mun60, mun50)
    persistent: list[tuple]
    # (year, mun or None, persons, median)
    thresholds: list[tuple]
    persons: int
    person_years: int
    households: int


FIELD = 20  # bits per year in the presence mask of the persistent step
OK_MASK = 1 + (1 << FIELD) + (1 << 2 * FIELD)


def run(con: duckdb.DuckDBPyConnection, loaded: Loaded, period: tuple[int, int],
        params: Params, cpi: dict[int, float] | None, reporter: Reporter) -> Counts:
    first, last = period
    years = list(range(first, last + 1))
    reporter.start("Beregner indikatorer", total=6)
    households = _households(con, params)
    reporter.advance()
    found = [y for (y,) in con.execute("SELECT DISTINCT year FROM hh ORDER BY 1").fetchall()]
    missing = [y for y in years if y not in found]
    if missing:
        raise InputError([f"Inndata har ingen rader for år {', '.join(map(str, missing))} "
                          f"(perioden er {first}–{last})"])
    _break_ties(con)
    reporter.advance()
    _persons(con)
    reporter.advance()
    thresholds = _thresholds(con, params)
    reporter.advance()
    zones = dict(con.execute("SELECT zid, zone FROM zones").fetchall())
    annual = con.execute("""
        SELECT p.year, p.mun, p.zid, p.child,
               count_if(in_scope) AS n_scope,
               count_if(in_scope AND eq < n.t60), count_if(in_scope AND eq < n.t50),
               count_if(in_scope AND eq < m.t60), count_if(in_scope AND eq < m.t50),
               count(crowded), count_if(crowded), count(*), count_if(bad)
        FROM p JOIN nat n ON p.year = n.year
        LEFT JOIN munt m ON p.year = m.year AND p.mun = m.mun
        GROUP BY ALL
    """).fetchall()
    if any(r[12] for r in annual):
        _household_problems(con, loaded)
    annual = [(y, f"{mun:04d}", zones.get(zid), child, *rest[:-1])
              for (y, mun, zid, child, *rest) in annual]
    _check_zones(con, loaded, annual)
    reporter.advance()
    persistent, persons = _persistent(con, loaded, years, cpi, zones)
    reporter.advance()
    person_years = sum(r[11] for r in annual)
    return Counts(years, annual, persistent, thresholds, persons, person_years, households)


def _households(con: duckdb.DuckDBPyConnection, params: Params) -> int:
    """One row per household and year: equivalised income, scope, crowding.

    The main earner is the member with the highest income, ties to the lowest
    person_id. Here only the highest student and non-student incomes are kept (cheap);
    where they are equal, ``in_scope`` stays NULL and ``_break_ties`` decides.
    ``mun``, ``rooms`` and ``area`` are one member's values; ``_persons`` compares every
    member with them.
    """
    cut = int(params.child_age_cutoff)
    con.execute(f"""
        CREATE TEMP TABLE hh AS
        SELECT year, hid, mun, rooms, area,
               CASE WHEN n18 = 0 THEN FALSE
                    WHEN mn IS NULL OR ms > mn THEN FALSE
                    WHEN ms IS NULL OR mn > ms THEN TRUE END AS in_scope,
               CAST(hinc AS DOUBLE) * 10 / (CASE WHEN n14 >= 1
                    THEN 10 + 5 * (n14 - 1) + 3 * (n - n14) ELSE 10 + 3 * (n - 1) END) AS eq,
               CASE WHEN rooms IS NULL AND area IS NULL THEN NULL
                    WHEN rooms IS NULL THEN area < 25 * n
                    WHEN area IS NULL THEN rooms < n OR (n = 1 AND rooms = 1)
                    ELSE (rooms < n OR (n = 1 AND rooms = 1)) AND area < 25 * n
               END AS crowded
        FROM (
            SELECT year, household_id AS hid, count(*) AS n,
                   count_if(year - birth_year >= {cut}) AS n14,
                   count_if(year - birth_year >= 18) AS n18,
                   sum(income_after_tax) AS hinc,
                   max(income_after_tax) FILTER (WHERE student) AS ms,
                   max(income_after_tax) FILTER (WHERE NOT student) AS mn,
                   first(municipality) AS mun, first(rooms) AS rooms, first(area_m2) AS area
            FROM py GROUP BY year, household_id
        )
    """)
    return con.execute("SELECT count(*) FROM hh").fetchone()[0]


def _break_ties(con: duckdb.DuckDBPyConnection) -> None:
    """Households whose top student and top non-student earn the same: lowest id wins."""
    if not con.execute("SELECT count(*) FROM hh WHERE in_scope IS NULL").fetchone()[0]:
        return
    con.execute("""
        CREATE TEMP TABLE tie AS
        SELECT py.year, py.household_id AS hid,
               arg_min(py.student, (-py.income_after_tax, py.person_id)) AS main_student
        FROM py JOIN (SELECT year, hid FROM hh WHERE in_scope IS NULL) t
             ON py.year = t.year AND py.household_id = t.hid
        GROUP BY ALL;
        UPDATE hh SET in_scope = NOT tie.main_student FROM tie
        WHERE hh.year = tie.year AND hh.hid = tie.hid;
        DROP TABLE tie;
    """)


def _persons(con: duckdb.DuckDBPyConnection) -> None:
    """Every person-year with its household's values; zones numbered (``zid``)."""
    con.execute("""
        CREATE TEMP TABLE zones AS
        SELECT zone, CAST(row_number() OVER (ORDER BY zone) AS INTEGER) AS zid
        FROM (SELECT DISTINCT zone FROM py WHERE zone IS NOT NULL);
        CREATE TEMP TABLE p AS
        SELECT py.year, py.person_id AS pid, CAST(py.municipality AS SMALLINT) AS mun, z.zid,
               (py.year - py.birth_year) < 18 AS child, hh.in_scope, hh.eq, hh.crowded,
               (py.municipality <> hh.mun OR py.rooms IS DISTINCT FROM hh.rooms
                OR py.area_m2 IS DISTINCT FROM hh.area) AS bad
        FROM py JOIN hh ON py.year = hh.year AND py.household_id = hh.hid
        LEFT JOIN zones z ON py.zone = z.zone;
        DROP TABLE hh;
    """)


def _thresholds(con: duckdb.DuckDBPyConnection, params: Params) -> list[tuple]:
    """Medians (even count: mean of the two middle values) and thresholds per year."""
    scope = "TRUE" if params.median_includes_out_of_scope else "in_scope"
    con.execute(f"""
        CREATE TEMP TABLE thr AS
        SELECT year, mun, count(*) AS persons,
               (quantile_disc(eq, 0.5) - quantile_disc(-eq, 0.5)) / 2 AS median
        FROM p WHERE {scope} GROUP BY GROUPING SETS ((year), (year, mun));
        CREATE TEMP TABLE nat AS SELECT year, median * 6 / 10 AS t60, median / 2 AS t50
        FROM thr WHERE mun IS NULL;
        CREATE TEMP TABLE munt AS SELECT year, mun, median * 6 / 10 AS t60, median / 2 AS t50
        FROM thr WHERE mun IS NOT NULL;
    """)
    return [(y, None if m is None else f"{m:04d}", n, med)
            for y, m, n, med in con.execute("SELECT year, mun, persons, median FROM thr"
                                            ).fetchall()]


def _household_problems(con: duckdb.DuckDBPyConnection, loaded: Loaded) -> None:
    bad = con.execute(f"""
        SELECT year, household_id,
               min(municipality) <> max(municipality) AS bad_mun,
               count(rooms) NOT IN (0, count(*)) OR min(rooms) <> max(rooms) AS bad_rooms,
               count(area_m2) NOT IN (0, count(*)) OR min(area_m2) <> max(area_m2) AS bad_area
        FROM py GROUP BY year, household_id
        HAVING bad_mun OR bad_rooms OR bad_area
        ORDER BY year, household_id LIMIT {MAX_PROBLEMS}
    """).fetchall()
    problems = []
    for year, hid, *flags in bad:
        rows = locate(con, loaded.sources,
                      f"year = {int(year)} AND household_id = {_lit(hid)}",
                      ["municipality", "rooms", "area_m2"])
        rows.sort(key=lambda r: (loaded_order(loaded, r[0]), r[1]))
        first = rows[0]
        for flag, col, i in zip(flags, ("municipality", "rooms", "area_m2"), (2, 3, 4),
                                strict=True):
            if not flag:
                continue
            other = next(r for r in rows if r[i] != first[i])
            problems.append(
                f"{other[0]}, rad {other[1]}, kolonne {col}: husholdningen «{hid}» i {year} "
                f"har {_shown(other[i])} her, men {_shown(first[i])} i {first[0]}, "
                f"rad {first[1]} (medlemmene må være enige)")
    raise InputError(problems[:MAX_PROBLEMS])


def _shown(value: object) -> str:
    if value is None:
        return "tom"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def loaded_order(loaded: Loaded, label: str) -> int:
    return next(s.index for s in loaded.sources if s.label == label)


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _check_zones(con: duckdb.DuckDBPyConnection, loaded: Loaded, annual: list[tuple]) -> None:
    muns: dict[str, set[str]] = {}
    for row in annual:
        if row[2] is not None:
            muns.setdefault(row[2], set()).add(row[1])
    bad = sorted(z for z, m in muns.items() if len(m) > 1)
    if not bad:
        return
    problems = []
    for zone in bad[:MAX_PROBLEMS]:
        rows = locate(con, loaded.sources, f"zone = {_lit(zone)}", ["municipality"])
        rows.sort(key=lambda r: (loaded_order(loaded, r[0]), r[1]))
        first = rows[0]
        other = next(r for r in rows if r[2] != first[2])
        problems.append(
            f"{other[0]}, rad {other[1]}, kolonne zone: sonen «{zone}» ligger i kommune "
            f"{other[2]} her, men i kommune {first[2]} i {first[0]}, rad {first[1]} "
            f"(en sone ligger i én kommune)")
    raise InputError(problems)


def _persistent(con: duckdb.DuckDBPyConnection, loaded: Loaded, years: list[int],
                cpi: dict[int, float] | None, zones: dict[int, str]
                ) -> tuple[list[tuple], int]:
    """Counts per year-Y area of persons present and in scope all three years.

    One pass groups the person-years by person: a presence mask with a 20-bit count per
    year (duplicates show as a count above one), whether every year was in scope, the
    equivalised income of each year, and the municipality, zone and child flag of
    year Y packed in one integer. Sums are taken in a fixed order (year Y−2, Y−1, Y)
    so that the result does not depend on the order of the rows.
    """
    y0, y1, y2 = years
    f = {y: (cpi[y2] / cpi[y] if cpi else 1.0) for y in years}
    nat = dict(con.execute("SELECT year, [t60, t50] FROM nat").fetchall())
    s60 = nat[y0][0] * f[y0] + nat[y1][0] * f[y1] + nat[y2][0] * f[y2]
    s50 = nat[y0][1] * f[y0] + nat[y1][1] * f[y1] + nat[y2][1] * f[y2]
    con.execute(f"""
        CREATE TEMP TABLE msum AS
        SELECT mun,
               any_value(t60) FILTER (WHERE year = {y0}) * {f[y0]!r}
               + any_value(t60) FILTER (WHERE year = {y1}) * {f[y1]!r}
               + any_value(t60) FILTER (WHERE year = {y2}) * {f[y2]!r} AS s60,
               any_value(t50) FILTER (WHERE year = {y0}) * {f[y0]!r}
               + any_value(t50) FILTER (WHERE year = {y1}) * {f[y1]!r}
               + any_value(t50) FILTER (WHERE year = {y2}) * {f[y2]!r} AS s50
        FROM munt GROUP BY mun HAVING count(*) = 3
    """)
    m = (1 << FIELD) - 1
    rows = con.execute(f"""
        SELECT attr >> 33 AS mun, (attr >> 1) & 4294967295 AS zid, (attr & 1) = 1 AS child,
               count(*) FILTER (WHERE ok) AS den,
               count(*) FILTER (WHERE ok AND seq < {s60!r}),
               count(*) FILTER (WHERE ok AND seq < {s50!r}),
               count(*) FILTER (WHERE ok AND ms.s60 IS NOT NULL),
               count(*) FILTER (WHERE ok AND seq < ms.s60),
               count(*) FILTER (WHERE ok AND seq < ms.s50),
               count(*) FILTER (WHERE dup) AS dups,
               count(*) AS persons
        FROM (
            SELECT mask = {OK_MASK} AND all_in AS ok,
                   (mask & {m}) > 1 OR ((mask >> {FIELD}) & {m}) > 1 OR (mask >> {2 * FIELD}) > 1
                       AS dup,
                   e0 * {f[y0]!r} + e1 * {f[y1]!r} + e2 * {f[y2]!r} AS seq,
                   attr, CAST(attr >> 33 AS SMALLINT) AS mun
            FROM (
                SELECT pid,
                       sum(CAST(1 AS BIGINT) << ({FIELD} * (year - {y0}))) AS mask,
                       bool_and(in_scope) AS all_in,
                       sum(eq) FILTER (WHERE year = {y0}) AS e0,
                       sum(eq) FILTER (WHERE year = {y1}) AS e1,
                       sum(eq) FILTER (WHERE year = {y2}) AS e2,
                       sum((CAST(mun AS BIGINT) << 33) + (coalesce(zid, 0) << 1)
                           + CAST(child AS BIGINT)) FILTER (WHERE year = {y2}) AS attr
                FROM p GROUP BY pid
            )
        ) x LEFT JOIN msum ms USING (mun)
        GROUP BY ALL
    """).fetchall()
    if any(r[9] for r in rows):
        _duplicates(con, loaded)
    persons = sum(r[10] for r in rows)
    result = [(f"{mun:04d}", zones.get(zid), child, *rest[:6])
              for (mun, zid, child, *rest) in rows if mun is not None and rest[0] > 0]
    return result, persons


def _duplicates(con: duckdb.DuckDBPyConnection, loaded: Loaded) -> None:
    keys = con.execute(f"""
        SELECT year, pid FROM p GROUP BY year, pid HAVING count(*) > 1
        ORDER BY year, pid LIMIT {MAX_PROBLEMS}
    """).fetchall()
    problems = []
    for year, pid in keys:
        rows = locate(con, loaded.sources,
                      f"year = {int(year)} AND person_id = {_lit(pid)}", ["person_id"])
        rows.sort(key=lambda r: (loaded_order(loaded, r[0]), r[1]))
        first = rows[0]
        for other in rows[1:]:
            problems.append(
                f"{other[0]}, rad {other[1]}, kolonne person_id: personen «{pid}» står "
                f"flere ganger for år {year} (også i {first[0]}, rad {first[1]})")
    raise InputError(problems[:MAX_PROBLEMS])
