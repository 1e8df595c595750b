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
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection, transaction

from levekar.core.audit import Kind, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib import limits, tabular_read
from levekar.core.lib.gcpause import gc_paused
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.core.models import Municipality
from levekar.passes.services import _bulk
from levekar.passes.services._common import CHUNK, actor_fields, chunked
from levekar.people.identity import InvalidNationalId, national_id_reader
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
# The largest amount the database's 64-bit integer column holds: above it SQLite would
# keep an approximation (a float) and PostgreSQL refuse the whole import.
MAX_AMOUNT = 2 ** 63 - 1
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


class _HouseholdRow(NamedTuple):
    external_id: str
    street: str
    postcode: str
    city: str
    zone_code: str
    language: str
    line: int


class _PersonRow(NamedTuple):
    """One person row (a tuple: a register has 100 000s and a dataclass per row cost a
    second of the check)."""

    household_key: str
    national_id: str | None
    first_name: str
    last_name: str
    birth_date: dt.date | None
    income_year: int | None
    income: int | None
    line: int


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
    """Header and rows through the shared reader (``core.lib.tabular_read``): CSV in
    UTF-8 or Windows-1252, or XLSX; binary files and oversized fields refused. Blank rows
    are kept: ``_parse`` skips them as it strips the cells it reads anyway."""
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
    return header, lines[1:]


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
    (i_key, i_street, i_postcode, i_city, i_zone, i_language, i_nid, i_first, i_last,
     i_birth, i_year, i_income) = (index.get(column, width) for column in COLUMNS)
    read_national_id = national_id_reader(today=dt.date.today())
    # The same few thousand values recur in 100 000s of rows: each is checked once.
    languages = {"": "nb", "no": "nb", "nob": "nb", "norsk": "nb", "nb": "nb",
                 "eng": "en", "engelsk": "en", "english": "en", "en": "en"}
    good_postcodes: set[str] = set()
    dates: dict[str, dt.date] = {}
    years: dict[str, int] = {}
    latest = dt.date(year_now + 1, 12, 31)
    count = 0
    for line, row in raw_rows:
        vals = list(map(str.strip, row))
        if not any(vals):
            continue  # a blank row
        if len(problems) > MAX_PROBLEMS:
            break
        count += 1
        if count % 10_000 == 0:
            reporter.advance(10_000)
        if len(row) != width:
            add(line, "", f"Raden har {len(row)} felt, men overskriften har {len(header)}.")
            continue
        vals.append("")
        key = vals[i_key]
        if not key:
            add(line, "husstand", "Husstand mangler.")
        elif len(key) > 64:
            add(line, "husstand", "Husstand kan ha høyst 64 tegn.")
        zone_code = vals[i_zone]
        if zone_code and zone_code not in zones:
            add(line, "sone", f"Ukjent levekårssone «{zone_code}».")
        raw_language = vals[i_language].lower()
        language = languages.get(raw_language, raw_language)
        if language != "nb" and language != "en":
            add(line, "språk", "Språk må være «nb» (norsk) eller «en» (engelsk).")
        postcode = vals[i_postcode]
        if postcode and postcode not in good_postcodes:
            if re.fullmatch(r"\d{4}", postcode):
                good_postcodes.add(postcode)
            else:
                add(line, "postnummer", "Postnummer må ha fire siffer.")
        if key:
            known = households.get(key)
            street = vals[i_street][:200]
            if known is None:
                households[key] = _HouseholdRow(key, street, postcode, vals[i_city][:100],
                                                zone_code, language, line)
            elif (known.street != street or known.postcode != postcode
                  or known.zone_code != zone_code or known.language != language):
                for column, a, b in (("adresse", known.street, street),
                                     ("postnummer", known.postcode, postcode),
                                     ("sone", known.zone_code, zone_code),
                                     ("språk", known.language, language)):
                    if a != b:
                        add(line, column, f"Husstand {key} har en annen verdi på linje "
                                          f"{known.line} («{a}»).")

        nid = None
        raw_nid = vals[i_nid]
        birth_date = None
        if raw_nid:
            try:
                nid, birth_date = read_national_id(raw_nid)
            except InvalidNationalId as exc:
                add(line, "fødselsnummer", str(exc))
            else:
                seen = seen_ids.setdefault(nid, line)
                if seen != line:
                    add(line, "fødselsnummer",
                        f"Samme fødselsnummer står også på linje {seen}.")
        raw_birth = vals[i_birth]
        if raw_birth:
            given = dates.get(raw_birth)
            if given is None:
                try:
                    given = dates[raw_birth] = _parse_date(raw_birth)
                except ValueError:
                    add(line, "fødselsdato",
                        "Fødselsdato må skrives ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ.")
            if given is not None:
                if birth_date and given != birth_date:
                    add(line, "fødselsdato", "Fødselsdatoen stemmer ikke med fødselsnummeret.")
                birth_date = birth_date or given
        elif not raw_nid:
            add(line, "fødselsnummer", "Personen må ha fødselsnummer eller fødselsdato.")
        if birth_date and birth_date > latest:
            add(line, "fødselsdato", "Fødselsdatoen ligger i framtiden.")
        first, last = vals[i_first], vals[i_last]
        if not first:
            add(line, "fornavn", "Fornavn mangler.")
        if not last:
            add(line, "etternavn", "Etternavn mangler.")
        income = income_year = None
        raw_income, raw_year = vals[i_income], vals[i_year]
        if raw_income:
            if raw_income.isdigit() and raw_income.isascii():
                income = int(raw_income)  # the common case
            else:
                try:
                    income = _parse_int(raw_income)
                except ValueError:
                    add(line, "inntekt_etter_skatt",
                        f"«{raw_income}» er ikke et helt kronebeløp (for eksempel 412000).")
            if income is not None and not -MAX_AMOUNT <= income <= MAX_AMOUNT:
                income = None
                add(line, "inntekt_etter_skatt",
                    f"«{raw_income}» er ikke et mulig kronebeløp (for stort).")
            if not raw_year:
                add(line, "inntektsår", "Inntektsår mangler når inntekt er oppgitt.")
        if raw_year:
            income_year = years.get(raw_year)
            if income_year is None:
                try:
                    income_year = _parse_int(raw_year)
                    if not 1990 <= income_year <= year_now:
                        raise ValueError
                except ValueError:
                    income_year = None
                    add(line, "inntektsår",
                        f"Inntektsår må være et årstall fra 1990 til {year_now}.")
                else:
                    years[raw_year] = income_year
            if not raw_income:
                add(line, "inntekt_etter_skatt", "Inntekt mangler når inntektsår er oppgitt.")
        persons.append(_PersonRow(key, nid, first[:100], last[:100], birth_date, income_year,
                                  income, line))
    if not count:
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
    with gc_paused():
        return _import(actor=actor, municipality=municipality, data=data, filename=filename,
                       actor_name=actor_name, reporter=reporter, today=today)


def _import(*, actor, municipality, data, filename, actor_name, reporter, today):
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
    zone_ids = {code: zone.pk for code, zone in zones.items()}
    zone_ids[""] = None
    for key, row in households.items():
        values = (row.street, row.postcode, row.city, zone_ids[row.zone_code], row.language)
        known = existing.get(key)
        if known is None:
            new_households.append((municipality.pk, key, *values))
        elif known[1:] != values:
            changed_households.append((known[0], *values))
    new_ids: list[int] = []
    _bulk.insert(Household, ["municipality_id", "external_id", *hh_fields], new_households,
                 ids=new_ids)
    _bulk.update(Household, hh_fields, changed_households)
    household_ids = {key: row[0] for key, row in existing.items()}
    if new_ids:
        household_ids.update(zip([row[1] for row in new_households], new_ids, strict=True))
    elif new_households:
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
    new_ids = []
    _bulk.insert(Person, ["national_id", *person_fields], new_persons, ids=new_ids)
    _bulk.update(Person, person_fields, changed_persons)
    if new_ids:
        # The new persons are the rows without a key yet, in the same order.
        fresh = iter(new_ids)
        row_ids = [pk if pk is not None else next(fresh) for pk in row_ids]
    elif new_persons:
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
