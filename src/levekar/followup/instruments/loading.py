"""Reading instrument files: JSON-schema and semantic checks with Norwegian errors that
name the file and field, and the registry of every known (id, version)."""

import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import jsonschema
from django.conf import settings

from levekar.core.errors import InvalidInput, Problem
from levekar.followup.instruments.model import (
    DATA_DIR,
    ITEM_TYPES,
    PARTS,
    RESPONDENTS,
    SCOPES,
    Derived,
    Instrument,
    Item,
    Measure,
    Option,
    Scale,
    Section,
)

# --- structure --------------------------------------------------------------------------

_LABEL = {"type": "object", "required": ["nb"], "properties": {
    "nb": {"type": "string", "minLength": 1}, "en": {"type": "string"}},
    "additionalProperties": False}
_OPTION = {"type": "object", "required": ["value", "label"], "properties": {
    "value": {"type": ["string", "integer"]}, "label": _LABEL, "rank": {"type": "number"}},
    "additionalProperties": False}
_COMMON = {"_comment": {"type": "string"}, "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
           "version": {"type": "integer", "minimum": 1}, "title": _LABEL,
           "licence": {"type": "string"}}
MAPPING_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "version", "purpose", "title", "sections"],
    "properties": {**_COMMON, "purpose": {"const": "mapping"},
        "scales": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "title", "min", "max", "options", "items"],
            "properties": {"id": {"type": "string"}, "title": _LABEL, "help": _LABEL,
                           "min": {"type": "integer"}, "max": {"type": "integer"},
                           "score": {"const": "sum"},
                           "options": {"type": "array", "items": _OPTION, "minItems": 2},
                           "items": {"type": "array", "minItems": 1, "items": {
                               "type": "object", "required": ["id", "label"],
                               "additionalProperties": False,
                               "properties": {"id": {"type": "string"}, "label": _LABEL}}}}}},
        "sections": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "scope", "title", "items"],
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                "part": {"enum": [*PARTS, None]}, "scope": {"enum": list(SCOPES)},
                "respondent": {"enum": list(RESPONDENTS)},
                "min_age": {"type": "integer", "minimum": 0, "maximum": 25},
                "title": _LABEL,
                "items": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["id", "type", "label"],
                    "properties": {
                        "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                        "type": {"enum": list(ITEM_TYPES)}, "label": _LABEL, "help": _LABEL,
                        "options": {"type": "array", "items": _OPTION, "minItems": 1},
                        "min": {"type": "integer"}, "max": {"type": "integer"},
                        "max_length": {"type": "integer", "minimum": 1},
                        "unit": {"type": "string"}, "scale": {"type": "string"},
                        "direction": {"enum": ["higher_better", "lower_better"]},
                        "compare": {"const": "count"}}}}}}},
        "derived": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "function", "section", "inputs", "label"],
            "properties": {"id": {"type": "string"}, "function": {"enum": ["crowding", "contains"]},
                           "section": {"type": "string"}, "label": _LABEL,
                           "inputs": {"type": "object",
                                      "additionalProperties": {"type": "string"}},
                           "value": {"type": ["string", "integer"]},
                           "direction": {"enum": ["higher_better", "lower_better"]}}}},
    },
}
_MEASURE = {"type": "object", "additionalProperties": False,
            "required": ["id", "kind", "title", "min", "max", "items"],
            "properties": {"id": {"type": "string"}, "kind": {"enum": ["outcome", "alliance"]},
                           "title": _LABEL, "help": _LABEL,
                           "min": {"type": "integer"}, "max": {"type": "integer"},
                           "cutoff": {"type": "number"},
                           "items": {"type": "array", "minItems": 1, "items": {
                               "type": "object", "additionalProperties": False,
                               "required": ["id", "label"],
                               "properties": {"id": {"type": "string"}, "label": _LABEL,
                                              "low": _LABEL, "high": _LABEL}}}}}
