"""The happy path of reading: a file read once with pyarrow and checked with vectorised
tests, giving the typed Arrow table of the period's rows (``TYPED``).

Parquet: only the needed columns, when every column has a type this path takes (integers
for whole numbers, text for ids and codes, a boolean for ``student``, a number for
``area_m2``). CSV: ``pyarrow.csv`` with explicit column types, empty fields as missing
and only the spellings of true/false that need no case folding. The tests are at least
as strict as the SQL of ``columns.py`` (a value that might be refused there is refused
here too); whatever is refused, cannot be parsed or has another type gives ``None``,
and the caller reads the file through the DuckDB path, which decides and names file,
row and column of every problem. So this path only ever accepts what that path accepts,
with the same values (an income beyond 2⁵³ is read exactly here, where the DuckDB CSV
reader's numbers, parsed as DOUBLE, would round it).
"""

import re
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from levekar.stats.engine.columns import NAMES

TEXT = pa.dictionary(pa.int32(), pa.string())
TYPED = pa.schema([
    ("year", pa.int32()), ("person_id", pa.string()), ("household_id", pa.string()),
    ("birth_year", pa.int32()), ("income_after_tax", pa.int64()), ("student", pa.bool_()),
    ("municipality", TEXT), ("zone", TEXT), ("rooms", pa.int32()), ("area_m2", pa.float64()),
])
# Parquet types (as DuckDB names them) this path reads; others go through DuckDB.
WHOLE = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
                   "UINTEGER"})
TAKES = {"year": WHOLE, "birth_year": WHOLE, "income_after_tax": WHOLE, "rooms": WHOLE,
         "person_id": {"VARCHAR"}, "household_id": {"VARCHAR"}, "municipality": {"VARCHAR"},
         "zone": {"VARCHAR"}, "student": {"BOOLEAN"},
         "area_m2": WHOLE | {"FLOAT", "DOUBLE"}}
CSV_TYPES = {"year": pa.int32(), "person_id": pa.string(), "household_id": pa.string(),
             "birth_year": pa.int32(), "income_after_tax": pa.int64(), "student": pa.bool_(),
             "municipality": pa.string(), "zone": pa.string(), "rooms": pa.int32(),
             "area_m2": pa.float64()}
INT32 = (-(1 << 31), (1 << 31) - 1)
CODE4 = re.compile(r"[0-9]{4}")


def read(src: Any, first: int, last: int) -> pa.Table | None:
    """The typed rows of ``first``–``last`` of a file, or None when the DuckDB path must
    read it (another type, a value not parsed here, any row that may be wrong)."""
    try:
        if src.fmt == "parquet":
            if any(src.types.get(n) not in TAKES[n] for n in NAMES):
                return None
            table = pq.ParquetFile(src.path).read(columns=list(NAMES))
        else:
            table = pcsv.read_csv(
                src.path,
                read_options=pcsv.ReadOptions(use_threads=True),
                parse_options=pcsv.ParseOptions(delimiter=",", quote_char='"',
                                                double_quote=True, escape_char=False,
                                                newlines_in_values=True),
                convert_options=pcsv.ConvertOptions(
                    include_columns=list(NAMES), column_types=CSV_TYPES,
                    null_values=[""], strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                    true_values=["true", "True", "TRUE", "1"],
                    false_values=["false", "False", "FALSE", "0"]))
    except (pa.ArrowException, OSError, ValueError):
        return None
    return _checked(table, csv=src.fmt == "csv", first=first, last=last)


NUMPY = {pa.int8(): np.int8, pa.int16(): np.int16, pa.int32(): np.int32, pa.int64(): np.int64,
         pa.uint8(): np.uint8, pa.uint16(): np.uint16, pa.uint32(): np.uint32,
         pa.uint64(): np.uint64, pa.float32(): np.float32, pa.float64(): np.float64}


