# ruff: noqa: S608  (SQL is built from ints and floats)
"""Persistent low income over the period Y−2 … Y.

One pass groups the person-years by person with two aggregates only (each aggregate
over a million groups costs about as much as the grouping itself): a 128-bit sum that
holds a 20-bit count per year (a duplicate shows as a count above one), above them the
number of years out of scope, and in the upper 64 bits the municipality, zone and child
flag of year Y; and the sum of the three years' equivalised incomes. That sum is
floating point, added in whatever order the rows come; its rounding (a few units in the
last place) is far inside the tolerance within which ``exact`` decides, so the result
does not depend on the order of the rows.
"""

from fractions import Fraction

import duckdb

from levekar.stats.engine import exact, problems
from levekar.stats.engine.columns import insert_rows
from levekar.stats.engine.reader import Loaded

FIELD = 20
OK_MASK = 1 + (1 << FIELD) + (1 << 2 * FIELD)
ZID_BITS = 32


def counts(con: duckdb.DuckDBPyConnection, loaded: Loaded, years: list[int],
           medians: dict[tuple[int, int | None], tuple[int, Fraction]],
           cpi: dict[int, Fraction] | None) -> tuple[dict[tuple, list[int]], int]:
    """Per (municipality, zid, child) of year Y: [den, nat60, nat50, den_mun, mun60, mun50];
    and the number of distinct persons."""
    y0, y1, y2 = years
    f = {y: (cpi[y2] / cpi[y] if cpi else Fraction(1)) for y in years}
    # A year without anybody in scope has no median, and then nobody is in scope in all
    # three years: the national sums are left undefined (NULL) and count nobody.
    nat = ({pct: sum(f[y] * exact.threshold(medians[(y, None)][1], pct) for y in years)
            for pct in (60, 50)} if all((y, None) in medians for y in years) else None)
    mun_sums: dict[int, dict[int, Fraction]] = {}
    for mun in {m for (_, m) in medians if m is not None}:
        if all((y, mun) in medians for y in years):
            mun_sums[mun] = {pct: sum(f[y] * exact.threshold(medians[(y, mun)][1], pct)
                                      for y in years) for pct in (60, 50)}
    con.execute("CREATE TEMP TABLE msum (mun SMALLINT, s60 DOUBLE, s50 DOUBLE, "
                "tol60 DOUBLE, tol50 DOUBLE)")
    rows = []
    for mun, s in sorted(mun_sums.items()):
        s60, s50 = float(s[60]), float(s[50])
        rows.append([mun, s60, s50, exact.tolerance(s60), exact.tolerance(s50)])
    insert_rows(con, "msum", rows)
    if nat is None:
        s60n = s50n = t60n = t50n = "NULL"
        below60 = below50 = "NULL"
    else:
        s60n, s50n = repr(float(nat[60])), repr(float(nat[50]))
        t60n, t50n = (repr(exact.tolerance(float(nat[p]))) for p in (60, 50))
        below60, below50 = (repr(float(nat[p]) - exact.tolerance(float(nat[p])))
                            for p in (60, 50))
    m = (1 << FIELD) - 1
    fy = {y: repr(float(f[y])) for y in years}
    weight = ("" if cpi is None else
              f" * CASE year WHEN {y0} THEN {fy[y0]} WHEN {y1} THEN {fy[y1]} "
              f"ELSE {fy[y2]} END")
    per_person = f"""
        SELECT pid, mask = {OK_MASK} AS ok,
               (mask & {m}) > 1 OR ((mask >> {FIELD}) & {m}) > 1
                   OR ((mask >> {2 * FIELD}) & {m}) > 1 AS dup,
               seq,
               CASE WHEN attr > 0 THEN CAST(attr >> {ZID_BITS + 2} AS SMALLINT) END AS mun,
               CASE WHEN attr > 0 THEN CAST((attr >> 2) & {(1 << ZID_BITS) - 1} AS INTEGER)
               END AS zid,
               CASE WHEN attr > 0 THEN (attr & 2) = 2 END AS child
        FROM (
            SELECT pid, packed & {(1 << 64) - 1} AS mask, CAST(packed >> 64 AS BIGINT) AS attr,
                   seq
            FROM (
                SELECT pid,
                       -- a count per year and the years out of scope above them; above
                       -- those, the municipality, zone and child flag of year Y (and a 1)
                       sum(CAST((CAST(1 AS BIGINT) << ({FIELD} * (year - {y0})))
                                + (CAST(NOT in_scope AS BIGINT) << {3 * FIELD}) AS HUGEINT)
                           + CASE WHEN year = {y2} THEN CAST(
                                 (CAST(mun AS BIGINT) << {ZID_BITS + 2})
                                 + (CAST(coalesce(zid, 0) AS BIGINT) << 2)
                                 + (CAST(child AS BIGINT) << 1) + 1 AS HUGEINT)
                                 * {1 << 64}::HUGEINT
                             ELSE 0 END) AS packed,
                       -- the sum of the three years' equivalised incomes (each year in
                       -- year-Y prices with a CPI); near a threshold ``exact`` decides
                       sum(CAST(h AS DOUBLE) * 10 / c{weight}) AS seq
                FROM p GROUP BY pid
            )
        )
    """
    near = (f"abs(seq - {s60n}) <= {t60n} OR abs(seq - {s50n}) <= {t50n} "
            f"OR abs(seq - ms.s60) <= ms.tol60 OR abs(seq - ms.s50) <= ms.tol50")
    source = f"({per_person}) x LEFT JOIN msum ms ON x.mun = ms.mun"
    rows = con.execute(f"""
        SELECT x.mun, zid, child,
               count(*) FILTER (WHERE ok),
               count(*) FILTER (WHERE ok AND seq < {below60}),
               count(*) FILTER (WHERE ok AND seq < {below50}),
               count(*) FILTER (WHERE ok AND ms.s60 IS NOT NULL),
               count(*) FILTER (WHERE ok AND seq < ms.s60 - ms.tol60),
               count(*) FILTER (WHERE ok AND seq < ms.s50 - ms.tol50),
               count(*) FILTER (WHERE dup), count(*), count(*) FILTER (WHERE ok AND ({near}))
        FROM {source} GROUP BY ALL
    """).fetchall()
    if any(r[9] for r in rows):
        problems.duplicates(con, loaded)
    persons = sum(r[10] for r in rows)
    result = {(mun, zid, child): list(r[:6]) for (mun, zid, child, *r) in rows
              if mun is not None and r[0] > 0}
    if any(r[11] for r in rows):
        _decide_near(con, source, near, years, f, nat, mun_sums, result)
    return result, persons


