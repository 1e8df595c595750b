"""Import of households, members and income after tax from a register extract (CSV).

All or nothing: every row is checked first and every problem is reported with its line
and column; only a clean file is written, in one transaction. Households are matched on
the register's household id, persons on their fødselsnummer (or, without one, on name
and date of birth within the household), incomes on person and year — so importing the
same file twice changes nothing. The import adds and updates; it never removes anyone.

Because a register extract has tens of thousands of rows it is written with bulk
inserts, not row by row through ``people.services``; it then writes ONE audit event
naming the file and the counts, with every person concerned as a subject.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from levekar.core.audit import Kind, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib import limits, tabular_read
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.core.models import Municipality
from levekar.passes.services import _bulk
from levekar.passes.services._common import CHUNK, actor_fields, chunked
from levekar.people.identity import (
    InvalidNationalId,
    national_id_parse,
    synthetic_ids_allowed,
)
from levekar.people.models import Household, IncomeRecord, Person, Zone

# Column → (Norwegian header as written in files, required)
COLUMNS = {
    "husstand": True,
    "adresse": False,
    "postnummer": False,
    "poststed": False,
    "sone": False,
    "språk": False,
    "fødselsnummer": False,
    "fornavn": True,
    "etternavn": True,
    "fødselsdato": False,
    "inntektsår": False,
    "inntekt_etter_skatt": False,
}
MAX_PROBLEMS = 50
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def _fold(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower()).translate(_FOLD)


_HEADER_ALIASES = {_fold(c): c for c in COLUMNS}


@dataclass
class ImportResult:
    households_created: int = 0
    households_updated: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    incomes_created: int = 0
    incomes_updated: int = 0
    rows: int = 0

    @property
    def households(self) -> int:
        return self.households_created + self.households_updated


@dataclass
class _HouseholdRow:
    external_id: str
    street: str
    postcode: str
    city: str
    zone_code: str
    language: str
    line: int


@dataclass
class _PersonRow:
    household_key: str
    national_id: str | None
    first_name: str
    last_name: str
    birth_date: dt.date | None
    income_year: int | None
    income: int | None
    line: int
    extra: dict = field(default_factory=dict)


def _parse_date(value: str) -> dt.date:
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)  # the common case, 20 times faster
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _parse_int(value: str) -> int:
    cleaned = value.replace(" ", "").replace("\u00a0", "")
    if cleaned.isascii() and cleaned.isdigit():
        return int(cleaned)  # the common case, without the pattern
    if not re.fullmatch(r"-?\d+", cleaned):
        raise ValueError
    return int(cleaned)


def _read_rows(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and non-blank rows through the shared reader (``core.lib.tabular_read``):
    CSV in UTF-8 or Windows-1252, or XLSX; binary files and oversized fields refused."""
    if not data.strip():
        raise InvalidInput([Problem("Filen er tom.", file=filename)])
    try:
        # A register extract is CSV whatever it is called; a workbook is read as one.
        if filename.lower().endswith(".xlsx"):
            lines = tabular_read.read_xlsx(data)
        else:
            lines = tabular_read.read_csv(data)
    except limits.LimitExceeded as exc:
        raise InvalidInput([Problem(str(exc), file=filename)]) from None
    header = lines[0][1] if lines else []
    rows = [(n, row) for n, row in lines[1:] if any(row) and "".join(row).strip()]
    return header, rows


