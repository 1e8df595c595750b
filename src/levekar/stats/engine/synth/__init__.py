"""Synthetic register microdata in the engine's input format, for tests, demos and benchmarks.

``synthesize`` writes one file per year (``persons_2022.parquet`` …). The same seed
gives the same files, byte for byte.
"""

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.stats.engine.synth.geography import FocusMunicipality, build_geography
from levekar.stats.engine.synth.population import Population

__all__ = ["FocusMunicipality", "synthesize"]

MAX_PERSONS = 20_000_000


def synthesize(*, persons: int, years: tuple[int, int], out_dir: Path, seed: int = 1,
               fmt: str = "parquet", focus: FocusMunicipality | None = None,
               reporter: Reporter = NULL_REPORTER) -> list[Path]:
    """Write ``out_dir/persons_<year>.<fmt>`` for every year of ``years`` (inclusive).

    ``persons`` is the population in the first year; later years differ by births,
    deaths and migration. ``focus`` asks for a municipality of a given size with named
    zones whose child low-income shares spread over a given range.
    """
    first, last = years
    if last < first:
        raise ValueError("Siste år kan ikke være før første år.")
    if not 1 <= persons <= MAX_PERSONS:
        raise ValueError(f"Antall personer må være mellom 1 og {MAX_PERSONS}.")
    if fmt not in ("parquet", "csv"):
        raise ValueError("Formatet må være parquet eller csv.")
    if focus is not None:
        if not (len(focus.code) == 4 and focus.code.isdigit()):
            raise ValueError("Kommunenummeret må ha fire sifre.")
        if focus.persons > persons:
            raise ValueError("Fokuskommunen kan ikke ha flere personer enn hele landet.")
        if len(set(focus.zones)) != len(focus.zones):
            raise ValueError("Sonekodene til fokuskommunen må være unike.")
        for name, values in (("zone_targets", focus.zone_targets),
                             ("zone_weights", focus.zone_weights)):
            if values and len(values) != len(focus.zones):
                raise ValueError(f"{name} må ha én verdi per sone ({len(focus.zones)}).")
        if any(not 0 <= v <= 90 for v in focus.zone_targets):
            raise ValueError("Andelene i zone_targets må være mellom 0 og 90 prosent.")
        if any(v <= 0 for v in focus.zone_weights):
            raise ValueError("Vektene i zone_weights må være større enn 0.")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    reporter.start("Lager syntetiske persondata", total=last - first + 1)
    geo = build_geography(persons, rng, focus)
    population = Population(geo, first, rng)
    paths = []
    for year in range(first, last + 1):
        if year > first:
            population.advance()
        table = _table(population.snapshot(), year, geo.mun_codes, geo.zone_codes)
        paths.append(_write(table, out_dir / f"persons_{year}.{fmt}", fmt))
        reporter.advance()
    reporter.finish()
    return paths


def _ids(prefix: str, values: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(values), pa.string()), "")


def _codes(index: np.ndarray, codes: list[str]) -> pa.Array:
    missing = index < 0
    indices = pa.array(np.where(missing, 0, index).astype(np.int32), mask=missing)
    return pa.DictionaryArray.from_arrays(indices, pa.array(codes or [""], pa.string()))


def _table(rows: dict[str, np.ndarray], year: int, mun_codes: list[str],
           zone_codes: list[str]) -> pa.Table:
    n = len(rows["person_id"])
    return pa.table({
        "year": pa.array(np.full(n, year, dtype=np.int32)),
        "person_id": _ids("P", rows["person_id"]),
        "household_id": _ids("H", rows["household_id"]),
        "birth_year": pa.array(rows["birth_year"].astype(np.int32)),
        "income_after_tax": pa.array(rows["income_after_tax"].astype(np.int64)),
        "student": pa.array(rows["student"]),
        "municipality": _codes(rows["municipality"].astype(np.int64), mun_codes),
        "zone": _codes(rows["zone"].astype(np.int64), zone_codes),
        "rooms": pa.array(rows["rooms"].astype(np.int16), mask=rows["rooms"] == 0),
        "area_m2": pa.array(rows["area_m2"].astype(np.int32), mask=rows["area_m2"] == 0),
    })


def _write(table: pa.Table, path: Path, fmt: str) -> Path:
    """Write to a temporary name beside ``path`` and rename, so no half file is left."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if fmt == "parquet":
            pq.write_table(table, tmp, row_group_size=1 << 20)
        else:
            plain = pa.table({name: (pc.cast(col, pa.string())
                                     if pa.types.is_dictionary(col.type) else col)
                              for name, col in zip(table.column_names, table.columns,
                                                   strict=True)})
            pacsv.write_csv(plain, tmp, pacsv.WriteOptions(quoting_style="needed"))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
