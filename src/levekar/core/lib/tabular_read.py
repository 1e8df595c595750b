"""CSV and XLSX from outside: the one reader of every importer (the shared writer is
``tabular.py``).

A file is refused before it costs anything when it is not what it claims: a picture or
a program renamed ``.csv`` (a NUL byte, bytes no text encoding has, many control
characters), an XLSX that is not a zip or unpacks to too much. Text is UTF-8 (with or
without byte-order mark) or, failing that, Windows-1252 as Norwegian Excel saves it; the
delimiter is a semicolon or a comma, whichever the header row has more of. Both formats
have a cap on rows, on the length of one field (128 kB) and on time, and every problem
is a ``TabularError`` with a Norwegian message naming the row (and column, where one
field is at fault), meant for the person who gave the file.
"""

import datetime as dt
import io
from pathlib import PurePath

from levekar.core.lib import limits

# Rows of one XLSX sheet: Excel itself stops at 1 048 576; a file with more was not
# saved by a spreadsheet and is refused before openpyxl builds them all.
MAX_XLSX_ROWS = 1_048_576
CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx"}

BINARY_MESSAGE = ("Filen er ikke en tekstfil (CSV), men ser ut til å være et bilde, et "
                  "program eller en annen binærfil. Lagre regnearket som CSV "
                  "(semikolonseparert) eller XLSX og prøv igjen.")


class TabularError(limits.LimitExceeded):
    """The file cannot be read as a table; the message is Norwegian."""


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def decode_text(raw: bytes) -> str | None:
    """The bytes as text (UTF-8, else Windows-1252), or None when they are binary: a NUL
    byte, a byte no text encoding here has, or more than 1 % control characters."""
    if b"\x00" in raw[:65536]:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            return None
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    if sample and controls > len(sample) // 100:
        return None
    return text


def sniff_delimiter(text: str) -> str:
    """``;`` when the first line has more semicolons than commas, else ``,``."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def read_csv(data: bytes, *, max_rows: int | None = None,
             deadline: limits.Deadline | None = None) -> list[tuple[int, list[str]]]:
    """Every row of a CSV as ``(line_number, cells)``, header included."""
    try:
        limits.check_size(len(data), limits.MAX_CSV_BYTES)
    except limits.LimitExceeded as exc:
        raise TabularError(str(exc)) from None
    text = decode_text(data)
    if text is None:
        raise TabularError(BINARY_MESSAGE)
    try:
        return list(limits.csv_rows(text, delimiter=sniff_delimiter(text), deadline=deadline,
                                    max_rows=max_rows, header=True))
    except limits.LimitExceeded as exc:
        raise TabularError(str(exc)) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes, *, max_rows: int | None = None,
              deadline: limits.Deadline | None = None) -> list[tuple[int, list[str]]]:
    """Every row of the first sheet as ``(row_number, cells)``, header included; dates
    as ``ÅÅÅÅ-MM-DD``, whole numbers without ``.0``."""
    from openpyxl import load_workbook

    max_rows = MAX_XLSX_ROWS if max_rows is None else max_rows
    deadline = deadline or limits.Deadline()
    try:
        limits.check_size(len(data), limits.MAX_XLSX_BYTES)
        limits.check_xlsx(io.BytesIO(data))
    except limits.LimitExceeded as exc:
        raise TabularError(str(exc)) from None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
    except Exception:
        raise TabularError("Filen kan ikke leses som en Excel-arbeidsbok (XLSX); den er "
                           "skadet eller i et annet format.") from None
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if number > max_rows + 1:  # the header is not counted
                raise TabularError(f"Rad {number}: arbeidsboken har mer enn {max_rows:_} "
                                   "rader og er avvist. Del den opp."
                                   .replace("_", "\u00a0"))
            if number % 5000 == 0:
                deadline.check()
            cells = [_cell_text(v) for v in row]
            for index, cell in enumerate(cells):
                if len(cell) > limits.MAX_CSV_FIELD:
                    raise TabularError(
                        f"Rad {number}, kolonne {column_letter(index)}: feltet er lengre "
                        f"enn {limits.MAX_CSV_FIELD // 1024} kB; det er ikke en verdi filen "
                        "skal ha.")
            rows.append((number, cells))
    except limits.LimitExceeded as exc:
        raise TabularError(str(exc)) from None
    except Exception:
        # openpyxl reads lazily: a sheet broken inside the zip shows only here.
        raise TabularError("Filen kan ikke leses som en Excel-arbeidsbok (XLSX); den er "
                           "skadet eller i et annet format.") from None
    finally:
        wb.close()
    return rows


def read_table(data: bytes, *, filename: str, max_rows: int | None = None,
               deadline: limits.Deadline | None = None) -> list[tuple[int, list[str]]]:
    """The rows of a CSV (``.csv``/``.txt``) or XLSX file by its name, header first, as
    ``(row_number, cells)``. Raises ``TabularError`` with a Norwegian message."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(data, max_rows=max_rows, deadline=deadline)
    if suffix in CSV_SUFFIXES:
        return read_csv(data, max_rows=max_rows, deadline=deadline)
    raise TabularError("Filen må være .csv eller .xlsx.")
