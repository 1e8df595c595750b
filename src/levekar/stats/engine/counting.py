"""The indicators of ``spec/statistics.md``, computed with numpy over integer codes.

The typed Arrow table of the period's rows (``reader.load``) is turned into arrays once
(``Frame``): the text ids become integer codes (``pyarrow.compute.dictionary_encode``),
municipalities and zones small indexes. Every grouping after that is a ``numpy.bincount``
(or ``maximum.at``) over dense integer keys — the household of a person-year is
``3 · household code + year``, a person is its code — so nothing is hashed or sorted
twice. Steps: households (size, members aged ≥ the cut-off and ≥ 18, income ``h``,
consumption units in tenths ``c``, scope, crowding), given back to their members →
medians per year and per year and municipality (``numpy.partition`` inside each
group) → annual counts per year, area and child/adult → persistent counts per person's
year-Y area (``persistent.py``). Comparisons with a threshold are made in floating point
and re-decided exactly within a band (``exact.py``). DuckDB is only used for the
messages on bad input, which read the files again to name file, row and column.
"""

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from levekar.core.lib.progress import Reporter
from levekar.stats.engine import exact, persistent, problems
from levekar.stats.engine.fast import numpy_of
from levekar.stats.engine.params import InputError, Params
from levekar.stats.engine.reader import Loaded

EXACT_SUM = float(1 << 53)  # integers summed as float64 stay exact below this


class Ids:
    """Integer codes ``0 … count − 1`` for the rows of a text id column, and the text
    of a code (for the main-earner tie and for messages). Codes need not all be used."""

    def __init__(self, codes: np.ndarray, count: int, names: pa.Array | None = None,
                 prefix: str = "") -> None:
        self.codes, self.count, self._names, self._prefix = codes, count, names, prefix

    def names(self, codes: np.ndarray) -> list[str]:
        if self._names is None:
            return [f"{self._prefix}{c}" for c in codes.tolist()]
        return self._names.take(pa.array(codes)).to_pylist()


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