def _decide_near(con: duckdb.DuckDBPyConnection, source: str, near: str, years: list[int],
                 f: dict[int, Fraction], nat: dict[int, Fraction] | None,
                 mun_sums: dict[int, dict[int, Fraction]],
                 result: dict[tuple, list[int]]) -> None:
    """Persons whose mean is within the tolerance of a threshold mean: decide exactly."""
    con.execute(f"CREATE TEMP TABLE near AS SELECT x.pid, x.mun, zid, child FROM {source} "
                f"WHERE ok AND ({near})")
    values: dict[str, Fraction] = {}
    for pid, year, h, c in con.execute(
            "SELECT p.pid, p.year, p.h, p.c FROM p SEMI JOIN near ON p.pid = near.pid "
            "ORDER BY p.pid, p.year").fetchall():
        values[pid] = values.get(pid, Fraction(0)) + f[year] * exact.equivalised(h, c)
    for pid, mun, zid, child in con.execute("SELECT * FROM near").fetchall():
        row = result[(mun, zid, child)]
        sums = [(1, nat[60]), (2, nat[50])] if nat else []
        if mun in mun_sums:
            sums += [(4, mun_sums[mun][60]), (5, mun_sums[mun][50])]
        for i, s in sums:
            t = float(s)
            if abs(float(values[pid]) - t) <= exact.tolerance(t) and values[pid] < s:
                row[i] += 1