def _parse(data: bytes, filename: str, zones: dict[str, Zone], year_now: int,
           reporter: Reporter = NULL_REPORTER):
    header, raw_rows = _read_rows(data, filename)
    problems: list[Problem] = []
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        column = _HEADER_ALIASES.get(_fold(name))
        if column is None:
            problems.append(Problem(f"Ukjent kolonne «{name.strip()}». Gyldige kolonner: "
                                    f"{', '.join(COLUMNS)}.", file=filename, line=1))
        elif column in index:
            problems.append(Problem(f"Kolonnen «{column}» står to ganger.", file=filename,
                                    line=1))
        else:
            index[column] = i
    for column, required in COLUMNS.items():
        if required and column not in index:
            problems.append(Problem(f"Mangler kolonnen «{column}».", file=filename, line=1))
    if problems:
        raise InvalidInput(problems)

    households: dict[str, _HouseholdRow] = {}
    persons: list[_PersonRow] = []
    seen_ids: dict[str, int] = {}

    def add(line: int, column: str, message: str) -> None:
        problems.append(Problem(message, file=filename, line=line, field=column))

    width = len(header)
    # A column the file lacks reads the empty string appended after the row's own cells.
    at = {column: index.get(column, width) for column in COLUMNS}
    allow_synthetic = synthetic_ids_allowed()
    today = dt.date.today()
    for n, (line, row) in enumerate(raw_rows):
        if len(problems) > MAX_PROBLEMS:
            break
        if n % 10_000 == 0 and n:
            reporter.advance(10_000)
        if len(row) != width:
            add(line, "", f"Raden har {len(row)} felt, men overskriften har {len(header)}.")
            continue
        vals = [value.strip() for value in row]
        vals.append("")
        key = vals[at["husstand"]]
        if not key:
            add(line, "husstand", "Husstand mangler.")
        elif len(key) > 64:
            add(line, "husstand", "Husstand kan ha høyst 64 tegn.")
        zone_code = vals[at["sone"]]
        if zone_code and zone_code not in zones:
            add(line, "sone", f"Ukjent levekårssone «{zone_code}».")
        language = vals[at["språk"]].lower() or "nb"
        if language in {"no", "nob", "norsk"}:
            language = "nb"
        if language in {"eng", "engelsk", "english"}:
            language = "en"
        if language not in {"nb", "en"}:
            add(line, "språk", "Språk må være «nb» (norsk) eller «en» (engelsk).")
        postcode = vals[at["postnummer"]]
        if postcode and not re.fullmatch(r"\d{4}", postcode):
            add(line, "postnummer", "Postnummer må ha fire siffer.")
        hh = _HouseholdRow(key, vals[at["adresse"]][:200], postcode, vals[at["poststed"]][:100],
                           zone_code, language, line)
        if key:
            known = households.get(key)
            if known is None:
                households[key] = hh
            else:
                for column, a, b in (("adresse", known.street, hh.street),
                                     ("postnummer", known.postcode, hh.postcode),
                                     ("sone", known.zone_code, hh.zone_code),
                                     ("språk", known.language, hh.language)):
                    if a != b:
                        add(line, column, f"Husstand {key} har en annen verdi på linje "
                                          f"{known.line} («{a}»).")

        nid = None
        raw_nid = vals[at["fødselsnummer"]]
        birth_date = None
        if raw_nid:
            try:
                nid, birth_date = national_id_parse(raw_nid, allow_synthetic=allow_synthetic,
                                                    today=today)
            except InvalidNationalId as exc:
                add(line, "fødselsnummer", str(exc))
            else:
                if nid in seen_ids:
                    add(line, "fødselsnummer",
                        f"Samme fødselsnummer står også på linje {seen_ids[nid]}.")
                seen_ids.setdefault(nid, line)
        raw_birth = vals[at["fødselsdato"]]
        if raw_birth:
            try:
                given = _parse_date(raw_birth)
            except ValueError:
                add(line, "fødselsdato", "Fødselsdato må skrives ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ.")
            else:
                if birth_date and given != birth_date:
                    add(line, "fødselsdato", "Fødselsdatoen stemmer ikke med fødselsnummeret.")
                birth_date = birth_date or given
        if not raw_nid and not raw_birth:
            add(line, "fødselsnummer", "Personen må ha fødselsnummer eller fødselsdato.")
        if birth_date and birth_date > dt.date(year_now + 1, 12, 31):
            add(line, "fødselsdato", "Fødselsdatoen ligger i framtiden.")
        first, last = vals[at["fornavn"]], vals[at["etternavn"]]
        if not first:
            add(line, "fornavn", "Fornavn mangler.")
        if not last:
            add(line, "etternavn", "Etternavn mangler.")
        income = income_year = None
        raw_income, raw_year = vals[at["inntekt_etter_skatt"]], vals[at["inntektsår"]]
        if raw_income:
            try:
                income = _parse_int(raw_income)
            except ValueError:
                add(line, "inntekt_etter_skatt",
                    f"«{raw_income}» er ikke et helt kronebeløp (for eksempel 412000).")
            if not raw_year:
                add(line, "inntektsår", "Inntektsår mangler når inntekt er oppgitt.")
        if raw_year:
            try:
                income_year = _parse_int(raw_year)
                if not 1990 <= income_year <= year_now:
                    raise ValueError
            except ValueError:
                add(line, "inntektsår", f"Inntektsår må være et årstall fra 1990 til {year_now}.")
            if not raw_income:
                add(line, "inntekt_etter_skatt", "Inntekt mangler når inntektsår er oppgitt.")
        persons.append(_PersonRow(key, nid, first[:100], last[:100], birth_date, income_year,
                                  income, line))
    if not raw_rows:
        problems.append(Problem("Filen har ingen rader under overskriften.", file=filename))
    if problems:
        if len(problems) > MAX_PROBLEMS:
            extra = len(problems) - MAX_PROBLEMS
            problems = problems[:MAX_PROBLEMS]
            problems.append(Problem(f"… og flere feil (minst {extra}). Rett disse først.",
                                    file=filename))
        raise InvalidInput(problems)
    return households, persons


