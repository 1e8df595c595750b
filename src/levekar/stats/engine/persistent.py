"""Persistent low income over the period Y−2 … Y.

Per person (its integer code): the rows per year (a count above one is a duplicate),
the years out of scope, the municipality, zone and age of year Y, and the sum of the
three years' equivalised incomes — each a ``numpy.bincount`` or an assignment over the
person codes. That sum is floating point, added in whatever order the rows come; its
rounding (a few units in the last place) is far inside the tolerance within which
``exact`` decides, so the result does not depend on the order of the rows.
"""

from fractions import Fraction

import duckdb
import numpy as np

from levekar.stats.engine import exact, problems
from levekar.stats.engine.reader import Loaded


def counts(con: duckdb.DuckDBPyConnection, loaded: Loaded, f,
           medians: dict[tuple[int, int | None], tuple[int, Fraction]],
           cpi: dict[int, Fraction] | None) -> tuple[dict[tuple, list[int]], int]:
    """Per (municipality, zid, child) of year Y: [den, nat60, nat50, den_mun, mun60, mun50];
    and the number of distinct persons. ``f`` is ``counting.Frame``."""
    years = f.years
    last = years[-1]
    fac = {y: (cpi[last] / cpi[y] if cpi else Fraction(1)) for y in years}
    # A year without anybody in scope has no median, and then nobody is in scope in all
    # three years: the national sums are left undefined (NaN) and count nobody.
    nat = (_sums([medians[(y, None)][1] for y in years], years, fac)
           if all((y, None) in medians for y in years) else None)
    mun_sums: dict[int, dict[int, Fraction]] = {}
    m, z = len(f.muns), len(f.zones)
    bands = {k: np.full(m, np.nan) for k in ("lo60", "hi60", "lo50", "hi50")}
    for i, mun in enumerate(f.muns.tolist()):
        if all((y, mun) in medians for y in years):
            mun_sums[mun] = _sums([medians[(y, mun)][1] for y in years], years, fac)
            for pct in (60, 50):
                bands[f"lo{pct}"][i], bands[f"hi{pct}"][i] = exact.band(mun_sums[mun][pct])
    n = f.persons.count
    present = np.bincount(f.pid * 3 + f.yi, minlength=3 * n).reshape(n, 3)
    if (present > 1).any():
        problems.duplicates(con, loaded)
    out = np.bincount(f.pid, weights=~f.scope, minlength=n)
    ok = np.flatnonzero((present == 1).all(axis=1) & (out == 0))
    in_y = np.flatnonzero(f.yi == 2)
    area = np.zeros(n, dtype=np.int64)
    area[f.pid[in_y]] = f.area(in_y)
    child = np.zeros(n, dtype=bool)
    child[f.pid[in_y]] = f.child[in_y]
    weight = f.eq if cpi is None else f.eq * np.array([float(fac[y]) for y in years])[f.yi]
    seq = np.bincount(f.pid, weights=weight, minlength=n)[ok]
    cell = area[ok] * 2 + child[ok]
    mun = np.where(area[ok] < z, f.zone_mun[np.minimum(area[ok], z - 1) + 1] if z else 0,
                   area[ok] - z)
    cells = (z + m) * 2
    columns = [np.bincount(cell, minlength=cells)]
    near = np.zeros(len(ok), dtype=bool)

    def count(lo, hi) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            below, within = seq < lo, seq <= hi  # below ⊆ within
        if np.count_nonzero(within) > np.count_nonzero(below):
            near[within & ~below] = True
        return np.bincount(cell[below], minlength=cells)

    for pct in (60, 50):
        columns.append(count(*(exact.band(nat[pct]) if nat else (np.nan, np.nan))))
    columns.append(np.bincount(cell[~np.isnan(bands["lo60"][mun])], minlength=cells))
    for pct in (60, 50):
        columns.append(count(bands[f"lo{pct}"].take(mun), bands[f"hi{pct}"].take(mun)))
    table = np.stack(columns, axis=1)
    if near.any():
        _decide_near(f, ok[near], cell[near], mun[near], seq[near], fac, nat, mun_sums,
                     table)
    result = {}
    for k in np.flatnonzero(table[:, 0]).tolist():
        a, c = divmod(k, 2)
        key = ((int(f.muns[f.zone_mun[a + 1]]), a + 1, bool(c)) if a < z
               else (int(f.muns[a - z]), 0, bool(c)))
        result[key] = [int(v) for v in table[k]]
    return result, int(np.count_nonzero(present.any(axis=1)))


def _sums(meds: list[Fraction], years: list[int], fac: dict[int, Fraction]
          ) -> dict[int, Fraction]:
    """The sum over the three years of the (CPI-rescaled) EU-60 and EU-50 thresholds,
    exactly: Σ f_y · pct/100 · median_y = pct/100 · Σ f_y · median_y."""
    base = sum((m if fac[y] == 1 else fac[y] * m for y, m in zip(years, meds, strict=True)),
               Fraction(0))
    return {pct: base * pct / 100 for pct in (60, 50)}


def _decide_near(f, persons: np.ndarray, cells: np.ndarray, muns: np.ndarray,
                 sums: np.ndarray, fac: dict[int, Fraction], nat: dict[int, Fraction] | None,
                 mun_sums: dict[int, dict[int, Fraction]], table: np.ndarray) -> None:
    """Persons whose sum is within the tolerance of a threshold sum: decide exactly."""
    wanted = np.zeros(f.persons.count, dtype=bool)
    wanted[persons] = True
    values: dict[int, Fraction] = {}
    rows = np.flatnonzero(wanted[f.pid])
    h, c = f.hc(rows)
    for r, hr, cr in zip(rows.tolist(), h.tolist(), c.tolist(), strict=True):
        p = int(f.pid[r])
        values[p] = values.get(p, Fraction(0)) + fac[f.years[int(f.yi[r])]] * exact.equivalised(
            hr, cr)
    for p, cell, mi, seq in zip(persons.tolist(), cells.tolist(), muns.tolist(),
                                sums.tolist(), strict=True):
        mun = int(f.muns[mi])
        limits = [(1, nat[60]), (2, nat[50])] if nat else []
        if mun in mun_sums:
            limits += [(4, mun_sums[mun][60]), (5, mun_sums[mun][50])]
        for i, limit in limits:
            lo, hi = exact.band(limit)
            if lo <= seq <= hi and values[p] < limit:
                table[cell, i] += 1
