"""The optional consumer price index (CSV ``year,index``) for persistent low income."""

import csv
import difflib
import math
from fractions import Fraction
from pathlib import Path

from levekar.stats.engine.params import InputError


def read_cpi(path: Path, years: list[int]) -> dict[int, Fraction]:
    """The index of each year of the period (exact, as written); refuses a bad file."""
    label = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError([f"{label}: kan ikke leses ({exc.strerror or exc})"]) from exc
    except UnicodeDecodeError as exc:
        raise InputError([f"{label}: teksten er ikke UTF-8"]) from exc
    rows = list(csv.reader(text.splitlines()))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError([f"{label}: filen er tom"])
    header = [h.strip() for h in rows[0]]
    problems = []
    for name in ("year", "index"):
        if name not in header:
            guess = difflib.get_close_matches(name, header, n=1, cutoff=0.6)
            hint = f" (fant «{guess[0]}» – feilstavet?)" if guess else ""
            problems.append(f"{label}, rad 1, kolonne {name}: kolonnen mangler{hint}")
    if problems:
        raise InputError(problems)
    iy, ii = header.index("year"), header.index("index")
    index: dict[int, Fraction] = {}
    first_row: dict[int, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(f"{label}, rad {line}: feil antall felt (ventet {len(header)}, "
                            f"fant {len(row)})")
            continue
        y, v = row[iy].strip(), row[ii].strip()
        if not y.lstrip("+-").isdigit():
            problems.append(f"{label}, rad {line}, kolonne year: «{y}» er ikke et heltall")
            continue
        try:
            value = Fraction(v) if math.isfinite(float(v)) else Fraction(0)
        except (ValueError, ZeroDivisionError):
            value = Fraction(0)
        if value <= 0:
            problems.append(f"{label}, rad {line}, kolonne index: «{v}» er ikke et positivt tall")
            continue
        year = int(y)
        if year in index:
            problems.append(f"{label}, rad {line}, kolonne year: året {year} står også på "
                            f"rad {first_row[year]}")
            continue
        index[year] = value
        first_row[year] = line
    for year in years:
        if year not in index and not problems:
            problems.append(f"{label}: mangler indeksen for år {year}")
    if problems:
        raise InputError(problems[:20])
    return {year: index[year] for year in years}