def numpy_of(column: pa.ChunkedArray | pa.Array, missing: object = None) -> np.ndarray:
    """A numeric or boolean column as one numpy array, read from its buffers (pyarrow's
    ``to_numpy``, ``fill_null`` and scalars import pandas: a second or more the first
    time). Missing values become ``missing``; without it there must be none."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    parts = [_buffer(c, missing) for c in chunks]
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return np.zeros(0, dtype=bool if column.type == pa.bool_() else NUMPY[column.type])
    return np.concatenate(parts)


def _bits(buffer: pa.Buffer | None, start: int, end: int) -> np.ndarray:
    bits = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    return np.unpackbits(bits, count=end, bitorder="little")[start:].view(bool)


def _buffer(array: pa.Array, missing: object) -> np.ndarray:
    if array.null_count and missing is None:
        raise ValueError("numpy_of: the column has missing values")
    start, end = array.offset, array.offset + len(array)
    validity, data = array.buffers()[:2]
    if array.type == pa.bool_():
        values = _bits(data, start, end)
    elif data is None:
        values = np.zeros(len(array), dtype=NUMPY[array.type])
    else:
        values = np.frombuffer(data, dtype=NUMPY[array.type], count=end)[start:]
    if array.null_count:
        values = np.where(_bits(validity, start, end), values, missing)
    return values


def _checked(table: pa.Table, *, csv: bool, first: int, last: int) -> pa.Table | None:
    if table.num_rows == 0 or sorted(table.column_names) != sorted(NAMES):
        return None
    cols = {}
    for name in ("year", "birth_year", "income_after_tax", "student", "person_id",
                 "household_id", "municipality"):
        if table[name].null_count:
            return None
    year, birth = numpy_of(table["year"]), numpy_of(table["birth_year"])
    if not _within(year, INT32) or not _within(birth, INT32):
        return None
    year, birth = year.astype(np.int32, copy=False), birth.astype(np.int32, copy=False)
    if (birth > year).any():
        return None
    for name in ("person_id", "household_id"):
        ids = table[name]
        if pc.min(pc.binary_length(ids)).as_py() == 0:
            return None
        cols[name] = ids.cast(pa.string())
    mun = _dictionary(table["municipality"])
    if not all(CODE4.fullmatch(v) for v in mun.dictionary.to_pylist()):
        return None
    zone = _dictionary(table["zone"])
    blank = [i for i, v in enumerate(zone.dictionary.to_pylist())
             if (v.strip(" ") if csv else v) == ""]
    if blank:  # those zones are missing (built from buffers: pa.array imports pandas)
        indices = numpy_of(zone.indices, missing=-1).astype(np.int32)
        valid = (indices >= 0) & ~np.isin(indices, blank)
        zone = pa.DictionaryArray.from_arrays(pa.Array.from_buffers(
            pa.int32(), len(indices),
            [pa.py_buffer(np.packbits(valid, bitorder="little")), pa.py_buffer(indices)]),
            zone.dictionary)
    rooms = table["rooms"]
    if rooms.null_count < len(rooms):
        r = numpy_of(rooms.drop_null())
        if not _within(r, INT32) or (r < 1).any():
            return None
    area = table["area_m2"].cast(pa.float64())
    if area.null_count < len(area):
        a = numpy_of(area.drop_null())
        if not np.isfinite(a).all() or (a <= 0).any():
            return None
    typed = pa.table({
        "year": table["year"].cast(pa.int32()), "person_id": cols["person_id"],
        "household_id": cols["household_id"], "birth_year": table["birth_year"].cast(pa.int32()),
        "income_after_tax": table["income_after_tax"].cast(pa.int64()),
        "student": table["student"], "municipality": mun, "zone": zone,
        "rooms": rooms.cast(pa.int32()), "area_m2": area,
    }, schema=TYPED)
    inside = (year >= first) & (year <= last)
    return typed if inside.all() else typed.filter(pa.array(inside))


def _within(values: np.ndarray, bounds: tuple[int, int]) -> bool:
    if values.dtype.itemsize < 4 or values.dtype == np.int32:
        return True
    return not values.size or (values.min() >= bounds[0] and values.max() <= bounds[1])


def _dictionary(column: pa.ChunkedArray) -> pa.DictionaryArray:
    """One dictionary-encoded array of text (the dictionaries of chunks unified)."""
    if pa.types.is_dictionary(column.type):
        array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        return array.cast(TEXT)
    array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return pc.dictionary_encode(array.cast(pa.string())).cast(TEXT)


def canonical(table: pa.Table) -> pa.Table:
    """A typed table from DuckDB (its ``typed()`` columns) in the schema ``TYPED``."""
    columns = {}
    for f in TYPED:
        column = table[f.name]
        if f.type == TEXT:
            columns[f.name] = _dictionary(column)
        else:
            columns[f.name] = column.cast(f.type)
    return pa.table(columns, schema=TYPED)
