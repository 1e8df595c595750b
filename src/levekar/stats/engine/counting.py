# ruff: noqa: S608  (SQL is built from quoted literals, ints and floats)
"""The indicators of ``spec/statistics.md``, computed in DuckDB.

Steps: the input is read and grouped by household once, and joined back to the members
in the same statement, giving the person-year table ``p`` (household income ``h``,
consumption units in tenths ``c``, scope, crowding) that every later step reads →
medians and thresholds per year (national, municipal) → annual counts per year,
municipality, zone and child/adult → persistent counts per person's year-Y area
(``persistent.py``).
The results are small tables; ``output.py`` turns them into rows. Comparisons with a
threshold are exact (``exact.py``).
"""

from dataclasses import dataclass
from fractions import Fraction

import duckdb

from levekar.core.lib.progress import Reporter
from levekar.stats.engine import exact, persistent, problems
from levekar.stats.engine.columns import insert_rows
from levekar.stats.engine.params import InputError, Params
from levekar.stats.engine.reader import Loaded

EQ = "(CAST(h AS DOUBLE) * 10 / c)"  # equivalised income of a person-year of ``p``
BITS = 21  # bits per count when counts are packed into one BIGINT sum
MASK = (1 << BITS) - 1


@dataclass
class Counts:
    """The small result tables that the output rows are built from."""

    years: list[int]
    # (year, mun, zone, child, n_scope, nat60, nat50, mun60, mun50, crowd_den, crowd_num,
    #  persons)
    annual: list[tuple]
    # (mun, zone, child, den, nat60, nat50, den_mun, mun60, mun50)
    persistent: list[tuple]
    # (year, mun or None for the country, persons, median)
    thresholds: list[tuple[int, str | None, int, Fraction]]
    persons: int
    person_years: int
    households: int


def run(con: duckdb.DuckDBPyConnection, loaded: Loaded, period: tuple[int, int],
        params: Params, cpi: dict[int, Fraction] | None, reporter: Reporter) -> Counts:
    first, last = period
    years = list(range(first, last + 1))
    reporter.start("Beregner indikatorer", total=5)
    households = _persons(con, loaded, params)
    reporter.advance()
    found = [y for (y,) in con.execute("SELECT DISTINCT year FROM p ORDER BY 1").fetchall()]
    missing = [y for y in years if y not in found]
    if missing:
        raise InputError([f"Inndata har ingen rader for år {', '.join(map(str, missing))} "
                          f"(perioden er {first}–{last})"])
    reporter.advance()
    medians = _thresholds(con, params)
    reporter.advance()
    zones = dict(con.execute("SELECT zid, zone FROM zones").fetchall())
    annual = _annual(con, loaded, medians, zones)
    reporter.advance()
    rows, persons = persistent.counts(con, loaded, years, medians, cpi)
    reporter.advance()
    return Counts(
        years=years, annual=annual,
        persistent=[(f"{mun:04d}", zones.get(zid), child, *rest)
                    for (mun, zid, child), rest in sorted(rows.items())],
        thresholds=[(y, None if m is None else f"{m:04d}", n, med)
                    for (y, m), (n, med) in sorted(medians.items(), key=lambda kv: (
                        kv[0][0], -1 if kv[0][1] is None else kv[0][1]))],
        persons=persons, person_years=sum(r[11] for r in annual), households=households)