@dataclass
class Frame:
    """The period's person-years as arrays (one element per row), and what grouping
    them gives. Municipalities are indexes into ``muns`` (their numbers, ascending);
    zones are ``zid`` (0: none, else 1 + the index into ``zones``, in code point order).
    Codes and indexes are 32-bit, and per-household values are kept per household slot,
    not per row, so that a national run (17 million rows) stays small."""

    years: list[int]
    yi: np.ndarray  # year − first year (0, 1, 2), int32
    person_ids: Future  # of Ids: the persons, encoded in a thread meanwhile
    hkey: np.ndarray  # 3 · household code + yi
    hids: Ids  # the households (codes of household_id)
    age: np.ndarray
    income: np.ndarray
    student: np.ndarray
    mi: np.ndarray
    muns: np.ndarray
    zid: np.ndarray
    zones: list[str]
    rooms: np.ndarray  # −1: none
    area_m2: np.ndarray  # NaN: none
    # filled by _households (``age``, ``rooms`` and ``area_m2`` are then let go)
    hh_h: np.ndarray | None = None  # per household slot (``hkey``): income
    hh_c: np.ndarray | None = None  # per household slot: consumption units in tenths
    hh_crowded: np.ndarray | None = None  # per household slot: 1 crowded, 0 not, −1 unknown
    scope: np.ndarray | None = None  # per row: in scope
    eq: np.ndarray | None = None  # per row: 10·h/c as a float
    child: np.ndarray | None = None
    bad: bool = False  # some member disagrees with its household
    zone_mun: np.ndarray | None = None  # per zid: its municipality index

    def hc(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The household income and units of ``rows``."""
        keys = self.hkey[rows]
        return self.hh_h[keys], self.hh_c[keys]

    def area(self, rows: np.ndarray) -> np.ndarray:
        """The cell area of ``rows``: ``zid − 1`` for a zone, ``len(zones) + mun``
        without one."""
        zid = self.zid[rows]
        return np.where(zid > 0, zid - 1, len(self.zones) + self.mi[rows])

    @property
    def persons(self) -> Ids:
        return self.person_ids.result()

    @property
    def pid(self) -> np.ndarray:
        return self.persons.codes


def run(con: duckdb.DuckDBPyConnection, loaded: Loaded, period: tuple[int, int],
        params: Params, cpi: dict[int, Fraction] | None, reporter: Reporter) -> Counts:
    first, last = period
    years = list(range(first, last + 1))
    reporter.start("Beregner indikatorer", total=5)
    f = frame(loaded.table, years)
    loaded.table = None  # the arrays hold what is needed; the text columns can go
    pa.default_memory_pool().release_unused()  # and Arrow's pool gives their memory back
    households = _households(con, loaded, f, params)
    f.persons  # noqa: B018 (the ids thread is done: its copies of the text are let go)
    pa.default_memory_pool().release_unused()
    reporter.advance()
    found = set(np.flatnonzero(np.bincount(f.yi, minlength=3)).tolist())
    missing = [y for i, y in enumerate(years) if i not in found]
    if missing:
        raise InputError([f"Inndata har ingen rader for år {', '.join(map(str, missing))} "
                          f"(perioden er {first}–{last})"])
    reporter.advance()
    medians = _medians(f, params)
    reporter.advance()
    annual = _annual(con, loaded, f, medians)
    reporter.advance()
    rows, persons = persistent.counts(con, loaded, f, medians, cpi)
    reporter.advance()
    zones = dict(enumerate(f.zones, start=1))
    return Counts(
        years=years, annual=annual,
        persistent=[(f"{mun:04d}", zones.get(zid), child, *rest)
                    for (mun, zid, child), rest in sorted(rows.items())],
        thresholds=[(y, None if m is None else f"{m:04d}", n, med)
                    for (y, m), (n, med) in sorted(medians.items(), key=lambda kv: (
                        kv[0][0], -1 if kv[0][1] is None else kv[0][1]))],
        persons=persons, person_years=sum(r[11] for r in annual), households=households)


def ids(column: pa.ChunkedArray) -> Ids:
    """The codes of a text id column: ``pyarrow.compute.dictionary_encode`` (a hash
    table), or — when every id is one common prefix followed by a number written
    without sign or leading zeros (``P1``, ``P2`` …, as register keys often are) and
    the numbers are not sparse — the numbers themselves, which is exact (each id has
    one number, each number one id) and needs no hashing."""
    numbered = _numbered(column)
    if numbered is not None:
        return numbered
    array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    encoded = pc.dictionary_encode(array)
    return Ids(numpy_of(encoded.indices).astype(np.int32, copy=False),
               len(encoded.dictionary), names=encoded.dictionary)


def _numbered(column: pa.ChunkedArray) -> Ids | None:
    """The numbers of ids ``prefix + number`` (chunk by chunk: no copy of the whole
    column), or None."""
    chunks = [c for c in column.chunks if len(c)]
    if not chunks or column.null_count:
        return None
    first = chunks[0][0].as_py()
    prefix = first.rstrip("0123456789")
    if prefix == first or not prefix.isascii():
        return None
    skip, parts = len(prefix), []
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    for array in chunks:
        if array.type != pa.string():
            return None
        offsets = np.frombuffer(array.buffers()[1], dtype=np.int32,
                                count=array.offset + len(array) + 1)[array.offset:]
        data = np.frombuffer(array.buffers()[2], dtype=np.uint8)
        starts, lengths = offsets[:-1], np.diff(offsets)
        if lengths.min() <= skip:
            return None
        # the prefix, then a digit 1–9 (or a lone 0): no sign, no leading zero, so each
        # number is written one way only
        if any((data[starts + j] != byte).any() for j, byte in enumerate(head.tolist())):
            return None
        lead = data[starts + skip]
        if not (((lead >= 49) & (lead <= 57)) | ((lead == 48) & (lengths == skip + 1))).all():
            return None
        try:
            # the bytes after the prefix (an explicit end: pyarrow 26's binary_slice
            # without one can fail), which must all be digits
            digits_only = pc.binary_slice(array.cast(pa.binary()), skip, skip + 64)
            values = numpy_of(pc.cast(digits_only.cast(pa.string()), pa.int64()))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        if values.max() >= min(4 * len(column) + 1024, 1 << 29):
            return None
        parts.append(values.astype(np.int32))
    codes = np.concatenate(parts) if len(parts) > 1 else parts[0]
    return Ids(codes, int(codes.max()) + 1, prefix=prefix)


def frame(table: pa.Table, years: list[int]) -> Frame:
    """The arrays of the rows. The person ids are encoded in a second thread (pyarrow
    works without the interpreter lock) while the households are grouped."""
    # a pool per run (a module-wide one would be left without its thread in a process
    # forked after a run); shutting it down lets the submitted work finish
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="levekar-ids")
    persons = pool.submit(ids, table["person_id"])
    pool.shutdown(wait=False)
    year = numpy_of(table["year"])
    yi = (year - years[0]).astype(np.int32)
    households = ids(table["household_id"])
    municipality = table["municipality"].combine_chunks()
    mcode = numpy_of(municipality.indices)
    numbers = np.array([int(v) for v in municipality.dictionary.to_pylist()], dtype=np.int64)
    muns = np.unique(numbers)
    mi = np.searchsorted(muns, numbers)[mcode] if len(mcode) else mcode.astype(np.int64)
    zone = table["zone"].combine_chunks()
    zdict = zone.dictionary.to_pylist()
    used = sorted(set(zdict))
    number = {v: i for i, v in enumerate(used, start=1)}
    rank = np.array([number[v] for v in zdict], dtype=np.int32)
    zidx = numpy_of(zone.indices, missing=0)
    zid = rank[zidx] if len(rank) else np.zeros(len(zidx), dtype=np.int32)
    if zone.null_count:
        zid[numpy_of(zone.is_null())] = 0
    rooms = numpy_of(table["rooms"], missing=-1)
    area = numpy_of(table["area_m2"], missing=np.nan)
    return Frame(
        years=years, yi=yi, person_ids=persons, hkey=households.codes * 3 + yi,
        hids=households,
        age=year - numpy_of(table["birth_year"]),
        income=numpy_of(table["income_after_tax"]),
        student=numpy_of(table["student"]), mi=mi.astype(np.int32), muns=muns, zid=zid,
        zones=used, rooms=rooms, area_m2=area)


def _households(con: duckdb.DuckDBPyConnection, loaded: Loaded, f: Frame,
                params: Params) -> int:
    """Group the person-years by household and give every member the household's
    income ``h``, units ``c`` (tenths), scope and crowding. Returns the number of
    households.

    The main earner is the member with the highest income, ties to the lowest
    person_id (compared as text). Only the highest student and non-student incomes are
    found for every household; where they are equal the members with that income decide.
    """
    size = 3 * f.hids.count
    hkey = f.hkey
    n = np.bincount(hkey, minlength=size)
    if n.max(initial=0) < 1 << 17:
        # members aged ≥ the cut-off, aged ≥ 18 and students in one float sum of 17-bit
        # fields (exact: below 2⁵¹)
        packed = np.bincount(hkey, weights=(f.age >= params.child_age_cutoff)
                             + (f.age >= 18) * float(1 << 17) + f.student * float(1 << 34),
                             minlength=size).astype(np.int64)
        n14, n18, students = (packed & 0x1FFFF, (packed >> 17) & 0x1FFFF, packed >> 34)
    else:
        n14, n18, students = (np.bincount(hkey, weights=w, minlength=size).astype(np.int64)
                              for w in (f.age >= params.child_age_cutoff, f.age >= 18,
                                        f.student))
    h = _income_sums(con, loaded, f, n, size)
    others = n - students
    # the highest non-student (even slots) and student (odd slots) income
    top = np.full(2 * size, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(top, hkey * 2 + f.student, f.income)
    mn, ms = top[0::2], top[1::2]
    c = np.where(n14 >= 1, 10 + 5 * (n14 - 1) + 3 * (n - n14), 10 + 3 * (n - 1))
    # 0 out of scope, 1 in scope, 2 a tie between a student and a non-student
    scope = np.where((others > 0) & ((students == 0) | (mn > ms)), 1, 0).astype(np.int8)
    scope[(students > 0) & (others > 0) & (ms == mn)] = 2
    scope[n18 == 0] = 0
    row_scope = scope[hkey]
    tied = np.flatnonzero(row_scope == 2)
    if len(tied):
        _break_ties(f, scope, ms, tied)
        row_scope[tied] = scope[hkey[tied]]
    # crowding, from one member's rooms and area; every member is compared with that
    # member's municipality and rooms (one integer) and area
    shift = max(1, len(f.muns).bit_length())
    place = ((f.rooms.astype(np.int64) + 1) << shift) | f.mi
    first = np.zeros(size, dtype=np.int64)
    first[hkey] = place
    area = np.zeros(size, dtype=np.float64)
    area[hkey] = f.area_m2
    rooms = (first >> shift) - 1
    has_rooms, has_area = rooms >= 1, ~np.isnan(area)
    with np.errstate(invalid="ignore"):
        rooms_rule = (rooms < n) | ((n == 1) & (rooms == 1))
        area_rule = area < 25 * n
    crowded = np.where(has_rooms & has_area, rooms_rule & area_rule,
                       np.where(has_rooms, rooms_rule, area_rule)).astype(np.int8)
    crowded[~has_rooms & ~has_area] = -1
    f.hh_h, f.hh_c, f.hh_crowded = h, c, crowded
    f.scope = row_scope == 1
    eq = h.astype(np.float64)
    eq *= 10
    eq /= c
    f.eq = eq[hkey]
    f.child = f.age < 18
    member_area = area[hkey]
    f.bad = bool(((place != first[hkey]) | ~((f.area_m2 == member_area) | (
        np.isnan(f.area_m2) & np.isnan(member_area)))).any())
    f.age = f.rooms = f.area_m2 = None
    return int(np.count_nonzero(n))


def _income_sums(con: duckdb.DuckDBPyConnection, loaded: Loaded, f: Frame, n: np.ndarray,
                 size: int) -> np.ndarray:
    """The household income sums, exactly; a sum beyond 64 bits is refused."""
    top = float(max(-int(f.income.min()), int(f.income.max()))) if len(f.income) else 0.0
    if top * float(n.max(initial=0)) < EXACT_SUM:  # every partial sum is exact in float64
        return np.bincount(f.hkey, weights=f.income, minlength=size).astype(np.int64)
    order = np.argsort(f.hkey, kind="stable")
    keys = f.hkey[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sums = np.add.reduceat(f.income[order].astype(object), starts)
    limit = (-(1 << 63), (1 << 63) - 1)
    over = [(int(k) % 3, f.hids.names(np.array([int(k) // 3]))[0])
            for k, s in zip(keys[starts], sums, strict=True) if not limit[0] <= s <= limit[1]]
    if over:
        yi, hid = min(over)
        problems.income_overflow(con, loaded, f.years[yi], hid)
    h = np.zeros(size, dtype=np.int64)
    h[keys[starts]] = np.array(sums, dtype=np.int64)
    return h


def _break_ties(f: Frame, scope: np.ndarray, top: np.ndarray, tied: np.ndarray) -> None:
    """Households whose highest student and non-student incomes are equal: the member
    with that income and the lowest person_id (by code point) is the main earner."""
    rows = tied[f.income[tied] == top[f.hkey[tied]]]
    names = f.persons.names(f.pid[rows])
    main: dict[int, tuple[str, bool]] = {}
    for key, name, student in zip(f.hkey[rows].tolist(), names, f.student[rows].tolist(),
                                  strict=True):
        if key not in main or name < main[key][0]:
            main[key] = (name, student)
    keys = np.fromiter(main, dtype=np.int64, count=len(main))
    scope[keys] = [0 if s else 1 for _, s in main.values()]


def _medians(f: Frame, params: Params) -> dict[tuple[int, int | None], tuple[int, Fraction]]:
    """Exact medians per (year, municipality number or None): persons and median.

    The two middle values of each group are found in floating point
    (``numpy.partition``); the exact value is taken from the ``h`` and ``c`` behind
    them (among equal floats, the lowest ``h``) and the mean of the two is exact."""
    rows = np.arange(len(f.eq)) if params.median_includes_out_of_scope else (
        np.flatnonzero(f.scope))
    m = len(f.muns)
    # the rows grouped by year and municipality (a stable radix sort of small keys), so
    # a year is one slice and each of its municipalities a slice within it
    key = f.yi[rows] * m + f.mi[rows]
    order = np.argsort(key.astype(np.int16 if 3 * m < 1 << 15 else np.int32), kind="stable")
    grouped = rows[order]
    values = f.eq[grouped]
    ends = np.cumsum(np.bincount(key, minlength=3 * m))
    starts = np.r_[0, ends[:-1]]
    medians: dict[tuple[int, int | None], tuple[int, Fraction]] = {}
    for yi, year in enumerate(f.years):
        a, b = starts[yi * m], ends[yi * m + m - 1]
        if b > a:
            medians[(year, None)] = _median(f, grouped[a:b], values[a:b])
        for g in (yi * m + np.flatnonzero(ends[yi * m: (yi + 1) * m]
                                          > starts[yi * m: (yi + 1) * m])).tolist():
            a, b = starts[g], ends[g]
            medians[(year, int(f.muns[g - yi * m]))] = _median(f, grouped[a:b], values[a:b])
    return medians


def _median(f: Frame, rows: np.ndarray, values: np.ndarray) -> tuple[int, Fraction]:
    k = len(rows)
    lo, hi = (k - 1) // 2, k // 2
    part = np.partition(values, (lo, hi)) if k > 1 else values
    middle = []
    for i in (lo, hi):
        h, c = f.hc(rows[values == part[i]])
        j = np.argmin(h)
        middle.append((int(h[j]), int(c[j])))
    return k, exact.median(middle[0], middle[1])


def _bands(medians: dict, f: Frame, year_index: np.ndarray, group: np.ndarray
           ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per threshold t (national 60 and 50, municipal 60 and 50): ``lo`` = t − tolerance
    and ``hi`` = t + tolerance as floats, per year index or per ``year index ·
    municipalities + municipality index``, with each row's index into them. Below ``lo``
    a value is surely below t, above ``hi`` surely not; from ``lo`` to ``hi`` ``exact``
    decides. NaN where there is no median (nothing compares below or near NaN)."""
    m = len(f.muns)
    bands = {k: (np.full(size, np.nan), np.full(size, np.nan))
             for k, size in (("n60", 3), ("n50", 3), ("m60", 3 * m), ("m50", 3 * m))}
    index = {int(v): i for i, v in enumerate(f.muns)}
    for (year, mun), (_, med) in medians.items():
        yi = year - f.years[0]
        for pct in (60, 50):
            lo, hi = bands[f"n{pct}" if mun is None else f"m{pct}"]
            at = yi if mun is None else yi * m + index[mun]
            lo[at], hi[at] = exact.band(exact.threshold(med, pct))
    return [(*bands["n60"], year_index), (*bands["n50"], year_index), (*bands["m60"], group),
            (*bands["m50"], group)]


def _annual(con: duckdb.DuckDBPyConnection, loaded: Loaded, f: Frame,
            medians: dict[tuple[int, int | None], tuple[int, Fraction]]) -> list[tuple]:
    """Counts per (year, municipality, zone, child): below a threshold only when surely
    below; the near ones are decided exactly afterwards."""
    if f.bad:
        problems.households(con, loaded)
    z, m = len(f.zones), len(f.muns)
    zone_mun = np.full(z + 1, -1, dtype=np.int64)
    zone_mun[f.zid] = f.mi
    zone_mun[0] = -1
    zoned = f.zid > 0
    wrong = zoned & (f.mi != zone_mun[f.zid])
    if wrong.any():
        problems.zones(con, loaded, [f.zones[i - 1] for i in np.unique(f.zid[wrong])])
    f.zone_mun = zone_mun
    cells = 3 * (z + m) * 2
    cell = (f.yi * (z + m) + np.where(zoned, f.zid - 1, z + f.mi)) * 2 + f.child
    # the low-income counts are over the rows in scope only
    inside = np.flatnonzero(f.scope)
    eq, cell_in, yi_in = f.eq[inside], cell[inside], f.yi[inside]
    group = yi_in * m + f.mi[inside]
    near = np.zeros(len(eq), dtype=bool)
    columns = [np.bincount(cell_in, minlength=cells)]
    for lo, hi, index in _bands(medians, f, yi_in, group):
        with np.errstate(invalid="ignore"):
            below = eq < lo.take(index)
            columns.append(np.bincount(cell_in[below], minlength=cells))
            within = eq <= hi.take(index)  # below ⊆ within
        if np.count_nonzero(within) > np.count_nonzero(below):
            near |= within & ~below
    # crowding: unknown, not crowded, crowded per cell, in one count
    crowding = np.bincount(cell * 3 + (f.hh_crowded[f.hkey] + 1),
                           minlength=3 * cells).reshape(cells, 3)
    columns += [crowding[:, 1] + crowding[:, 2], crowding[:, 2], crowding.sum(axis=1)]
    table = np.stack(columns, axis=1)
    for r in inside[near].tolist():
        yi, mi = int(f.yi[r]), int(f.mi[r])
        year, mun = f.years[yi], int(f.muns[mi])
        h, c = f.hc(np.array([r]))
        value, e = exact.equivalised(int(h[0]), int(c[0])), float(f.eq[r])
        for i, key, pct in ((1, (year, None), 60), (2, (year, None), 50),
                            (3, (year, mun), 60), (4, (year, mun), 50)):
            if key in medians:
                threshold = exact.threshold(medians[key][1], pct)
                lo, hi = exact.band(threshold)
                if lo <= e <= hi and value < threshold:
                    table[cell[r], i] += 1
    result = []
    for k in np.flatnonzero(table[:, 7]).tolist():
        yi, rest = divmod(k, (z + m) * 2)
        area, child = divmod(rest, 2)
        mun, zone = (zone_mun[area + 1], f.zones[area]) if area < z else (area - z, None)
        result.append((f.years[yi], f"{int(f.muns[mun]):04d}", zone, bool(child),
                       *(int(v) for v in table[k])))
    return result
