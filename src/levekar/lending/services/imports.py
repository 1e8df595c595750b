"""Import an existing inventory from CSV or XLSX: one row per copy, all or nothing.

Columns (header row, any order, case and accents as written here or without them):

    eksemplarnummer*  kategori*  navn*  størrelse  alder_fra  alder_til  beskrivelse
    navn_engelsk  beskrivelse_engelsk  tilstand  utlånssted*  klassesett  anskaffet

Rows with the same category, name and size become copies of one item (created when
new). The category and the lending point must exist: an unknown one (a misspelt
"Vinterr") is an error naming the known ones, so a typo never becomes a new category in
the public catalogue. A file that is not text (a picture or a program renamed .csv) is
refused before it is read. Every problem is reported with its row and column; if there
is one, nothing is written. The CLI (``levekar lending import``) and the upload on the
inventory page (a job) both call ``inventory_import``.
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction

from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib import limits, tabular_read
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.lending.models import Category, Condition, Copy, Item, LendingPoint, RepairReport

MAX_PROBLEMS = 50

COLUMNS = {
    # canonical name: accepted header spellings (folded)
    "eksemplarnummer": {"eksemplarnummer", "eksemplarnr", "nummer", "nr"},
    "kategori": {"kategori"},
    "navn": {"navn", "utstyr"},
    "størrelse": {"størrelse", "storrelse", "str"},
    "alder_fra": {"alder_fra", "alder fra", "fra alder"},
    "alder_til": {"alder_til", "alder til", "til alder"},
    "beskrivelse": {"beskrivelse"},
    "navn_engelsk": {"navn_engelsk", "navn engelsk", "engelsk navn"},
    "beskrivelse_engelsk": {"beskrivelse_engelsk", "beskrivelse engelsk"},
    "tilstand": {"tilstand"},
    "utlånssted": {"utlånssted", "utlanssted", "sted"},
    "klassesett": {"klassesett"},
    "anskaffet": {"anskaffet", "innkjøpt", "innkjopt"},
}
REQUIRED = ("eksemplarnummer", "kategori", "navn", "utlånssted")
CONDITIONS = {
    "god": Condition.GOOD, "good": Condition.GOOD, "": Condition.GOOD,
    "slitt": Condition.WORN, "worn": Condition.WORN,
    "til reparasjon": Condition.IN_REPAIR, "reparasjon": Condition.IN_REPAIR,
    "in_repair": Condition.IN_REPAIR,
    "kassert": Condition.DISCARDED, "discarded": Condition.DISCARDED,
}
YES = {"ja", "j", "x", "yes", "1", "true", "sann"}
NO = {"nei", "n", "", "no", "0", "false", "usann"}


@dataclass(frozen=True)
class ImportProblem(Problem):
    """A problem in a spreadsheet cell: told as row and column, as a user sees them."""

    column_letter: str = ""

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.line is not None:
            where.append(f"rad {self.line}")
        if self.field:
            letter = f" {self.column_letter}" if self.column_letter else ""
            where.append(f"kolonne{letter} «{self.field}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    copies: int
    items_created: int


def _letter(index: int) -> str:
    return tabular_read.column_letter(index)


def _fold(text) -> str:
    return " ".join(str(text or "").strip().casefold().replace("_", " ").split())


def _read_rows(path: Path) -> list[list[str]]:
    """The rows of the file through the shared reader (``core.lib.tabular_read``)."""
    suffix = path.suffix.lower()
    if suffix not in tabular_read.CSV_SUFFIXES | tabular_read.XLSX_SUFFIXES:
        raise InvalidInput([ImportProblem("Filen må være .csv eller .xlsx.", file=path.name)])
    try:
        limit = (limits.MAX_XLSX_BYTES if suffix in tabular_read.XLSX_SUFFIXES
                 else limits.MAX_CSV_BYTES)
        limits.check_size(path.stat().st_size, limit)
        return [row for _number, row in
                tabular_read.read_table(path.read_bytes(), filename=path.name)]
    except limits.LimitExceeded as exc:
        raise InvalidInput([ImportProblem(str(exc), file=path.name)]) from None


def _int(value: str, lo: int, hi: int) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not re.fullmatch(r"\d+", value):
        raise ValueError(f"«{value}» er ikke et heltall")
    number = int(value)
    if not lo <= number <= hi:
        raise ValueError(f"{number} må være mellom {lo} og {hi}")
    return number


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"«{value}» er ikke en dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)")


def inventory_import(*, path: Path | str, filename: str = "",
                     reporter: Reporter = NULL_REPORTER,
                     category_map: dict[str, str] | None = None) -> ImportResult:
    """Read, check every row, then write everything in one transaction (or nothing).

    ``filename`` is the name the user knows the file by (an upload is kept under another
    name); problems name it. ``category_map`` maps a category written in the file to the
    code (or name) of a known category, as the user chose on the preview; a target that
    is not a known category is a problem. Raises ``InvalidInput`` with every problem
    found."""
    path = Path(path)
    name = filename or path.name
    if not path.is_file():
        raise InvalidInput([ImportProblem("Filen finnes ikke.", file=name)])
    try:
        rows = _read_rows(path)
    except InvalidInput as exc:
        raise InvalidInput([ImportProblem(p.message, file=name, line=p.line, field=p.field)
                            for p in exc.problems]) from None
    if not rows or not any(c.strip() for c in rows[0]):
        raise InvalidInput([ImportProblem("Filen er tom; første rad skal være overskrifter.",
                                          file=name, line=1)])
    spelling = {alias: canon for canon, aliases in COLUMNS.items()
                for alias in {_fold(a) for a in aliases}}
    columns: dict[str, int] = {}
    for index, header in enumerate(rows[0]):
        canon = spelling.get(_fold(header))
        if canon and canon not in columns:
            columns[canon] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InvalidInput([ImportProblem(
            "Kolonnen mangler i overskriftsraden. Påkrevde kolonner: " + ", ".join(REQUIRED)
            + ".", file=name, line=1, field=c) for c in missing])

    points = {}
    for p in LendingPoint.objects.all():
        points[_fold(p.name)] = p
        points[_fold(p.code)] = p
    categories = {}
    for c in Category.objects.all():
        categories[_fold(c.name)] = c
        categories[_fold(c.code)] = c
    for written, target in (category_map or {}).items():
        known_category = categories.get(_fold(target))
        if known_category is None:
            raise InvalidInput([ImportProblem(
                f"«{target}» er ikke en kjent kategori; «{written}» kan ikke flyttes dit.",
                file=name, field="kategori")])
        categories.setdefault(_fold(written), known_category)
    existing_numbers = set(Copy.objects.values_list("number", flat=True))

    problems: list[ImportProblem] = []
    parsed = []
    seen_numbers: dict[int, int] = {}

    def problem(row_no: int, column: str, message: str) -> None:
        problems.append(ImportProblem(message, file=name, line=row_no, field=column,
                                      column_letter=_letter(columns.get(column, 0))))

    reporter.start(f"Leser {name}", total=len(rows) - 1)
    for row_no, row in enumerate(rows[1:], start=2):
        reporter.advance()
        if not any((cell or "").strip() for cell in row):
            continue

        def cell(column: str, row=row) -> str:
            index = columns.get(column)
            return (row[index] if index is not None and index < len(row) else "").strip()

        before = len(problems)
        number = None
        try:
            number = _int(cell("eksemplarnummer"), 1, 2**31 - 1)
            if number is None:
                problem(row_no, "eksemplarnummer", "Eksemplarnummer mangler.")
            elif number in seen_numbers:
                problem(row_no, "eksemplarnummer",
                        f"Eksemplarnummer {number} står også på rad {seen_numbers[number]}.")
            elif number in existing_numbers:
                problem(row_no, "eksemplarnummer",
                        f"Eksemplarnummer {number} finnes allerede i utstyrsbanken.")
            else:
                seen_numbers[number] = row_no
        except ValueError as exc:
            problem(row_no, "eksemplarnummer", f"{exc}.")
        for column in ("kategori", "navn"):
            if not cell(column):
                problem(row_no, column, f"{column.capitalize()} mangler.")
        if cell("kategori") and _fold(cell("kategori")) not in categories:
            known = ", ".join(sorted({c.name for c in categories.values()})) \
                or "ingen registrert"
            problem(row_no, "kategori", f"Ukjent kategori «{cell('kategori')}» (kjente: "
                                        f"{known}). Bruk en av de kjente, eller be en "
                                        "administrator opprette kategorien først.")
        if len(cell("navn")) > 120:
            problem(row_no, "navn", "Navnet kan ha høyst 120 tegn.")
        if len(cell("størrelse")) > 40:
            problem(row_no, "størrelse", "Størrelsen kan ha høyst 40 tegn.")
        ages = {}
        for column in ("alder_fra", "alder_til"):
            try:
                ages[column] = _int(cell(column), 0, 120)
            except ValueError as exc:
                problem(row_no, column, f"{exc}.")
        if ages.get("alder_fra") is not None and ages.get("alder_til") is not None \
                and ages["alder_til"] < ages["alder_fra"]:
            problem(row_no, "alder_til", "Alder til er lavere enn alder fra.")
        condition = CONDITIONS.get(_fold(cell("tilstand")))
        if condition is None:
            problem(row_no, "tilstand", f"Ukjent tilstand «{cell('tilstand')}» (bruk god, "
                                        "slitt, til reparasjon eller kassert).")
        point = points.get(_fold(cell("utlånssted")))
        if point is None:
            known = ", ".join(sorted({p.name for p in points.values()})) or "ingen registrert"
            problem(row_no, "utlånssted", f"Ukjent utlånssted «{cell('utlånssted')}» "
                                          f"(kjente: {known}).")
        class_set = _fold(cell("klassesett"))
        if class_set not in YES | NO:
            problem(row_no, "klassesett", f"Skriv ja eller nei, ikke «{cell('klassesett')}».")
        try:
            acquired = _date(cell("anskaffet"))
        except ValueError as exc:
            acquired = None
            problem(row_no, "anskaffet", f"{exc}.")
        if len(problems) >= MAX_PROBLEMS:
            break
        if len(problems) == before:
            parsed.append({
                "row": row_no, "number": number, "category": cell("kategori"),
                "name": cell("navn"), "size": cell("størrelse"),
                "age_min": ages.get("alder_fra"), "age_max": ages.get("alder_til"),
                "description": cell("beskrivelse"), "name_en": cell("navn_engelsk"),
                "description_en": cell("beskrivelse_engelsk"), "condition": condition,
                "point": point, "class_set": class_set in YES, "acquired": acquired,
            })
    reporter.finish()
    if problems:
        raise InvalidInput(problems)
    if not parsed:
        raise InvalidInput([ImportProblem("Filen har ingen rader med utstyr.", file=name,
                                          line=2)])
    return _write(parsed, categories, name, reporter)


@transaction.atomic
def _write(parsed: list[dict], categories: dict, name: str, reporter: Reporter) -> ImportResult:
    for row in parsed:
        row["category_obj"] = categories[_fold(row["category"])]
    items = {(i.category_id, _fold(i.name), _fold(i.size)): i
             for i in Item.objects.select_related("category")}
    items_created = 0
    for row in parsed:
        key = (row["category_obj"].pk, _fold(row["name"]), _fold(row["size"]))
        if key not in items:
            item = Item(category=row["category_obj"], name=row["name"], size=row["size"],
                        name_en=row["name_en"], description=row["description"],
                        description_en=row["description_en"], age_min=row["age_min"],
                        age_max=row["age_max"], class_set=row["class_set"])
            item.save()
            items[key] = item
            items_created += 1
        row["item"] = items[key]
    reporter.start(f"Lagrer {len(parsed)} eksemplarer", total=len(parsed))
    try:
        with transaction.atomic():
            copies = Copy.objects.bulk_create([
                Copy(item=row["item"], number=row["number"], location=row["point"],
                     condition=row["condition"], acquired_on=row["acquired"])
                for row in parsed], batch_size=500)
            RepairReport.objects.bulk_create([
                RepairReport(copy=copy, description=f"Til reparasjon ved import fra {name}.")
                for copy in copies if copy.condition == Condition.IN_REPAIR])
    except IntegrityError as exc:
        raise InvalidInput([ImportProblem(
            "Noen av eksemplarnumrene ble registrert av noen andre under importen. "
            "Ingenting er lagret; kjør importen på nytt.", file=name)]) from exc
    reporter.advance(len(parsed))
    reporter.finish()
    return ImportResult(copies=len(parsed), items_created=items_created)


UPLOADS = "utstyrsimport-opplastet"
ABANDONED_AFTER_SECONDS = 24 * 3600
MAX_UPLOAD_BYTES = 32 * 1024 * 1024


def _uploads_folder() -> Path:
    from django.conf import settings

    return (Path(settings.MEDIA_ROOT) / UPLOADS).resolve()


def inventory_upload_store(*, data: bytes, filename: str) -> Path:
    """Keep an uploaded inventory file until its import job has read it (then deleted).
    The suffix is kept, since it says how the file is read (CSV or XLSX)."""
    import time
    import uuid

    suffix = Path(filename).suffix.lower()
    folder = _uploads_folder()
    folder.mkdir(parents=True, exist_ok=True)
    # A file left on the category preview without an answer is not kept for ever: the
    # job of a confirmed upload runs within minutes, so a day-old upload is abandoned.
    for old in folder.iterdir():
        if old.is_file() and old.stat().st_mtime < time.time() - ABANDONED_AFTER_SECONDS:
            old.unlink(missing_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix if suffix in {'.csv', '.xlsx', '.txt'} else ''}"
    path.write_bytes(data)
    return path


def inventory_unknown_categories(*, path: Path | str) -> list[str]:
    """The categories a file names that are not known, as written (first spelling of
    each), in file order; empty when the file cannot be read (the import then reports
    why) or names only known categories."""
    path = Path(path)
    try:
        rows = _read_rows(path)
    except InvalidInput:
        return []
    if not rows:
        return []
    header = [_fold(h) for h in rows[0]]
    index = next((i for i, h in enumerate(header) if h == "kategori"), None)
    if index is None:
        return []
    known = set()
    for c in Category.objects.all():
        known.update({_fold(c.name), _fold(c.code)})
    unknown: dict[str, str] = {}
    for row in rows[1:]:
        value = row[index].strip() if index < len(row) else ""
        if value and _fold(value) not in known:
            unknown.setdefault(_fold(value), value)
    return list(unknown.values())


def inventory_upload_get(*, token: str) -> Path | None:
    """The kept upload named ``token`` (as ``inventory_upload_store`` named it), or None:
    a token is never a path, so a form cannot point the import at another file."""
    if not re.fullmatch(r"[0-9a-f]{32}(\.csv|\.xlsx|\.txt)?", token or ""):
        return None
    path = _uploads_folder() / token
    return path if path.is_file() else None


def inventory_upload_discard(*, token: str) -> None:
    """Delete a kept upload the user refused on the preview."""
    path = inventory_upload_get(token=token)
    if path is not None:
        path.unlink(missing_ok=True)


def inventory_upload_import(*, path: Path | str, filename: str,
                            reporter: Reporter = NULL_REPORTER,
                            category_map: dict[str, str] | None = None) -> dict:
    """Import a file kept by ``inventory_upload_store`` with ``inventory_import``; the file
    is deleted afterwards whatever the outcome. Bad rows are an outcome, not an error:
    nothing is written and the problems are returned (a retry would refuse the same file
    again)."""
    path = Path(path).resolve()
    if _uploads_folder() not in path.parents:
        raise ValueError("Filen ligger ikke i mappen for opplastede importfiler.")
    if not path.exists():
        return {"ok": False, "problems": [],
                "message": f"Filen {filename} finnes ikke lenger; last den opp på nytt."}
    try:
        result = inventory_import(path=path, filename=filename, reporter=reporter,
                                  category_map=category_map)
    except InvalidInput as exc:
        path.unlink(missing_ok=True)
        problems = [str(p) for p in exc.problems]
        return {"ok": False, "problems": problems,
                "message": f"Ingenting ble importert fra {filename}: {len(problems)} feil "
                           "må rettes først."}
    path.unlink(missing_ok=True)
    return {"ok": True, "problems": [], "copies": result.copies,
            "items_created": result.items_created,
            "message": f"Importert {result.copies} eksemplarer fra {filename}, "
                       f"{result.items_created} nye utstyrstyper."}