FEEDBACK_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "version", "purpose", "title", "measures", "flags"],
    "properties": {**_COMMON, "purpose": {"const": "session_feedback"},
                   "measures": {"type": "array", "minItems": 2, "maxItems": 2, "items": _MEASURE},
                   "flags": {"type": "object", "additionalProperties": False,
                             "required": ["window"],
                             "properties": {"window": {"type": "integer", "minimum": 2},
                                            "outcome_min_change": {"type": "number"},
                                            "alliance_falling": {"type": "boolean"}}}},
}


_TYPE_NAMES = {"string": "tekst", "integer": "heltall", "number": "tall", "boolean": "ja/nei",
               "object": "objekt", "array": "liste", "null": "tom"}


def _schema_message(e) -> str:
    """A JSON-schema error in words a caseworker can act on."""
    v = e.validator
    if v == "required":
        return f"mangler feltet «{e.message.split(chr(39))[1]}»"
    if v == "type":
        types = e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
        return f"feil type, skal være {' eller '.join(_TYPE_NAMES.get(t, t) for t in types)}"
    if v in ("enum", "const"):
        allowed = e.validator_value if v == "enum" else [e.validator_value]
        return f"ugyldig verdi {e.instance!r}; lovlige verdier: {', '.join(map(str, allowed))}"
    if v == "additionalProperties":
        extra = sorted(set(e.instance) - set(e.schema.get("properties", {})))
        return f"ukjent felt «{', '.join(extra)}»"
    if v in ("minItems", "maxItems"):
        return f"feil antall elementer (skal være {'minst' if v == 'minItems' else 'høyst'} " \
               f"{e.validator_value})"
    if v in ("minimum", "maximum"):
        return f"verdien er {'for liten' if v == 'minimum' else 'for stor'} " \
               f"(grense {e.validator_value})"
    if v == "pattern":
        return f"ugyldig format på {e.instance!r}"
    if v == "minLength":
        return "kan ikke være tom"
    return f"ugyldig verdi ({e.message})"


def schema_problems(schema: dict, data, *, file: str) -> list[Problem]:
    """Every place ``data`` breaks ``schema``, as Problems naming the file and field path."""
    validator = jsonschema.Draft202012Validator(schema)
    return [Problem(_schema_message(e), file=file,
                    field=".".join(str(p) for p in e.absolute_path) or "(rot)")
            for e in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))]


def _opts(raw) -> tuple[Option, ...]:
    return tuple(Option(o["value"], o["label"], o.get("rank")) for o in raw or ())


