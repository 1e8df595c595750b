"""From counts to the two output tables: rows, small-cell suppression, format, order.

Order: rows are sorted by ``period, level, area, indicator, group, threshold_scope``,
each compared as text by Unicode code point (Python's ``str`` order), column by column.
So ``2022`` < ``2022-2024`` < ``2023``, ``country`` < ``municipality`` < ``zone``,
``0301`` < ``3205`` < ``3205-01``, and an empty scope (crowding) before any other.
``thresholds.csv`` is sorted by ``year, scope, area`` the same way.

Percent: ``100 · numerator / denominator`` rounded to one decimal, half up, computed
exactly in integers (12.25 → 12.3; no binary floating-point surprises).
"""

import csv
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from levekar.stats.engine import exact
from levekar.stats.engine.counting import Counts
from levekar.stats.engine.params import Params

INDICATOR_HEADER = ["period", "level", "area", "indicator", "group", "threshold_scope",
                    "numerator", "denominator", "percent", "suppressed"]
THRESHOLD_HEADER = ["year", "scope", "area", "persons", "median", "threshold_60",
                    "threshold_50"]


@dataclass
class Row:
    period: str
    level: str
    area: str
    indicator: str
    group: str
    scope: str
    numerator: int
    denominator: int
    mun: str  # the zone's municipality (for secondary suppression)
    suppressed: bool = False

    def key(self) -> tuple[str, ...]:
        return (self.period, self.level, self.area, self.indicator, self.group, self.scope)


def percent(numerator: int, denominator: int) -> str:
    tenths = (2000 * numerator + denominator) // (2 * denominator)
    return f"{tenths // 10}.{tenths % 10}"


def _rows_for(period: str, indicators: list[tuple[str, str]],
              cells: list[tuple[str, str | None, bool, tuple[int, ...]]]) -> list[Row]:
    """``cells``: (mun, zone, child, counts); ``indicators``: (name, scope) per count pair.

    ``counts`` holds, per indicator, (numerator, denominator, zone numerator, zone
    denominator): country and municipality rows sum the first pair, zone rows the second.
    """
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for mun, zone, child, counts in cells:
        groups = ("all", "children") if child else ("all",)
        for i, (name, scope) in enumerate(indicators):
            num, den, znum, zden = counts[4 * i: 4 * i + 4]
            for group in groups:
                for level, area, n, d in (("country", "0", num, den),
                                          ("municipality", mun, num, den),
                                          ("zone", zone, znum, zden)):
                    if area is None:
                        continue
                    zone_scope = scope if level != "zone" or scope == "" else "municipal"
                    key = (level, area, name, group, zone_scope, mun if level == "zone" else "")
                    s = sums[key]
                    s[0] += n
                    s[1] += d
    return [Row(period, level, area, name, group, scope, n, d, mun)
            for (level, area, name, group, scope, mun), (n, d) in sums.items() if d > 0]


def build_rows(counts: Counts) -> list[Row]:
    rows: list[Row] = []
    for year in counts.years:
        cells = [(mun, zone, child, (nat60, n, mun60, n, nat50, n, mun50, n, cn, cd, cn, cd))
                 for (y, mun, zone, child, n, nat60, nat50, mun60, mun50, cd, cn, _)
                 in counts.annual if y == year]
        rows += _rows_for(str(year), [("low_income_60", "national"),
                                      ("low_income_50", "national"), ("crowding", "")], cells)
    period = f"{counts.years[0]}-{counts.years[-1]}"
    cells = [(mun, zone, child, (nat60, den, mun60, dmun, nat50, den, mun50, dmun))
             for (mun, zone, child, den, nat60, nat50, dmun, mun60, mun50) in counts.persistent]
    rows += _rows_for(period, [("persistent_low_income_60", "national"),
                               ("persistent_low_income_50", "national")], cells)
    return rows


def suppress(rows: list[Row], params: Params) -> None:
    for r in rows:
        r.suppressed = (r.numerator <= params.suppress_numerator
                        or r.denominator - r.numerator <= params.suppress_complement
                        or r.denominator < params.suppress_min_denominator)
    if not params.secondary_suppression:
        return
    zones: dict[tuple, list[Row]] = defaultdict(list)
    for r in rows:
        if r.level == "zone":
            zones[(r.mun, r.period, r.indicator, r.group, r.scope)].append(r)
    for group in zones.values():
        hidden = [r for r in group if r.suppressed]
        shown = [r for r in group if not r.suppressed]
        if len(hidden) == 1 and shown:
            min(shown, key=lambda r: (r.denominator, r.area)).suppressed = True


def indicator_lines(rows: list[Row]) -> list[list[str]]:
    lines = []
    for r in sorted(rows, key=Row.key):
        lines.append([r.period, r.level, r.area, r.indicator, r.group, r.scope,
                      "" if r.suppressed else str(r.numerator), str(r.denominator),
                      "" if r.suppressed else percent(r.numerator, r.denominator),
                      "true" if r.suppressed else "false"])
    return lines


def threshold_lines(counts: Counts) -> list[list[str]]:
    lines = []
    for year, mun, persons, median in counts.thresholds:
        scope, area = ("national", "0") if mun is None else ("municipal", mun)
        lines.append([str(year), scope, area, str(persons), exact.decimals(median),
                      exact.decimals(exact.threshold(median, 60)),
                      exact.decimals(exact.threshold(median, 50))])
    lines.sort(key=lambda line: (line[0], line[1], line[2]))
    return lines


def write_atomically(out_dir: Path, files: dict[str, tuple[list[str], list[list[str]]]]) -> None:
    """Write every file to a temporary name, then rename them all; on error remove them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[Path, Path]] = []
    try:
        for name, (header, lines) in files.items():
            final = out_dir / name
            tmp = out_dir / f".{name}.{os.getpid()}.tmp"
            temps.append((tmp, final))
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(lines)
        for tmp, final in temps:
            os.replace(tmp, final)
    finally:
        for tmp, _ in temps:
            if tmp.exists():
                tmp.unlink()