def _persons(con: duckdb.DuckDBPyConnection, loaded: Loaded, params: Params) -> int:
    """Every person-year with its household's values, in one statement: the households
    (income ``h``, units ``c`` in tenths, scope, crowding) are grouped once and joined to
    their members without being stored; zones are numbered (``zid``). Returns the number
    of households.

    The main earner is the member with the highest income, ties to the lowest
    person_id. Only the highest student and non-student incomes are kept (cheap); where
    they are equal (``tie_top``, scope left NULL) the members with that income decide
    afterwards (``tie_student``). ``mun``, ``rooms`` and ``area`` of the household are one
    member's values, and every member is compared with them (``bad``). ``rare_hid``, the
    household id, is kept only for the households looked at again (ties, an income sum
    too large), NULL elsewhere.
    """
    cut = int(params.child_age_cutoff)
    con.execute(f"""
        CREATE TEMP TABLE zones AS
        SELECT zone, CAST(row_number() OVER (ORDER BY zone) AS INTEGER) AS zid
        FROM (SELECT DISTINCT zone FROM py WHERE zone IS NOT NULL);
        CREATE TEMP TABLE p AS
        WITH hh AS (
            SELECT year, hid, mun, rooms, area, n, TRY_CAST(hinc AS BIGINT) AS h,
                   CASE WHEN ms = mn THEN ms END AS tie_top,
                   CASE WHEN n14 >= 1 THEN 10 + 5 * (n14 - 1) + 3 * (n - n14)
                        ELSE 10 + 3 * (n - 1) END AS c,
                   CASE WHEN n18 = 0 THEN FALSE
                        WHEN mn IS NULL OR ms > mn THEN FALSE
                        WHEN ms IS NULL OR mn > ms THEN TRUE END AS in_scope,
                   CASE WHEN rooms IS NULL AND area IS NULL THEN NULL
                        WHEN rooms IS NULL THEN area < 25 * n
                        WHEN area IS NULL THEN rooms < n OR (n = 1 AND rooms = 1)
                        ELSE (rooms < n OR (n = 1 AND rooms = 1)) AND area < 25 * n
                   END AS crowded
            FROM (
                SELECT *, packed & {MASK} AS n, (packed >> {BITS}) & {MASK} AS n14,
                       packed >> {2 * BITS} AS n18
                FROM (
                    -- members, those aged 14+ (the cut-off) and those aged 18+ in one sum
                    SELECT year, household_id AS hid,
                           sum(1 + (CAST(year - birth_year >= {cut} AS BIGINT) << {BITS})
                               + (CAST(year - birth_year >= 18 AS BIGINT) << {2 * BITS})
                           ) AS packed,
                           sum(income_after_tax) AS hinc,
                           max(income_after_tax) FILTER (WHERE student) AS ms,
                           max(income_after_tax) FILTER (WHERE NOT student) AS mn,
                           first(CAST(municipality AS SMALLINT)) AS mun,
                           first(rooms) AS rooms, first(area_m2) AS area
                    FROM py GROUP BY year, household_id
                )
            )
        )
        SELECT py.year, py.person_id AS pid, py.mun, z.zid,
               (py.year - py.birth_year) < 18 AS child, hh.in_scope, hh.h, hh.c, hh.crowded,
               hh.n,
               (py.mun <> hh.mun OR py.rooms IS DISTINCT FROM hh.rooms
                OR py.area_m2 IS DISTINCT FROM hh.area) AS bad,
               CASE WHEN hh.tie_top IS NOT NULL OR hh.h IS NULL
                    THEN py.household_id END AS rare_hid,
               CASE WHEN py.income_after_tax = hh.tie_top THEN py.student END AS tie_student
        FROM (SELECT *, CAST(municipality AS SMALLINT) AS mun FROM py) py
        JOIN hh ON py.year = hh.year AND py.household_id = hh.hid
        LEFT JOIN zones z ON py.zone = z.zone;
    """)
    overflow, ties = con.execute(
        "SELECT count(*) FILTER (WHERE h IS NULL), count(*) FILTER (WHERE tie_student "
        "IS NOT NULL) FROM p WHERE rare_hid IS NOT NULL").fetchone()
    if overflow:
        problems.income_overflow(con, loaded)
    if ties:
        con.execute("""
            CREATE TEMP TABLE tie AS
            SELECT year, rare_hid, arg_min(tie_student, pid) AS main_student
            FROM p WHERE tie_student IS NOT NULL GROUP BY ALL;
            UPDATE p SET in_scope = NOT tie.main_student FROM tie
            WHERE p.rare_hid IS NOT NULL AND p.year = tie.year AND p.rare_hid = tie.rare_hid;
            DROP TABLE tie;
        """)
    # a household of n members is n person-years with that n
    return int(con.execute("SELECT coalesce(sum(k // n), 0) FROM "
                           "(SELECT n, count(*) AS k FROM p GROUP BY n)").fetchone()[0])


