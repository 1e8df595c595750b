# ruff: noqa: S608  (SQL is built from quoted identifiers, quoted literals and ints)
"""Reading the microdata: find the files, check them, make them one typed Arrow table.

The happy path reads each file once with pyarrow (``fast.py``) and never stores row
numbers; a file it does not take is read and checked by DuckDB (the SQL of
``columns.py``), and only when something is wrong are the files read again, numbered,
to name the file, row and column of each problem.
Row numbers: in a CSV file the line number (the header is row 1, the first person
row 2); in a Parquet file the person row (the first is row 1).
"""

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from levekar.core.lib.progress import Reporter
from levekar.stats.engine import fast
from levekar.stats.engine.columns import (
    BY_NAME,
    COLUMNS,
    MESSAGES,
    NAMES,
    ColumnSql,
    birth_problem,
    column_sql,
    lit,
    q,
)
from levekar.stats.engine.params import InputError

MAX_PROBLEMS = 20
SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".parq": "parquet", ".pq": "parquet"}


@dataclass
class Source:
    path: Path
    label: str
    fmt: str  # csv | parquet
    index: int
    types: dict[str, str] = field(default_factory=dict)  # column -> type in the file
    header: list[str] = field(default_factory=list)
    sql: dict[str, ColumnSql] = field(default_factory=dict)

    def reader(self, *, numbered: bool = False) -> str:
        p = lit(str(self.path))
        if self.fmt == "parquet":
            return f"read_parquet({p}{', file_row_number=true' if numbered else ''})"
        cols = ", ".join(f"{lit(h)}: {lit(self.types.get(h, 'VARCHAR'))}" for h in self.header)
        return (f"read_csv({p}, header=true, delim=',', quote='\"', escape='\"', "
                f"auto_detect=false, strict_mode=true, columns={{{cols}}})")

    def bad(self) -> str:
        """True for a row with any problem (the cheap test of the happy path)."""
        tests = [s.bad for s in self.sql.values() if s.bad != "FALSE"]
        tests.append(f"({self.sql['birth_year'].value} > {self.sql['year'].value})")
        return "(" + " OR ".join(tests) + ")"

    def typed(self) -> str:
        return ", ".join(f"{self.sql[c.name].value} AS {q(c.name)}" for c in COLUMNS)


def discover(input_path: Path) -> list[Path]:
    if not input_path.exists():
        raise InputError([f"{input_path}: finnes ikke"])
    if input_path.is_dir():
        files = sorted(p for p in input_path.iterdir()
                       if p.is_file() and p.suffix.lower() in SUFFIXES
                       and not p.name.startswith("."))
        if not files:
            raise InputError([f"{input_path}: mappen har ingen .csv- eller .parquet-filer"])
        return files
    return [input_path]


def _label(path: Path, input_path: Path) -> str:
    return str(path) if input_path.is_dir() else str(input_path)


def _format_of(path: Path) -> str:
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == b"PAR1":
        return "parquet"
    return SUFFIXES.get(path.suffix.lower(), "csv")


def _column_problems(label: str, found: list[str]) -> list[str]:
    problems = []
    seen = set()
    for name in found:
        if name in seen and name in BY_NAME:
            problems.append(f"{label}: kolonnen «{name}» står flere ganger i overskriften")
        seen.add(name)
    extra = [n for n in found if n not in BY_NAME]
    for name in NAMES:
        if name not in seen:
            guess = difflib.get_close_matches(name, extra, n=1, cutoff=0.6)
            hint = f" (fant «{guess[0]}» – feilstavet?)" if guess else ""
            problems.append(f"{label}, rad 1, kolonne {name}: kolonnen mangler{hint}")
    return problems


def inspect(con: duckdb.DuckDBPyConnection, path: Path, label: str, index: int) -> Source:
    """Open a file and check its columns (not yet its rows)."""
    try:
        fmt = _format_of(path)
        size = path.stat().st_size
    except OSError as exc:
        raise InputError([f"{label}: kan ikke leses ({exc.strerror or exc})"]) from exc
    if size == 0:
        raise InputError([f"{label}: filen er tom"])
    src = Source(path, label, fmt, index)
    if fmt == "csv":
        src.header, has_rows = _csv_header(path, label)
        src.types = dict.fromkeys(src.header, "VARCHAR")
        if not has_rows:
            raise InputError([f"{label}: filen har ingen rader under overskriften"])
        found = src.header
    else:
        try:
            rows = con.execute(f"SELECT sum(num_rows) FROM parquet_file_metadata({lit(str(path))})"
                           ).fetchone()[0]
            schema = con.execute(f"DESCRIBE SELECT * FROM {src.reader()}").fetchall()
        except duckdb.Error as exc:
            raise InputError([f"{label}: kan ikke leses som Parquet ({_first_line(exc)})"]
                             ) from exc
        src.types = {name: typ for name, typ, *_ in schema}
        found = list(src.types)
        if not rows:
            raise InputError([f"{label}: filen har ingen rader"])
    problems = _column_problems(label, found)
    if problems:
        raise InputError(problems)
    src.sql = {c.name: column_sql(c, src.types[c.name]) for c in COLUMNS}
    return src


