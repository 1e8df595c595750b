"""Checks of a plan file that need no database: the JSON Schema and the cross-references.

Every message is Norwegian, says what is wrong in the words of the plan (which measure,
which goal) and carries the line and the field, so that a plan owner can fix the file
without help. All problems are collected; nothing stops at the first.
"""

import ast
import datetime as dt
import json
import re
from functools import cache
from pathlib import Path as FsPath
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from levekar.core.errors import Problem
from levekar.plans.planfile.yamlmap import ParsedYaml, Path

SCHEMA_PATH = FsPath(__file__).resolve().parent.parent / "schema" / "plan.schema.json"
FORMAT = "levekar-plan/1"

_TYPE_NAMES = {
    "string": "tekst", "integer": "et heltall", "number": "et tall", "array": "en liste",
    "object": "en gruppe felt (nøkkel: verdi)", "null": "tom (null)", "boolean": "ja/nei",
}
_ENTITY = {"focus_areas": "innsatsområde", "goals": "mål", "measures": "tiltak",
           "units": "enhet", "responsible": "ansvarlig", "objectives": "delmål"}


@cache
def plan_schema() -> dict:
    with SCHEMA_PATH.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def _validator() -> Draft202012Validator:
    schema = plan_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def describe(data: Any, path: Path) -> str:
    """Where in the plan ``path`` is, in words: «tiltak 1.1.2 (mål 1.1)»."""
    where: list[str] = []
    node = data
    for i, part in enumerate(path):
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
        if isinstance(part, int) and i > 0 and path[i - 1] in _ENTITY:
            kind = _ENTITY[path[i - 1]]
            code = node.get("code") if isinstance(node, dict) else None
            if kind == "ansvarlig":
                where.append(f"ansvarlig nr. {part + 1}")
            elif isinstance(code, str | int) and str(code).strip():
                where.append(f"{kind} «{code}»")
            else:
                where.append(f"{kind} nr. {part + 1}")
    return ", ".join(reversed(where[-2:])) if where else ""


def with_where(data: Any, path: Path, message: str) -> str:
    where = describe(data, path)
    return f"{where[0].upper()}{where[1:]}: {message}" if where else message


def _field_message(error: ValidationError) -> tuple[Path, Path, str]:
    """(path for the line, path shown as the field, Norwegian message) for one error."""
    path: Path = tuple(error.absolute_path)
    name = next((p for p in reversed(path) if isinstance(p, str)), "")
    v, value, inst = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}

    if v == "required":
        m = re.match(r"^(.*) is a required property$", error.message)
        missing = ast.literal_eval(m.group(1)) if m else "?"
        extra = ""
        if "then" in error.relative_schema_path:
            extra = " (kreves når frequency er «date»)"
        return path, (*path, missing), f"mangler det påkrevde feltet «{missing}»{extra}."
    if v == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        extras = [k for k in inst if k not in allowed] if isinstance(inst, dict) else []
        key = extras[0] if extras else "?"
        known = ", ".join(sorted(allowed))
        return (*path, key), (*path, key), f"ukjent felt «{key}» (tillatte felt her: {known})."
    if v in {"minProperties", "maxProperties"}:
        return path, path, ("en ansvarlig skrives enten som «unit: enhetskode» eller som "
                            "«text: navn på instans», ett av dem.")
    if v == "type":
        wanted = value if isinstance(value, list) else [value]
        names = " eller ".join(_TYPE_NAMES.get(t, t) for t in wanted if t != "null")
        hint = ""
        if "string" in wanted and isinstance(inst, int | float) and not isinstance(inst, bool):
            hint = f" Sett verdien i anførselstegn: \"{inst}\"."
        return path, path, f"må være {names}, ikke «{inst}».{hint}"
    if v == "enum":
        shown = ", ".join(str(x) for x in value if x is not None)
        if name == "status":
            return path, path, (f"ukjent statuskode «{inst}». Gyldige koder er V, F og N og "
                                f"kombinasjoner av dem som V/F, F/N og V/F/N (eller null).")
        if name == "frequency":
            return path, path, f"ukjent frekvens «{inst}». Gyldige verdier: {shown}."
        if name == "kind":
            return path, path, f"ukjent enhetstype «{inst}». Gyldige typer: {shown}."
        return path, path, f"ugyldig verdi «{inst}». Gyldige verdier: {shown}."
    if v == "const":
        return path, path, f"må være «{value}», ikke «{inst}»."
    if v == "pattern":
        if schema.get("x-kind") == "date":
            return path, path, f"«{inst}» er ikke en dato på formen ÅÅÅÅ-MM-DD."
        if name in {"id", "previous_plan"}:
            return path, path, (f"«{inst}» er ikke en gyldig identifikator: bruk små bokstaver "
                                "uten æøå, tall og bindestrek, f.eks. lillestrom-2026-2030.")
        if name == "municipality":
            return path, path, (f"«{inst}» er ikke et kommunenummer: skriv fire sifre i "
                                "anførselstegn, f.eks. \"3205\".")
        if name == "unit" or (name == "code" and path[:1] == ("units",)):
            return path, path, (f"«{inst}» er ikke en gyldig enhetskode: bruk bokstaver, "
                                "tall, - og _.")
        if name == "indicator":
            return path, path, (f"«{inst}» er ikke en gyldig indikatorkode: bruk små "
                                "bokstaver, tall og _.")
        if name == "code":
            return path, path, "koden kan ikke være tom eller begynne/slutte med mellomrom."
        return path, path, "kan ikke være tom."
    if v == "minLength":
        return path, path, "kan ikke være tom."
    if v == "maxLength":
        return path, path, f"er for lang (høyst {value} tegn)."
    if v in {"minimum", "maximum"}:
        return path, path, f"«{inst}» er ikke et rimelig årstall (1900–2200)."
    if v == "minItems":
        return path, path, "må ha minst ett innsatsområde."
    return path, path, f"er ugyldig ({error.message})."


