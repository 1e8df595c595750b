"""``compute``: microdata in, ``indicators.csv`` and ``thresholds.csv`` out."""

import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.stats.engine import counting
from levekar.stats.engine.cpi import read_cpi
from levekar.stats.engine.output import (
    INDICATOR_HEADER,
    THRESHOLD_HEADER,
    build_rows,
    indicator_lines,
    suppress,
    threshold_lines,
    write_atomically,
)
from levekar.stats.engine.params import InputError, Params
from levekar.stats.engine.reader import load

# DuckDB settings: one thread per core this process may use, and a memory limit meant
# for a small machine; both can be changed with LEVEKAR_DUCKDB_THREADS /
# LEVEKAR_DUCKDB_MEMORY (beyond the memory limit DuckDB spills to a temporary folder
# that is removed afterwards).
THREADS = int(os.environ.get("LEVEKAR_DUCKDB_THREADS", "0")) or (
    len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2)
MEMORY_LIMIT = os.environ.get("LEVEKAR_DUCKDB_MEMORY", "2500MB")


def compute(*, input_path: Path, period: tuple[int, int], out_dir: Path,
            params: Params = Params(), cpi_path: Path | None = None,  # noqa: B008
            reporter: Reporter = NULL_REPORTER) -> dict:
    """Write ``out_dir/indicators.csv`` and ``out_dir/thresholds.csv`` (atomically).

    ``period`` is (first year, last year) of a three-year period. Raises ``InputError``
    (Norwegian messages naming file, row and column) for bad input, and then writes
    nothing. Returns a summary: persons, person_years, households, rows, threshold_rows,
    files, seconds.
    """
    started = time.perf_counter()
    first, last = int(period[0]), int(period[1])
    if last - first != 2:
        raise InputError([f"Perioden må være tre år (fikk {first}–{last})"])
    years = [first, first + 1, last]
    cpi = read_cpi(Path(cpi_path), years) if cpi_path is not None else None
    tmp = Path(tempfile.mkdtemp(prefix="levekar-duckdb-"))
    con = duckdb.connect(config={
        "threads": THREADS, "memory_limit": MEMORY_LIMIT, "temp_directory": str(tmp),
        "preserve_insertion_order": False,
    })
    try:
        con.execute("SET enable_progress_bar = false")  # the CLI draws its own
        loaded = load(con, Path(input_path), (first, last), reporter)
        counts = counting.run(con, loaded, (first, last), params, cpi, reporter)
    finally:
        con.close()
        shutil.rmtree(tmp, ignore_errors=True)
    reporter.start("Skriver resultat", total=1)
    rows = build_rows(counts)
    suppress(rows, params)
    indicators = indicator_lines(rows)
    thresholds = threshold_lines(counts)
    write_atomically(Path(out_dir), {
        "indicators.csv": (INDICATOR_HEADER, indicators),
        "thresholds.csv": (THRESHOLD_HEADER, thresholds),
    })
    reporter.advance()
    reporter.finish()
    return {
        "persons": counts.persons,
        "person_years": counts.person_years,
        "households": counts.households,
        "files": len(loaded.sources),
        "rows": len(indicators),
        "threshold_rows": len(thresholds),
        "seconds": round(time.perf_counter() - started, 3),
    }
