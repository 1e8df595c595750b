"""CSV and XLSX for Norwegian spreadsheets: the one writer of every download and export.

CSV: semicolon-separated (Norwegian Excel reads a comma as the decimal mark), CRLF line
ends, decimals with a comma; a byte-order mark on downloads for people so Excel reads
UTF-8 (``bom=False`` for files read by other systems, e.g. payment files).

Both formats neutralise spreadsheet formulas (OWASP "CSV injection"): a text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width
forms, which some spreadsheets also read as formulas) is written with a leading
apostrophe in CSV, and as a quoted *text* cell in XLSX, never as a formula. Numbers are
numbers and are left alone, so ``-3`` stays a negative number, and so is text that is
only a sign, digits and spaces (a phone number such as ``+47 912 34 567``): it can neither
call a function nor refer to a cell.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"[+-][0-9 ]*[0-9]([.,][0-9]+)?")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula."""
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def neutralise(text: str) -> str:
    """The text as a CSV cell that no spreadsheet runs: a leading apostrophe when needed."""
    return "'" + text if is_formula_like(text) else text


def _csv_cell(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, int) or value is None:
        return value
    return neutralise(str(value))


def csv_text(header: Sequence, rows: Iterable[Sequence], *, bom: bool = True) -> str:
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(str(h)) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


@dataclass
class XlsxSheet:
    """One sheet of a workbook: a bold header row and the rows below it.

    ``widths`` maps 1-based column numbers to widths; ``decimal_format`` is applied to
    cells holding a float or Decimal; ``freeze`` is the top-left cell that does not scroll
    (``None`` to freeze nothing); ``header=None`` writes the rows only.
    """

    title: str
    header: Sequence | None
    rows: Iterable[Sequence] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    decimal_format: str | None = None
    freeze: str | None = "A2"


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _put(ws, row: int, column: int, value, *, decimal_format: str | None = None):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _xlsx_value(value)
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        # Control characters are not allowed in the file format; dropping them is safer
        # than failing the whole download.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        # openpyxl turns any text starting with "=" into a formula; a text cell is text.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    else:
        cell.value = value
        if decimal_format and isinstance(value, float):
            cell.number_format = decimal_format
    return cell


def xlsx_bytes(sheets: Iterable[XlsxSheet]) -> bytes:
    """A workbook with the given sheets, every text cell written as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(str(sheet.title)[:31])
        r = 1
        if sheet.header is not None:
            for c, value in enumerate(sheet.header, start=1):
                _put(ws, r, c, value).font = bold
            r += 1
        for row in sheet.rows:
            for c, value in enumerate(row, start=1):
                _put(ws, r, c, value, decimal_format=sheet.decimal_format)
            r += 1
        for column, width in sheet.widths.items():
            ws.column_dimensions[get_column_letter(column)].width = width
        if sheet.freeze and sheet.header is not None:
            ws.freeze_panes = sheet.freeze
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