def _thresholds(con: duckdb.DuckDBPyConnection, params: Params
                ) -> dict[tuple[int, int | None], tuple[int, Fraction]]:
    """Exact medians per (year, municipality or None): persons and median.

    The two middle persons are found by DuckDB (with their ``h`` and ``c``), the mean of
    their values is taken exactly; the tables ``nat`` and ``munt`` hold the thresholds
    as floats with the tolerance inside which ``exact`` decides.
    """
    scope = "TRUE" if params.median_includes_out_of_scope else "in_scope"
    rows = con.execute(f"""
        SELECT year, mun, count(*), quantile_disc(eq, 0.5), -quantile_disc(-eq, 0.5)
        FROM (SELECT year, mun, {EQ} AS eq FROM p WHERE {scope})
        GROUP BY GROUPING SETS ((year), (year, mun))
    """).fetchall()
    # The household income and units behind each middle value, to take the mean exactly.
    middle = sorted({v for r in rows for v in r[3:]})
    con.execute("CREATE TEMP TABLE middle (e DOUBLE)")
    if middle:
        con.executemany("INSERT INTO middle VALUES (?)", [[v] for v in middle])
    pairs = {e: (h, c) for e, h, c in con.execute(f"""
        SELECT e, min(h), arg_min(c, h) FROM (SELECT h, c, {EQ} AS e FROM p)
        WHERE e IN (SELECT e FROM middle) GROUP BY e
    """).fetchall()}
    medians = {(y, m): (n, exact.median(pairs[lo], pairs[hi])) for y, m, n, lo, hi in rows}
    con.execute("""
        CREATE TEMP TABLE nat (year INTEGER, t60 DOUBLE, t50 DOUBLE, tol60 DOUBLE,
                               tol50 DOUBLE);
        CREATE TEMP TABLE munt (year INTEGER, mun SMALLINT, t60 DOUBLE, t50 DOUBLE,
                                tol60 DOUBLE, tol50 DOUBLE);
    """)
    nat, munt = [], []
    for (year, mun), (_, med) in medians.items():
        t60, t50 = float(exact.threshold(med, 60)), float(exact.threshold(med, 50))
        values = [t60, t50, exact.tolerance(t60), exact.tolerance(t50)]
        if mun is None:
            nat.append([year, *values])
        else:
            munt.append([year, mun, *values])
    insert_rows(con, "nat", nat)
    insert_rows(con, "munt", munt)
    return medians



def _annual(con: duckdb.DuckDBPyConnection, loaded: Loaded,
            medians: dict[tuple[int, int | None], tuple[int, Fraction]],
            zones: dict[int, str]) -> list[tuple]:
    """Counts per (year, municipality, zone, child): below a threshold only when surely
    below; the near ones are decided exactly afterwards."""
    near = ("abs(eq - n.t60) <= n.tol60 OR abs(eq - n.t50) <= n.tol50 "
            "OR abs(eq - m.t60) <= m.tol60 OR abs(eq - m.t50) <= m.tol50")
    source = f"""
        (SELECT *, {EQ} AS eq FROM p) p LEFT JOIN nat n ON p.year = n.year
        LEFT JOIN munt m ON p.year = m.year AND p.mun = m.mun
    """
    rows = con.execute(f"""
        SELECT p.year, p.mun, p.zid, p.child,
               count(*) FILTER (WHERE in_scope) AS n_scope,
               count(*) FILTER (WHERE in_scope AND eq < n.t60 - n.tol60),
               count(*) FILTER (WHERE in_scope AND eq < n.t50 - n.tol50),
               count(*) FILTER (WHERE in_scope AND eq < m.t60 - m.tol60),
               count(*) FILTER (WHERE in_scope AND eq < m.t50 - m.tol50),
               count(crowded), count(*) FILTER (WHERE crowded), count(*),
               count(*) FILTER (WHERE bad),
               count(*) FILTER (WHERE in_scope AND ({near}))
        FROM {source} GROUP BY ALL
    """).fetchall()
    if any(r[12] for r in rows):
        problems.households(con, loaded)
    counts = {(y, mun, zid, child): list(rest[:8]) for (y, mun, zid, child, *rest) in rows}
    if any(r[13] for r in rows):
        for y, mun, zid, child, h, c in con.execute(f"""
            SELECT p.year, p.mun, p.zid, p.child, p.h, p.c FROM {source}
            WHERE in_scope AND ({near})
        """).fetchall():
            value = exact.equivalised(h, c)
            row = counts[(y, mun, zid, child)]
            for i, key, pct in ((1, (y, None), 60), (2, (y, None), 50),
                                (3, (y, mun), 60), (4, (y, mun), 50)):
                if _below_near(value, exact.threshold(medians[key][1], pct)):
                    row[i] += 1
    result = [(y, f"{mun:04d}", zones.get(zid), child, *c)
              for (y, mun, zid, child), c in sorted(counts.items(), key=_key)]
    by_zone: dict[str, set[str]] = {}
    for r in result:
        if r[2] is not None:
            by_zone.setdefault(r[2], set()).add(r[1])
    bad = sorted(z for z, m in by_zone.items() if len(m) > 1)
    if bad:
        problems.zones(con, loaded, bad)
    return result


def _below_near(value: Fraction, threshold: Fraction) -> bool:
    """Below ``threshold`` and inside the band that SQL left undecided."""
    t = float(threshold)
    return abs(float(value) - t) <= exact.tolerance(t) and value < threshold


def _key(item: tuple) -> tuple:
    (y, mun, zid, child), _ = item
    return (y, mun, -1 if zid is None else zid, child)