def _csv_header(path: Path, label: str) -> tuple[list[str], bool]:
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the 64 KiB boundary
            line = head[: exc.start].count(b"\n") + 1
            raise InputError([f"{label}, rad {line}: teksten er ikke UTF-8"]) from exc
        text = head[: exc.start].decode("utf-8-sig")
    first, _, rest = text.partition("\n")
    header = next(csv.reader(io.StringIO(first.rstrip("\r"))), [])
    if not any(h.strip() for h in header):
        raise InputError([f"{label}: filen er tom"])
    return header, bool(rest.strip())


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _csv_error(label: str, exc: duckdb.Error) -> str:
    """DuckDB's CSV parse error, in Norwegian, with the line it names."""
    text = str(exc)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    where = f"{label}, rad {line.group(1)}" if line else label
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if counts:
        return f"{where}: feil antall felt (ventet {counts.group(1)}, fant {counts.group(2)})"
    if "unicode" in text.lower() or "utf-8" in text.lower():
        return f"{where}: teksten er ikke UTF-8"
    if "quote" in text.lower():
        return f"{where}: anførselstegn som ikke er lukket"
    return f"{where}: kan ikke leses som CSV ({_first_line(exc)})"


@dataclass
class Loaded:
    sources: list[Source]
    table: pa.Table | None  # the period's rows, typed (``fast.TYPED``); let go once counted
    period: tuple[int, int]
    viewed: bool = False


def view(con: duckdb.DuckDBPyConnection, loaded: Loaded) -> None:
    """The DuckDB view ``py`` of the period's rows, typed, read from the files again
    (only the messages on rows that disagree with each other need it)."""
    if loaded.viewed:
        return
    first, last = loaded.period
    parts = [f"SELECT {src.typed()} FROM {src.reader()} "
             f"WHERE {src.sql['year'].value} BETWEEN {first} AND {last}"
             for src in loaded.sources]
    con.execute(f"CREATE OR REPLACE TEMP VIEW py AS {' UNION ALL '.join(parts)}")
    loaded.viewed = True


def load(con: duckdb.DuckDBPyConnection, input_path: Path, period: tuple[int, int],
         reporter: Reporter) -> Loaded:
    """Check every file and return the period's rows as one typed Arrow table.

    The happy path reads each file once with pyarrow (Parquet: only the needed columns;
    CSV: with explicit column types) and checks it with vectorised tests that are at
    least as strict as the SQL checks of ``columns.py``. Anything else — a type the
    fast path does not take, a value pyarrow cannot parse, a row any test finds wrong —
    goes through the DuckDB path, which decides and names file, row and column.
    """
    files = discover(input_path)
    reporter.start("Leser og kontrollerer inndata", total=len(files))
    sources, problems = [], []
    for i, path in enumerate(files):
        try:
            sources.append(inspect(con, path, _label(path, input_path), i))
        except InputError as err:
            problems += err.problems
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    first, last = period
    tables = []
    bad_sources = []
    for src in sources:
        table = fast.read(src, first, last)
        if table is not None:
            tables.append(table)
            reporter.advance()
            continue
        try:
            part, bad = _duckdb_part(con, src, first, last)
            if not bad:
                tables.append(fast.canonical(_arrow(con, part)))
        except duckdb.Error as exc:
            problems.append(_csv_error(src.label, exc) if src.fmt == "csv"
                            else f"{src.label}: kan ikke leses ({_first_line(exc)})")
            continue
        if bad:
            bad_sources.append(src)
        reporter.advance()
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    if bad_sources:
        raise InputError(type_problems(con, bad_sources))
    table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    return Loaded(sources, table, period)