def instrument_from_dict(data: dict, *, file: str = "") -> Instrument:
    """Validate a parsed instrument file; raise InvalidInput naming the file and field."""
    purpose = data.get("purpose") if isinstance(data, dict) else None
    schema = FEEDBACK_SCHEMA if purpose == "session_feedback" else MAPPING_SCHEMA
    problems = schema_problems(schema, data, file=file)
    if problems:
        raise InvalidInput(problems)
    if purpose == "session_feedback":
        measures = tuple(Measure(m["id"], m["kind"], m["title"], m["min"], m["max"],
                                 tuple(m["items"]), m.get("cutoff"), m.get("help"))
                         for m in data["measures"])
        if {m.kind for m in measures} != {"outcome", "alliance"}:
            raise InvalidInput([Problem("må ha ett mål av typen «outcome» og ett av typen "
                                        "«alliance»", file=file, field="measures")])
        return Instrument(data["id"], data["version"], purpose, data["title"],
                          data.get("licence", ""), measures=measures, flags=data["flags"])
    scales = {}
    for s in data.get("scales", []):
        scales[s["id"]] = Scale(s["id"], s["title"], s["min"], s["max"], _opts(s["options"]),
                                tuple((i["id"], i["label"]) for i in s["items"]), s.get("help"))
    sections, seen = [], set()
    for si, s in enumerate(data["sections"]):
        items = []
        for ii, i in enumerate(s["items"]):
            where = f"sections.{si}.items.{ii}"
            if i["id"] in seen:
                problems.append(Problem(f"spørsmålet «{i['id']}» finnes to ganger", file=file,
                                        field=where))
            seen.add(i["id"])
            if i["type"] in ("choice", "multichoice") and not i.get("options"):
                problems.append(Problem("valgspørsmål må ha «options»", file=file, field=where))
            if i["type"] == "scale" and i.get("scale") not in scales:
                problems.append(Problem(f"ukjent skala «{i.get('scale')}»", file=file,
                                        field=where))
            lo, hi = (0, 10) if i["type"] == "ladder" else (i.get("min"), i.get("max"))
            items.append(Item(i["id"], i["type"], i["label"], i.get("help"),
                              _opts(i.get("options")), lo, hi, i.get("max_length", 2000),
                              i.get("unit", ""), i.get("scale", ""), i.get("direction", ""),
                              i.get("compare", "")))
        if s.get("respondent") == "child" and s["scope"] != "child":
            problems.append(Problem("bare en del for barn («scope»: «child») kan besvares av "
                                    "barnet selv", file=file, field=f"sections.{si}.respondent"))
        sections.append(Section(s["id"], s.get("part"), s["scope"], s["title"], tuple(items),
                                s.get("respondent", "parent"), s.get("min_age")))
    derived = []
    for di, d in enumerate(data.get("derived", [])):
        if d["section"] not in {s.id for s in sections}:
            problems.append(Problem(f"ukjent del «{d['section']}»", file=file,
                                    field=f"derived.{di}.section"))
        derived.append(Derived(d["id"], d["function"], d["section"], d["inputs"], d["label"],
                               d.get("value"), d.get("direction", "")))
    if problems:
        raise InvalidInput(problems)
    return Instrument(data["id"], data["version"], "mapping", data["title"],
                      data.get("licence", ""), tuple(sections), scales, tuple(derived))


def load_file(path: Path) -> Instrument:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem(f"ikke gyldig JSON: {exc.msg}", file=path.name,
                                    line=exc.lineno)]) from exc
    return instrument_from_dict(data, file=path.name)


class Registry:
    """All known instruments by (id, version), and which one is used for new records."""

    def __init__(self, instruments: Iterable[Instrument], active: dict[str, str]):
        self._by_key: dict[tuple[str, int], Instrument] = {}
        for inst in instruments:
            if (inst.id, inst.version) in self._by_key:
                raise InvalidInput([Problem(f"instrumentet {inst.key} finnes to ganger")])
            self._by_key[(inst.id, inst.version)] = inst
        self.active = active

    def get(self, instrument_id: str, version: int) -> Instrument:
        try:
            return self._by_key[(instrument_id, int(version))]
        except KeyError:
            raise InvalidInput([Problem(f"ukjent instrument {instrument_id}@{version}")]) from None

    def current(self, purpose: str) -> Instrument:
        wanted = self.active.get(purpose)
        versions = [i for (iid, _v), i in self._by_key.items()
                    if iid == wanted and i.purpose == purpose]
        if not versions:
            raise InvalidInput([Problem(f"fant ikke instrumentet «{wanted}» for «{purpose}»",
                                        file="active.json", field=purpose)])
        return max(versions, key=lambda i: i.version)

    def all(self) -> list[Instrument]:
        return sorted(self._by_key.values(), key=lambda i: (i.id, i.version))


def load_registry(directories: Sequence[Path]) -> Registry:
    """Read every ``*.json`` instrument (and ``active.json``) from the directories, in order;
    a later ``active.json`` overrides an earlier one."""
    instruments, active, problems = [], {}, []
    for directory in directories:
        for path in sorted(Path(directory).glob("*.json")):
            if path.name == "active.json":
                active.update({k: v for k, v in json.loads(path.read_text("utf-8")).items()
                               if not k.startswith("_")})
                continue
            try:
                instruments.append(load_file(path))
            except InvalidInput as exc:
                problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    return Registry(instruments, active)


@cache
def registry() -> Registry:
    extra = [Path(p) for p in getattr(settings, "LEVEKAR_INSTRUMENT_DIRS", [])]
    return load_registry([DATA_DIR, *extra])