def schema_problems(parsed: ParsedYaml) -> list[Problem]:
    """Every JSON-Schema violation, with line, field and a Norwegian message."""
    problems = []
    for error in _validator().iter_errors(parsed.data):
        line_path, field_path, message = _field_message(error)
        problems.append(parsed.problem(line_path, with_where(parsed.data, line_path, message),
                                       field_path=field_path))
    return problems


def _entries(data: Any, key: str) -> list[tuple[int, dict]]:
    items = data.get(key) if isinstance(data, dict) else None
    return [(i, x) for i, x in enumerate(items) if isinstance(x, dict)] \
        if isinstance(items, list) else []


def iter_measures(data: Any):
    """Yield (path, focus area, goal, measure) for every measure entry in the file."""
    for i, fa in _entries(data, "focus_areas"):
        for j, goal in _entries(fa, "goals"):
            for k, measure in _entries(goal, "measures"):
                yield ("focus_areas", i, "goals", j, "measures", k), fa, goal, measure


def _is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def structure_problems(parsed: ParsedYaml) -> list[Problem]:
    """Cross-field checks the schema cannot express: unique codes, dates, periods."""
    data = parsed.data if isinstance(parsed.data, dict) else {}
    problems: list[Problem] = []

    def duplicate(path: Path, kind: str, code: Any, seen: dict[str, Path]) -> None:
        if not isinstance(code, str):
            return
        if code in seen:
            first = parsed.line(seen[code])
            problems.append(parsed.problem((*path, "code"), with_where(
                data, path, f"koden «{code}» er brukt før (linje {first}); koden for et "
                f"{kind} må være unik i planen.")))
        else:
            seen[code] = (*path, "code")

    seen_fa: dict[str, Path] = {}
    seen_goal: dict[str, Path] = {}
    seen_measure: dict[str, Path] = {}
    for i, fa in _entries(data, "focus_areas"):
        duplicate(("focus_areas", i), "innsatsområde", fa.get("code"), seen_fa)
        for j, goal in _entries(fa, "goals"):
            duplicate(("focus_areas", i, "goals", j), "mål", goal.get("code"), seen_goal)
    seen_objectives: dict[str, Path] = {}
    for n, objective in _entries(data, "objectives"):
        duplicate(("objectives", n), "delmål", objective.get("code"), seen_objectives)
    seen_units: dict[str, Path] = {}
    for n, unit in _entries(data, "units"):
        duplicate(("units", n), "enhet", unit.get("code"), seen_units)

    for path, _fa, _goal, measure in iter_measures(data):
        duplicate(path, "tiltak", measure.get("code"), seen_measure)
        named: set[str] = set()
        for n, resp in enumerate(measure.get("responsible") or []):
            unit = resp.get("unit") if isinstance(resp, dict) else None
            if isinstance(unit, str) and unit in named:
                problems.append(parsed.problem((*path, "responsible", n, "unit"), with_where(
                    data, path, f"enheten «{unit}» står to ganger som ansvarlig.")))
            named.add(unit)
        evaluation = measure.get("evaluation")
        if isinstance(evaluation, dict):
            date = evaluation.get("date")
            if isinstance(date, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) \
                    and not _is_date(date):
                problems.append(parsed.problem((*path, "evaluation", "date"), with_where(
                    data, path, f"«{date}» er ikke en dato som finnes.")))
            if date is not None and evaluation.get("frequency") != "date":
                problems.append(parsed.problem((*path, "evaluation", "date"), with_where(
                    data, path, "en evalueringsdato gjelder bare når frequency er «date».")))
        if measure.get("continues") is not None and not data.get("previous_plan"):
            problems.append(parsed.problem((*path, "continues"), with_where(
                data, path, "«continues» viser til et tiltak i forrige plan, men planen har "
                "ikke «previous_plan».")))

    period = data.get("period")
    if isinstance(period, dict):
        start, end = period.get("start"), period.get("end")
        if isinstance(start, int) and isinstance(end, int) and end < start:
            problems.append(parsed.problem(("period", "end"),
                                           f"sluttåret {end} er før startåret {start}."))
    adopted = data.get("adopted")
    if isinstance(adopted, dict):
        date = adopted.get("date")
        if isinstance(date, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) \
                and not _is_date(date):
            problems.append(parsed.problem(("adopted", "date"),
                                           f"«{date}» er ikke en dato som finnes."))
    if data.get("previous_plan") is not None and data.get("previous_plan") == data.get("id"):
        problems.append(parsed.problem(("previous_plan",),
                                       "en plan kan ikke revidere seg selv."))
    return problems


def file_problems(parsed: ParsedYaml) -> list[Problem]:
    """Every problem the file has on its own (without the database), in file order."""
    return unique_sorted(parsed.problems + schema_problems(parsed) + structure_problems(parsed))


def unique_sorted(problems: list[Problem]) -> list[Problem]:
    """In file order, one problem per line and field (the first found is the clearest)."""
    seen: set[tuple] = set()
    out = []
    for p in problems:
        key = (p.line, p.field)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return sorted(out, key=lambda p: (p.line or 0, p.field))