def _arrow(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    return con.sql(sql).to_arrow_table()


def _duckdb_part(con: duckdb.DuckDBPyConnection, src: Source, first: int, last: int
                 ) -> tuple[str, int]:
    """The typed period rows of ``src`` as SQL, read and checked by DuckDB, and the
    number of bad rows (of any year)."""
    if src.fmt == "csv" and _csv_native(con, src, first, last):
        return (f"SELECT * EXCLUDE (_bad) FROM src_{src.index} "
                f"WHERE year BETWEEN {first} AND {last}"), 0
    body = (f"SELECT {src.typed()}, {src.bad()} AS _bad FROM {src.reader()}")
    if src.fmt == "csv":
        con.execute(f"CREATE TEMP TABLE src_{src.index} AS SELECT * FROM ({body}) "
                    f"WHERE _bad OR year BETWEEN {first} AND {last}")
        bad = con.execute(f"SELECT count(*) FILTER (WHERE _bad) "
                          f"FROM src_{src.index}").fetchall()[0][0]
        return (f"SELECT * EXCLUDE (_bad) FROM src_{src.index} "
                f"WHERE year BETWEEN {first} AND {last}"), bad
    bad = con.execute(f"SELECT count(*) FROM {src.reader()} WHERE {src.bad()}").fetchall()[0][0]
    return (f"SELECT {src.typed()} FROM {src.reader()} "
            f"WHERE {src.sql['year'].value} BETWEEN {first} AND {last}"), bad


# CSV columns DuckDB's reader parses natively on the happy path (numbers as numbers are
# several times faster than text cast afterwards). Text columns stay text: their checks
# (true/false/1/0, four-digit codes) are the engine's own.
# Whole-number columns are read as DOUBLE, not BIGINT: DuckDB would round «12.5» into a
# BIGINT, while as a DOUBLE the engine's own check refuses it.
NATIVE_CSV = {"year": "DOUBLE", "birth_year": "DOUBLE", "income_after_tax": "DOUBLE",
              "rooms": "DOUBLE", "area_m2": "DOUBLE"}


def _csv_native(con: duckdb.DuckDBPyConnection, src: Source, first: int, last: int) -> bool:
    """Load a CSV file with its number columns parsed by DuckDB itself; False (and
    nothing left behind) when any value does not parse or any row is bad, so the text
    path can read it again and name every problem by file, row and column."""
    native = Source(src.path, src.label, src.fmt, src.index, header=src.header,
                    types={h: NATIVE_CSV.get(h, "VARCHAR") for h in src.header})
    native.sql = {c.name: column_sql(c, native.types[c.name]) for c in COLUMNS}
    table = f"src_{src.index}"
    try:
        # Bad rows are kept whatever their year (rows outside the period are checked too).
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM (SELECT {native.typed()}, "
                    f"{native.bad()} AS _bad FROM {native.reader()}) "
                    f"WHERE _bad OR year BETWEEN {first} AND {last}")
        if con.execute(f"SELECT count(*) FILTER (WHERE _bad) FROM {table}").fetchall()[0][0]:
            raise duckdb.ConversionException("bad rows")
    except duckdb.Error:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return False
    return True


def numbered(con: duckdb.DuckDBPyConnection, src: Source) -> str:
    """A relation of the file's raw columns with ``_row``, its row number (error path)."""
    if src.fmt == "parquet":
        return f"(SELECT file_row_number + 1 AS _row, * FROM {src.reader(numbered=True)})"
    name = f"numbered_{src.index}"
    if not con.execute(f"SELECT 1 FROM duckdb_tables() WHERE table_name = {lit(name)}").fetchall():
        con.execute("SET preserve_insertion_order = true")
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {src.reader()}")
        con.execute("SET preserve_insertion_order = false")
    return f"(SELECT rowid + 2 AS _row, * FROM {name})"


def type_problems(con: duckdb.DuckDBPyConnection, sources: list[Source]) -> list[str]:
    messages: list[str] = []
    birth = BY_NAME["birth_year"]
    for src in sources:
        cols = [c.name for c in COLUMNS]
        birth_sql = birth_problem(src.sql["year"], src.sql["birth_year"])
        select = ", ".join(f"{src.sql[c].problem}, {src.sql[c].shown}" for c in cols)
        rows = con.execute(f"SELECT _row, {select}, {birth_sql}, {src.sql['birth_year'].shown} "
                       f"FROM {numbered(con, src)} WHERE {src.bad()} ORDER BY _row "
                       f"LIMIT {MAX_PROBLEMS}").fetchall()
        for row in rows:
            line, values = row[0], row[1:]
            found = False
            for i, name in enumerate(cols):
                code, shown = values[2 * i], values[2 * i + 1]
                if code:
                    found = True
                    messages.append(f"{src.label}, rad {line}, kolonne {name}: "
                                    + MESSAGES[code].format(v=shown))
            if not found and values[-2]:
                messages.append(f"{src.label}, rad {line}, kolonne {birth.name}: "
                                + MESSAGES["birth"].format(v=values[-1]))
        if len(messages) >= MAX_PROBLEMS:
            break
    return messages[:MAX_PROBLEMS]


def locate(con: duckdb.DuckDBPyConnection, sources: list[Source], where: str,
           columns: list[str], limit: int = 1000) -> list[tuple]:
    """Rows (label, row, *typed columns) matching ``where`` (over typed columns)."""
    found = []
    for src in sources:
        typed = src.typed()
        sel = ", ".join(q(c) for c in columns)
        rows = con.execute(f"SELECT _row, {sel} FROM (SELECT _row, {typed} FROM "
                       f"{numbered(con, src)}) WHERE {where} ORDER BY _row LIMIT {limit}"
                       ).fetchall()
        found += [(src.label, *r) for r in rows]
    return found
