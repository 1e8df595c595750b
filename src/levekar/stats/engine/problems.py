# ruff: noqa: S608  (SQL is built from quoted literals and ints)
"""Messages for the problems that only show when rows are compared with each other.

They run only when a cheap check found something, and read the files again (numbered)
to name file, row and column.
"""

import duckdb

from levekar.stats.engine.params import InputError
from levekar.stats.engine.reader import MAX_PROBLEMS, Loaded, locate, view


def lit(text: object) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _shown(value: object) -> str:
    if value is None:
        return "tom"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _ordered(loaded: Loaded, rows: list[tuple]) -> list[tuple]:
    order = {s.label: s.index for s in loaded.sources}
    return sorted(rows, key=lambda r: (order[r[0]], r[1]))


def households(con: duckdb.DuckDBPyConnection, loaded: Loaded) -> None:
    """Members of one household (in one year) who disagree on municipality, rooms or area."""
    view(con, loaded)
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
        rows = _ordered(loaded, locate(con, loaded.sources,
                                       f"year = {int(year)} AND household_id = {lit(hid)}",
                                       ["municipality", "rooms", "area_m2"]))
        first = rows[0]
        for flag, col, i in zip(flags, ("municipality", "rooms", "area_m2"), (2, 3, 4),
                                strict=True):
            if flag:
                other = next(r for r in rows if r[i] != first[i])
                problems.append(
                    f"{other[0]}, rad {other[1]}, kolonne {col}: husholdningen «{hid}» i "
                    f"{year} har {_shown(other[i])} her, men {_shown(first[i])} i {first[0]}, "
                    f"rad {first[1]} (medlemmene må være enige)")
    raise InputError(problems[:MAX_PROBLEMS])


def zones(con: duckdb.DuckDBPyConnection, loaded: Loaded, bad: list[str]) -> None:
    """Zones found in more than one municipality."""
    problems = []
    for zone in bad[:MAX_PROBLEMS]:
        rows = _ordered(loaded, locate(con, loaded.sources, f"zone = {lit(zone)}",
                                       ["municipality"]))
        first = rows[0]
        other = next(r for r in rows if r[2] != first[2])
        problems.append(
            f"{other[0]}, rad {other[1]}, kolonne zone: sonen «{zone}» ligger i kommune "
            f"{other[2]} her, men i kommune {first[2]} i {first[0]}, rad {first[1]} "
            f"(en sone ligger i én kommune)")
    raise InputError(problems)


def duplicates(con: duckdb.DuckDBPyConnection, loaded: Loaded) -> None:
    """The same person twice in one year."""
    view(con, loaded)
    keys = con.execute(f"""
        SELECT year, person_id FROM py GROUP BY year, person_id HAVING count(*) > 1
        ORDER BY year, person_id LIMIT {MAX_PROBLEMS}
    """).fetchall()
    problems = []
    for year, pid in keys:
        rows = _ordered(loaded, locate(con, loaded.sources,
                                       f"year = {int(year)} AND person_id = {lit(pid)}",
                                       ["person_id"]))
        first = rows[0]
        problems += [f"{other[0]}, rad {other[1]}, kolonne person_id: personen «{pid}» står "
                     f"flere ganger for år {year} (også i {first[0]}, rad {first[1]})"
                     for other in rows[1:]]
    raise InputError(problems[:MAX_PROBLEMS])


def income_overflow(con: duckdb.DuckDBPyConnection, loaded: Loaded, year: int,
                    hid: str) -> None:
    """A household (the first by year and id) whose income sum does not fit 64 bits."""
    rows = _ordered(loaded, locate(con, loaded.sources,
                                   f"year = {int(year)} AND household_id = {lit(hid)}",
                                   ["income_after_tax"]))
    raise InputError([f"{rows[0][0]}, rad {rows[0][1]}, kolonne income_after_tax: summen av "
                      f"inntektene i husholdningen «{hid}» i {year} er for stor"])
