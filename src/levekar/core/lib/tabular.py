"""CSV for Norwegian spreadsheets, one convention for every download and export.

Semicolon-separated (Norwegian Excel reads a comma as the decimal mark), CRLF line
ends, decimals with a comma; a byte-order mark on downloads for people so Excel reads
UTF-8 (``bom=False`` for files read by other systems, e.g. payment files).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal


def _cell(value):
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return value


def csv_text(header: Sequence, rows: Iterable[Sequence], *, bom: bool = True) -> str:
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()
