"""Caps on what a parser of an uploaded or imported file may cost.

Every reader of files from outside (YAML plans, JSON-stat, GeoJSON, CSV, XLSX) checks
the size before parsing, refuses nesting deeper than any real file has, and stops
with a Norwegian message instead of running out of memory, time or stack. The caps are
far above the real files (the national JSON-stat tables are a few MB, a plan with
2 000 measures is under 2 MB) and far below what hurts the server.
"""

import json
import time
import zipfile
from typing import Any

MB = 1024 * 1024
MAX_JSON_BYTES = 64 * MB
MAX_YAML_BYTES = 16 * MB
MAX_CSV_BYTES = 64 * MB
MAX_XLSX_BYTES = 32 * MB
# An XLSX is a zip: what it unpacks to is what costs memory (a "zip bomb" is small).
MAX_XLSX_UNPACKED_BYTES = 256 * MB
MAX_JSON_DEPTH = 64
MAX_PARSE_SECONDS = 60.0


class LimitExceeded(ValueError):
    """A file is bigger, deeper or slower to read than any real file; the message is
    Norwegian and meant for the person who gave the file."""


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} kB"


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise LimitExceeded(f"Filen er for stor ({_mb(size)}); største tillatte størrelse er "
                            f"{_mb(limit)}.")


