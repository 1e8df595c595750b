"""Engine-shaped result folders for tests, at any size (format: spec/statistics.md).

The figures are made up but deterministic per (area, period, indicator, group), so the
annual rows of overlapping periods agree, as the engine's do. Suppression follows the
spec: primary rule everywhere, secondary among a municipality's zones.
"""

import csv
import random
from pathlib import Path

from levekar.core.lib.suppression import DEFAULT_RULE

ANNUAL = ["crowding", "low_income_50", "low_income_60"]
PERSISTENT = ["persistent_low_income_50", "persistent_low_income_60"]


def zone_codes(n: int, municipality: str = "3205") -> list[str]:
    return [f"{municipality}-{i:02d}" for i in range(1, n + 1)]


def _row(period, level, area, indicator, group, small=False):
    rng = random.Random(f"{area}|{period}|{indicator}|{group}")
    scope = "" if indicator == "crowding" else ("municipal" if level == "zone" else "national")
    if level == "country":
        denominator = rng.randint(50_000, 60_000)
    elif level == "municipality":
        denominator = rng.randint(25_000, 30_000)
    else:
        denominator = rng.randint(6, 9) if small else rng.randint(300, 2500)
    if group == "children":
        denominator = max(6, denominator // 4) if not small else denominator
    share = rng.uniform(0.04, 0.30)
    numerator = round(denominator * share)
    return {"period": period, "level": level, "area": area, "indicator": indicator,
            "group": group, "threshold_scope": scope, "numerator": numerator,
            "denominator": denominator}


def write_result(folder: Path, *, last_year: int = 2024, zones: list[str] | None = None,
                 municipality: str = "3205", small_zone: bool = True) -> Path:
    """One engine run over ``last_year-2 … last_year`` (``indicators.csv``, ``thresholds.csv``)."""
    zones = zone_codes(14, municipality) if zones is None else zones
    return write_national(folder, last_year=last_year, zones_by_municipality={municipality: zones},
                          small_zone=small_zone)


def write_national(folder: Path, *, zones_by_municipality: dict[str, list[str]],
                   last_year: int = 2024, small_zone: bool = True) -> Path:
    """The same for several municipalities, each with its zones (may be none)."""
    folder.mkdir(parents=True, exist_ok=True)
    years = [last_year - 2, last_year - 1, last_year]
    rows = []
    for period, indicators in [(str(y), ANNUAL) for y in years] + [
            (f"{years[0]}-{last_year}", PERSISTENT)]:
        for indicator in indicators:
            for group in ("all", "children"):
                rows.append(_row(period, "country", "0", indicator, group))
                for municipality, zones in zones_by_municipality.items():
                    rows.append(_row(period, "municipality", municipality, indicator, group))
                    rows.extend(_zone_rows(period, indicator, group, zones, small_zone))
    for r in rows:
        r.setdefault("suppressed", DEFAULT_RULE.hides(r["numerator"], r["denominator"]))
        if r["suppressed"]:
            r["numerator"], r["percent"] = "", ""
        else:
            r["percent"] = f"{100 * r['numerator'] / r['denominator']:.1f}"
        r["suppressed"] = "true" if r["suppressed"] else "false"
    columns = ["period", "level", "area", "indicator", "group", "threshold_scope"]
    rows.sort(key=lambda r: tuple(r[c] for c in columns))
    with (folder / "indicators.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=[*columns, "numerator", "denominator", "percent",
                                               "suppressed"])
        writer.writeheader()
        writer.writerows(rows)
    with (folder / "thresholds.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["year", "scope", "area", "persons", "median", "threshold_60",
                         "threshold_50"])
        for y in years:
            median = 380_000 + 10_000 * (y - 2020)
            writer.writerow([y, "national", "0", 60_000, median, 0.6 * median, 0.5 * median])
            for municipality in zones_by_municipality:
                writer.writerow([y, "municipal", municipality, 30_000, median + 8000,
                                 0.6 * (median + 8000), 0.5 * (median + 8000)])
    return folder


def _zone_rows(period, indicator, group, zones, small_zone) -> list[dict]:
    zone_rows = [_row(period, "zone", z, indicator, group,
                      small=small_zone and i == len(zones) - 1)
                 for i, z in enumerate(zones)]
    for r in zone_rows:
        r["suppressed"] = DEFAULT_RULE.hides(r["numerator"], r["denominator"])
    hidden = [r for r in zone_rows if r["suppressed"]]
    if len(hidden) == 1:  # secondary suppression, as the engine does
        shown = sorted((r for r in zone_rows if not r["suppressed"]),
                       key=lambda r: (r["denominator"], r["area"]))
        if shown:
            shown[0]["suppressed"] = True
    return zone_rows


def write_periods(root: Path, *, last_years=(2022, 2023, 2024), **kwargs) -> Path:
    """A folder holding one result folder per period, as the demo and the CLI make it."""
    for y in last_years:
        write_result(root / f"{y - 2}-{y}", last_year=y, **kwargs)
    return root