def households_import(*, actor, municipality: Municipality, data: bytes, filename: str,
                      actor_name: str = "", reporter: Reporter = NULL_REPORTER,
                      today: dt.date | None = None) -> ImportResult:
    """Import a CSV register extract; raise ``InvalidInput`` naming every bad line/field."""
    today = today or dt.date.today()
    zones = {z.code: z for z in Zone.objects.filter(municipality=municipality)}
    reporter.start("Kontrollerer filen", total=max(data.count(b"\n") - 1, 0))
    households, persons = _parse(data, filename, zones, today.year, reporter)
    reporter.finish()
    with _large_cache(), transaction.atomic():
        result, person_ids = _write(municipality, households, persons, zones, reporter)
        result.rows = len(persons)
        audit_record(
            **actor_fields(actor, actor_name), kind=Kind.PASS_HOUSEHOLD_IMPORT,
            object_type="people.household",
            detail=(f"registerimport {filename}: {result.rows} rader, "
                     f"{result.households_created} nye og {result.households_updated} "
                     f"oppdaterte husstander, {result.persons_created} nye og "
                     f"{result.persons_updated} oppdaterte personer, "
                     f"{result.incomes_created + result.incomes_updated} inntekter"),
            persons=person_ids,
        )
    return result


def _households_of(municipality, keys: list[str], *fields: str):
    """``(external_id, *fields)`` of the municipality's households with these keys: by
    key for a small file, in one read of the municipality for a large one (the key has
    no index of its own, so 100 lookups of 900 keys would each read the whole table)."""
    qs = Household.objects.filter(municipality=municipality).exclude(external_id="")
    if len(keys) <= 2 * CHUNK:
        for batch in chunked(keys):
            yield from qs.filter(external_id__in=batch).values_list("external_id", *fields)
        return
    wanted = set(keys)
    for row in qs.values_list("external_id", *fields).iterator(chunk_size=5000):
        if row[0] in wanted:
            yield row


def _lookup(qs, field: str, keys: list, *fields: str):
    """``(key, *fields)`` rows of ``qs`` whose ``field`` is one of ``keys``: by key for a
    few keys, in one read of ``qs`` for many (hundreds of ``IN`` queries of 900 keys
    cost more than reading the table once)."""
    if len(keys) <= 2 * CHUNK:
        for batch in chunked(keys):
            yield from qs.filter(**{f"{field}__in": batch}).values_list(field, *fields)
        return
    wanted = set(keys)
    for row in qs.values_list(field, *fields).iterator(chunk_size=5000):
        if row[0] in wanted:
            yield row


