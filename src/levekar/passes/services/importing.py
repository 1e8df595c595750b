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
from dataclasses import dataclass, field

from django.db import transaction

from levekar.core.audit import Action, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib import limits
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.core.models import Municipality
from levekar.passes.services._common import actor_fields, chunked
from levekar.people.identity import (
    InvalidNationalId,
    birth_date_from_national_id,
    national_id_clean,
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
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _parse_int(value: str) -> int:
    cleaned = value.replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?\d+", cleaned):
        raise ValueError
    return int(cleaned)


def _read_rows(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem("Filen må være lagret som UTF-8.", file=filename)]) from exc
    if not text.strip():
        raise InvalidInput([Problem("Filen er tom.", file=filename)])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        lines = list(limits.csv_rows(text, delimiter=delimiter))
    except limits.LimitExceeded as exc:
        raise InvalidInput([Problem(str(exc), file=filename)]) from None
    header = lines[0][1] if lines else []
    rows = [(n, row) for n, row in lines[1:] if any(cell.strip() for cell in row)]
    return header, rows


def _parse(data: bytes, filename: str, zones: dict[str, Zone], year_now: int):
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

    for line, row in raw_rows:
        if len(problems) > MAX_PROBLEMS:
            break

        def cell(column: str, row=row) -> str:
            i = index.get(column)
            return row[i].strip() if i is not None and i < len(row) else ""

        if len(row) != len(header):
            add(line, "", f"Raden har {len(row)} felt, men overskriften har {len(header)}.")
            continue
        key = cell("husstand")
        if not key:
            add(line, "husstand", "Husstand mangler.")
        elif len(key) > 64:
            add(line, "husstand", "Husstand kan ha høyst 64 tegn.")
        zone_code = cell("sone")
        if zone_code and zone_code not in zones:
            add(line, "sone", f"Ukjent levekårssone «{zone_code}».")
        language = cell("språk").lower() or "nb"
        if language in {"no", "nob", "norsk"}:
            language = "nb"
        if language in {"eng", "engelsk", "english"}:
            language = "en"
        if language not in {"nb", "en"}:
            add(line, "språk", "Språk må være «nb» (norsk) eller «en» (engelsk).")
        postcode = cell("postnummer")
        if postcode and not re.fullmatch(r"\d{4}", postcode):
            add(line, "postnummer", "Postnummer må ha fire siffer.")
        hh = _HouseholdRow(key, cell("adresse")[:200], postcode, cell("poststed")[:100],
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
        raw_nid = cell("fødselsnummer")
        birth_date = None
        if raw_nid:
            try:
                nid = national_id_clean(raw_nid)
                birth_date = birth_date_from_national_id(nid)
            except InvalidNationalId as exc:
                add(line, "fødselsnummer", str(exc))
            else:
                if nid in seen_ids:
                    add(line, "fødselsnummer",
                        f"Samme fødselsnummer står også på linje {seen_ids[nid]}.")
                seen_ids.setdefault(nid, line)
        raw_birth = cell("fødselsdato")
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
        first, last = cell("fornavn"), cell("etternavn")
        if not first:
            add(line, "fornavn", "Fornavn mangler.")
        if not last:
            add(line, "etternavn", "Etternavn mangler.")
        income = income_year = None
        raw_income, raw_year = cell("inntekt_etter_skatt"), cell("inntektsår")
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
    reporter.start("Kontrollerer filen")
    households, persons = _parse(data, filename, zones, today.year)
    reporter.finish()
    with transaction.atomic():
        result, person_ids = _write(municipality, households, persons, zones, reporter)
        result.rows = len(persons)
        audit_record(
            **actor_fields(actor, actor_name), action=Action.CREATE,
            object_type="people.household",
            purpose=(f"registerimport {filename}: {result.rows} rader, "
                     f"{result.households_created} nye og {result.households_updated} "
                     f"oppdaterte husstander, {result.persons_created} nye og "
                     f"{result.persons_updated} oppdaterte personer, "
                     f"{result.incomes_created + result.incomes_updated} inntekter"),
            persons=person_ids,
        )
    return result


def _write(municipality, households, persons, zones, reporter) -> tuple[ImportResult, list[int]]:
    result = ImportResult()
    reporter.start("Husstander", total=len(households))
    existing = {}
    for batch in chunked(list(households)):
        existing.update((h.external_id, h) for h in Household.objects.filter(
            municipality=municipality, external_id__in=batch))
    to_create, to_update = [], []
    for key, row in households.items():
        zone = zones.get(row.zone_code) if row.zone_code else None
        # zone_id, not zone: comparing the related object would load it row by row.
        values = {"street": row.street, "postcode": row.postcode, "city": row.city,
                  "zone_id": zone.pk if zone else None, "preferred_language": row.language}
        obj = existing.get(key)
        if obj is None:
            to_create.append(Household(municipality=municipality, external_id=key, **values))
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            to_update.append(obj)
    created = Household.objects.bulk_create(to_create, batch_size=500)
    Household.objects.bulk_update(to_update, ["street", "postcode", "city", "zone_id",
                                              "preferred_language"], batch_size=500)
    result.households_created, result.households_updated = len(created), len(to_update)
    by_key = {**existing, **{h.external_id: h for h in created}}
    reporter.advance(len(households))
    reporter.finish()

    reporter.start("Personer", total=len(persons))
    with_id = [p for p in persons if p.national_id]
    known: dict[str, Person] = {}
    for batch in chunked([p.national_id for p in with_id]):
        known.update(Person.objects.filter(national_id__in=batch).in_bulk(
            field_name="national_id"))
    # Persons without a national id are matched within their own household.
    household_ids = [by_key[p.household_key].pk for p in persons if not p.national_id]
    known_anon: dict[tuple, Person] = {}
    for batch in chunked(sorted(set(household_ids))):
        for person in Person.objects.filter(household_id__in=batch, national_id__isnull=True):
            known_anon[(person.household_id, person.first_name, person.last_name,
                        person.birth_date)] = person
    new_persons, changed = [], []
    row_person: list[Person] = []
    for p in persons:
        household = by_key[p.household_key]
        obj = known.get(p.national_id) if p.national_id else known_anon.get(
            (household.pk, p.first_name, p.last_name, p.birth_date))
        values = {"household_id": household.pk, "first_name": p.first_name,
                  "last_name": p.last_name, "birth_date": p.birth_date}
        if obj is None:
            obj = Person(national_id=p.national_id, **values)
            new_persons.append(obj)
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            changed.append(obj)
        row_person.append(obj)
    Person.objects.bulk_create(new_persons, batch_size=500)
    Person.objects.bulk_update(changed, ["household_id", "first_name", "last_name",
                                         "birth_date"], batch_size=500)
    result.persons_created, result.persons_updated = len(new_persons), len(changed)
    reporter.advance(len(persons))
    reporter.finish()

    with_income = [(obj, p) for obj, p in zip(row_person, persons, strict=True)
                   if p.income is not None]
    reporter.start("Inntekter", total=len(with_income))
    existing_income: dict[tuple[int, int], IncomeRecord] = {}
    for batch in chunked([obj.pk for obj, _ in with_income]):
        for rec in IncomeRecord.objects.filter(person_id__in=batch):
            existing_income[(rec.person_id, rec.year)] = rec
    new_income, changed_income = [], []
    for obj, p in with_income:
        rec = existing_income.get((obj.pk, p.income_year))
        if rec is None:
            new_income.append(IncomeRecord(person_id=obj.pk, year=p.income_year,
                                           income_after_tax=p.income, source="registerimport"))
        elif rec.income_after_tax != p.income:
            rec.income_after_tax = p.income
            changed_income.append(rec)
    IncomeRecord.objects.bulk_create(new_income, batch_size=500)
    IncomeRecord.objects.bulk_update(changed_income, ["income_after_tax"], batch_size=500)
    result.incomes_created, result.incomes_updated = len(new_income), len(changed_income)
    reporter.advance(len(with_income))
    reporter.finish()
    return result, [p.pk for p in row_person]
