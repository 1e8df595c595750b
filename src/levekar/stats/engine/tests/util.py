"""Helpers for the engine tests: write tiny microdata, run the engine, read the tables."""

import csv
from dataclasses import dataclass
from pathlib import Path

from levekar.stats.engine import Params, compute

COLUMNS = ["year", "person_id", "household_id", "birth_year", "income_after_tax", "student",
           "municipality", "zone", "rooms", "area_m2"]
YEARS = (2022, 2023, 2024)
PERIOD = (2022, 2024)

# Small-cell suppression off, so hand-computed counts can be read back.
OPEN = Params(suppress_numerator=-1, suppress_complement=-1, suppress_min_denominator=0,
              secondary_suppression=False)


def person(year: int, pid: str, hid: str | None = None, *, age: int = 40, income: int = 0,
           student: bool = False, mun: str = "0301", zone: str | None = None,
           rooms: int | None = None, area: float | None = None) -> dict:
    return {"year": year, "person_id": pid, "household_id": hid or pid,
            "birth_year": year - age, "income_after_tax": income, "student": student,
            "municipality": mun, "zone": zone, "rooms": rooms, "area_m2": area}


def every_year(make, years=YEARS) -> list[dict]:
    """The rows ``make(year)`` returns, for each year of the period."""
    return [row for year in years for row in make(year)]


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(path: Path, rows: list[dict], columns: list[str] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[text(r.get(c)) for c in columns] for r in rows])
    return path


@dataclass
class Result:
    out: Path
    summary: dict
    indicators: dict[tuple, tuple]  # (period, level, area, indicator, group, scope) → …
    thresholds: dict[tuple, tuple]  # (year, scope, area) → (persons, median, t60, t50)
    lines: list[str]

    def get(self, period: str, level: str, area: str, indicator: str, group: str = "all"
            ) -> tuple:
        """(numerator, denominator, percent, suppressed) as in the file (text)."""
        scope = "" if indicator == "crowding" else (
            "municipal" if level == "zone" else "national")
        return self.indicators[(period, level, area, indicator, group, scope)]

    def count(self, period: str, level: str, area: str, indicator: str,
              group: str = "all") -> tuple[int, int]:
        num, den, _, _ = self.get(period, level, area, indicator, group)
        return int(num), int(den)


def read_result(out: Path, summary: dict | None = None) -> Result:
    text_lines = (out / "indicators.csv").read_text(encoding="utf-8").splitlines()
    indicators = {}
    for row in csv.DictReader(text_lines):
        key = (row["period"], row["level"], row["area"], row["indicator"], row["group"],
               row["threshold_scope"])
        assert key not in indicators, f"duplicate row {key}"
        indicators[key] = (row["numerator"], row["denominator"], row["percent"],
                           row["suppressed"])
    thresholds = {}
    with (out / "thresholds.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            thresholds[(row["year"], row["scope"], row["area"])] = (
                row["persons"], row["median"], row["threshold_60"], row["threshold_50"])
    return Result(out, summary or {}, indicators, thresholds, text_lines)


def run(tmp_path: Path, rows: list[dict], *, params: Params = OPEN, cpi: Path | None = None,
        name: str = "persons.csv") -> Result:
    data = write_csv(tmp_path / name, rows)
    out = tmp_path / "out"
    summary = compute(input_path=data, period=PERIOD, out_dir=out, params=params,
                      cpi_path=cpi)
    return read_result(out, summary)