@contextmanager
def _large_cache():
    """SQLite's page cache is 2 MB by default; an import of 100 000 households writes
    tables and indexes far larger than that, so it gets 256 MB while it runs."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _write(municipality, households, persons, zones, reporter) -> tuple[ImportResult, list[int]]:
    """Write checked rows with plain multi-row statements (``_bulk``): one query per 900
    keys to find what exists, then INSERT what is new and UPDATE what changed."""
    result = ImportResult()
    reporter.start("Husstander", total=len(households))
    hh_fields = ["street", "postcode", "city", "zone_id", "preferred_language"]
    existing: dict[str, tuple] = {}
    for key, *row in _households_of(municipality, list(households), "id", *hh_fields):
        existing[key] = tuple(row)
    new_households, changed_households = [], []
    for key, row in households.items():
        zone = zones.get(row.zone_code) if row.zone_code else None
        values = (row.street, row.postcode, row.city, zone.pk if zone else None, row.language)
        known = existing.get(key)
        if known is None:
            new_households.append((municipality.pk, key, *values))
        elif known[1:] != values:
            changed_households.append((known[0], *values))
    _bulk.insert(Household, ["municipality_id", "external_id", *hh_fields], new_households)
    _bulk.update(Household, hh_fields, changed_households)
    household_ids = {key: row[0] for key, row in existing.items()}
    if new_households:
        household_ids.update(_households_of(municipality, [row[1] for row in new_households],
                                            "id"))
    result.households_created = len(new_households)
    result.households_updated = len(changed_households)
    reporter.advance(len(households))
    reporter.finish()

    reporter.start("Personer", total=len(persons))
    person_fields = ["household_id", "first_name", "last_name", "birth_date"]
    known: dict[str, tuple] = {}
    for nid, *row in _lookup(Person.objects.filter(national_id__isnull=False), "national_id",
                             [p.national_id for p in persons if p.national_id], "id",
                             *person_fields):
        known[nid] = tuple(row)
    # Persons without a national id are matched within their own household, on name and
    # date of birth.
    anon_households = sorted({household_ids[p.household_key] for p in persons
                              if not p.national_id})
    known_anon: dict[tuple, int] = {}
    for batch in chunked(anon_households):
        for pk, *key in Person.objects.filter(household_id__in=batch, national_id__isnull=True) \
                .values_list("id", *person_fields).order_by("id"):
            known_anon.setdefault(tuple(key), pk)
    new_persons, changed_persons = [], []
    row_ids: list[int | None] = []
    for p in persons:
        values = (household_ids[p.household_key], p.first_name, p.last_name, p.birth_date)
        pk = None
        if p.national_id:
            match = known.get(p.national_id)
            if match is not None:
                pk = match[0]
                if match[1:] != values:
                    changed_persons.append((pk, *values))
        else:
            pk = known_anon.get(values)
        if pk is None:
            new_persons.append((p.national_id, *values))
        row_ids.append(pk)
    _bulk.insert(Person, ["national_id", *person_fields], new_persons)
    _bulk.update(Person, person_fields, changed_persons)
    if new_persons:
        created: dict[str, int] = {}
        created.update(_lookup(Person.objects.filter(national_id__isnull=False),
                               "national_id", [row[0] for row in new_persons if row[0]], "id"))
        before = set(known_anon.values())
        created_anon: dict[tuple, list[int]] = {}
        for batch in chunked(sorted({row[1] for row in new_persons if not row[0]})):
            for pk, *key in Person.objects.filter(household_id__in=batch,
                                                  national_id__isnull=True) \
                    .values_list("id", *person_fields).order_by("id"):
                if pk not in before:
                    created_anon.setdefault(tuple(key), []).append(pk)
        for n, p in enumerate(persons):
            if row_ids[n] is None:
                row_ids[n] = created[p.national_id] if p.national_id else created_anon[(
                    household_ids[p.household_key], p.first_name, p.last_name,
                    p.birth_date)].pop(0)
    result.persons_created, result.persons_updated = len(new_persons), len(changed_persons)
    reporter.advance(len(persons))
    reporter.finish()

    with_income = [(pk, p) for pk, p in zip(row_ids, persons, strict=True)
                   if p.income is not None]
    reporter.start("Inntekter", total=len(with_income))
    existing_income: dict[tuple[int, int], tuple[int, int]] = {}
    for person_id, year, pk, amount in _lookup(
            IncomeRecord.objects.all(), "person_id", sorted({pk for pk, _p in with_income}),
            "year", "id", "income_after_tax"):
        existing_income[(person_id, year)] = (pk, amount)
    new_income, changed_income = [], []
    for person_id, p in with_income:
        match = existing_income.get((person_id, p.income_year))
        if match is None:
            new_income.append((person_id, p.income_year, p.income, "registerimport"))
        elif match[1] != p.income:
            changed_income.append((match[0], p.income))
    _bulk.insert(IncomeRecord, ["person_id", "year", "income_after_tax", "source"], new_income)
    _bulk.update(IncomeRecord, ["income_after_tax"], changed_income)
    result.incomes_created, result.incomes_updated = len(new_income), len(changed_income)
    reporter.advance(len(with_income))
    reporter.finish()
    return result, row_ids