def check_depth(doc: Any, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Refuse a document nested deeper than ``max_depth`` (walked without recursion)."""
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > max_depth:
            raise LimitExceeded(f"Filen er nøstet for dypt (mer enn {max_depth} nivåer med "
                                "lister og objekter inni hverandre).")
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, dict | list))


def json_loads(data: bytes | str, *, max_bytes: int | None = None,
               max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` with a size cap and a nesting cap. Raises ``LimitExceeded``, or
    ``json.JSONDecodeError`` / ``UnicodeDecodeError`` as ``json.loads`` does."""
    check_size(len(data), max_bytes or MAX_JSON_BYTES)
    try:
        doc = json.loads(data)
    except RecursionError:
        raise LimitExceeded(f"Filen er nøstet for dypt (mer enn {max_depth} nivåer med lister "
                            "og objekter inni hverandre).") from None
    check_depth(doc, max_depth)
    return doc


def check_xlsx(path_or_file, *, max_unpacked: int | None = None) -> None:
    """Refuse an XLSX that unpacks to too much, before openpyxl opens it."""
    max_unpacked = max_unpacked or MAX_XLSX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(path_or_file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise LimitExceeded("Filen er ikke en gyldig XLSX-fil (Excel-arbeidsbok).") from None
    if hasattr(path_or_file, "seek"):
        path_or_file.seek(0)
    if unpacked > max_unpacked:
        raise LimitExceeded(f"Arbeidsboken pakker seg ut til {_mb(unpacked)}; største tillatte "
                            f"er {_mb(max_unpacked)}.")


class Deadline:
    """A time cap for a parser that works step by step: call ``check()`` in its loop."""

    def __init__(self, seconds: float = MAX_PARSE_SECONDS) -> None:
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() >= self.until:
            raise LimitExceeded(f"Filen tok mer enn {self.seconds:.0f} sekunder å lese og er "
                                "avvist. Del den opp eller kontroller innholdet.")


MAX_CSV_FIELD = 128 * 1024  # Python's csv default: a longer field is not a real value
# Rows of one CSV file: the national household register is about 2.4 million households;
# every file the product reads row by row (inventories, households, aggregates) is far
# below this, and each row costs Python objects.
MAX_CSV_ROWS = 3_000_000


def csv_rows(text: str, *, delimiter: str, deadline: Deadline | None = None,
             max_rows: int | None = None, header: bool = False):
    """``csv.reader`` rows as ``(line_number, row)``, with Norwegian errors: a field over
    128 kB, a broken quote, more than ``max_rows`` rows and a file that takes too long
    raise ``LimitExceeded`` naming the line. ``max_rows`` defaults to ``MAX_CSV_ROWS``;
    with ``header`` the first row is not counted."""
    import csv
    import io

    check_size(len(text.encode("utf-8")), MAX_CSV_BYTES)
    max_rows = MAX_CSV_ROWS if max_rows is None else max_rows
    deadline = deadline or Deadline()
    plain = _plain_csv_rows(text, delimiter, max_rows + 1 if header else max_rows)
    if plain is not None:
        deadline.check()
        yield from plain
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    count = -1 if header else 0
    while True:
        before = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                column = _long_field_column(text, before, delimiter)
                where = f" (kolonne {column})" if column else ""
                raise LimitExceeded(f"Linje {line}: et felt er lengre enn "
                                    f"{MAX_CSV_FIELD // 1024} kB{where}; det er ikke en "
                                    "verdi filen skal ha.") from None
            raise LimitExceeded(f"Linje {line}: filen kan ikke leses som CSV (et "
                                "anførselstegn som ikke er lukket, eller et tegn som ikke "
                                "hører hjemme).") from None
        count += 1
        if count > max_rows:
            raise LimitExceeded(f"Linje {reader.line_num}: filen har mer enn "
                                f"{max_rows:_} rader og er avvist. Del den opp."
                                .replace("_", "\u00a0"))
        if reader.line_num % 5000 == 0:
            deadline.check()
        yield reader.line_num, row


def _plain_csv_rows(text: str, delimiter: str, max_rows: int) -> list | None:
    """The rows of a CSV without quotes, carriage returns or NUL characters, split with
    ``str.split`` (four times faster than ``csv.reader``, with the same rows and line
    numbers: such a file's records are its lines and its fields what lies between the
    delimiters, and ``csv.reader`` gives an empty line as ``[]``). None for any other
    file, for one with a line as long as the field limit or with more than ``max_rows``
    rows: ``csv.reader`` reads those and names what is wrong."""
    import csv

    if '"' in text or "\r" in text or "\x00" in text:
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the file ends with a line break, not an empty record
    if len(lines) > max_rows or max(map(len, lines), default=0) >= csv.field_size_limit():
        return None
    return list(zip(range(1, len(lines) + 1),
                    [line.split(delimiter) if line else [] for line in lines], strict=True))


def _long_field_column(text: str, lines_before: int, delimiter: str) -> str:
    """The spreadsheet letter of the first field over ``MAX_CSV_FIELD`` in the record
    that starts after ``lines_before`` lines (only called when reading has failed)."""
    import io

    from levekar.core.lib.tabular_read import column_letter

    offset = sum(len(line) for _, line in zip(range(lines_before),
                                              io.StringIO(text, newline=""), strict=False))
    column, length, quoted, i = 0, 0, False, offset
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if text.startswith('"', i + 1):
                    i += 1
                    length += 1
                else:
                    quoted = False
            else:
                length += 1
        elif ch == '"':
            quoted = True
        elif ch == delimiter:
            column, length = column + 1, 0
        elif ch in "\r\n":
            return ""
        else:
            length += 1
        if length > MAX_CSV_FIELD:
            return column_letter(column)
        i += 1
    return ""


def csv_records(text: str, *, delimiter: str, deadline: Deadline | None = None,
                max_rows: int | None = None) -> tuple[list[str], Any]:
    """The header (stripped) and the rows after it as ``(line_number, dict)``, the way
    ``csv.DictReader`` gives them (blank rows skipped, missing fields ``None``, extra
    fields in a list under the key ``None``), with the caps and Norwegian errors of
    ``csv_rows``. The header is read at once; the rows when iterated."""
    rows = csv_rows(text, delimiter=delimiter, deadline=deadline, max_rows=max_rows,
                    header=True)
    header: list[str] = []
    for _line, first in rows:
        if first:
            header = [c.strip() for c in first]
            break

    def records():
        width = len(header)
        for line, row in rows:
            if not row:
                continue
            record: dict = dict(zip(header, row, strict=False))
            for name in header[len(row):]:
                record[name] = None
            if len(row) > width:
                record[None] = row[width:]
            yield line, record

    return header, records()
