"""Instruments as data: the mapping (kartlegging) and session feedback (FIT).

An instrument is a JSON file in ``followup/data/instruments/`` (plus any directory in the
optional setting ``LEVEKAR_INSTRUMENT_DIRS``, for licensed forms a municipality must not
publish): ``id``, ``version``, ``purpose`` ("mapping" | "session_feedback"), texts in
``{"nb": …, "en": …}``, and sections/items/scales (mapping) or measures/flags (feedback).
Every stored mapping or feedback keeps the instrument id and version it was filled with,
so a new version never breaks an old record. ``active.json`` names the instrument used
for new records; its newest version is taken.

Pure: no database. Answers are a JSON document
``{"household": {item: value}, "persons": {"<person pk>": {item: value}}}``.
"""

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jsonschema
from django.conf import settings
from django.utils.translation import get_language

from levekar.core.errors import InvalidInput, Problem
from levekar.followup.crowding import is_crowded

DATA_DIR = Path(__file__).resolve().parent / "data" / "instruments"
PARTS = ("economy", "housing", "work", "health", "school", "child_welfare", "leisure")
SCOPES = ("household", "adult", "child")
ITEM_TYPES = ("integer", "boolean", "choice", "multichoice", "text", "ladder", "scale")


def tr(text) -> str:
    """The current language's text of a ``{"nb": …, "en": …}`` label (nb as fallback)."""
    if not isinstance(text, dict):
        return "" if text is None else str(text)
    lang = (get_language() or "nb")[:2]
    return text.get(lang) or text.get("nb") or next(iter(text.values()), "")


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


@dataclass(frozen=True)
class Option:
    value: object
    label: dict
    rank: float | None = None


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    label: dict
    help: dict | None = None
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    max_length: int = 2000
    unit: str = ""
    scale: str = ""
    direction: str = ""
    compare: str = ""

    def option(self, value) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Scale:
    id: str
    title: dict
    min: int
    max: int
    options: tuple[Option, ...]
    items: tuple[tuple[str, dict], ...]
    help: dict | None = None

    @property
    def total_range(self) -> tuple[int, int]:
        return self.min * len(self.items), self.max * len(self.items)


@dataclass(frozen=True)
class Section:
    id: str
    part: str | None
    scope: str
    title: dict
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Derived:
    id: str
    function: str
    section: str
    inputs: dict
    label: dict
    value: object = None
    direction: str = ""


@dataclass(frozen=True)
class Measure:
    id: str
    kind: str
    title: dict
    min: int
    max: int
    items: tuple[dict, ...]
    cutoff: float | None = None
    help: dict | None = None

    @property
    def total_range(self) -> tuple[int, int]:
        return self.min * len(self.items), self.max * len(self.items)


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    purpose: str
    title: dict
    licence: str = ""
    sections: tuple[Section, ...] = ()
    scales: dict = field(default_factory=dict)
    derived: tuple[Derived, ...] = ()
    measures: tuple[Measure, ...] = ()
    flags: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def item(self, item_id: str) -> tuple[Section, Item] | None:
        for s in self.sections:
            for i in s.items:
                if i.id == item_id:
                    return s, i
        return None

    def measure(self, kind: str) -> Measure:
        return next(m for m in self.measures if m.kind == kind)


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
            items.append(Item(i["id"], i["type"], i["label"], i.get("help"), _opts(i.get("options")),
                              lo, hi, i.get("max_length", 2000), i.get("unit", ""),
                              i.get("scale", ""), i.get("direction", ""), i.get("compare", "")))
        sections.append(Section(s["id"], s.get("part"), s["scope"], s["title"], tuple(items)))
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


# --- answers ------------------------------------------------------------------------------

def _check_value(item: Item, value, scales: dict, where: str) -> tuple[object, list[Problem]]:
    """One answer, cleaned; None means not answered."""
    bad = [Problem("ugyldig svar", field=where)]
    if value is None or value == "" or value == []:
        return None, []
    t = item.type
    if t in ("integer", "ladder"):
        if isinstance(value, bool) or not isinstance(value, int):
            return None, bad
        if (item.min is not None and value < item.min) or (item.max is not None
                                                             and value > item.max):
            return None, [Problem(f"må være mellom {item.min} og {item.max}", field=where)]
        return value, []
    if t == "boolean":
        return (value, []) if isinstance(value, bool) else (None, bad)
    if t == "choice":
        return (value, []) if item.option(value) else (None, bad)
    if t == "multichoice":
        if not isinstance(value, list) or any(item.option(v) is None for v in value):
            return None, bad
        order = [o.value for o in item.options]
        return sorted(set(value), key=order.index), []
    if t == "text":
        if not isinstance(value, str):
            return None, bad
        if len(value) > item.max_length:
            return None, [Problem(f"høyst {item.max_length} tegn", field=where)]
        return value.strip() or None, []
    if t == "scale":
        scale = scales[item.scale]
        if (not isinstance(value, list) or len(value) != len(scale.items)
                or any(v is not None and (isinstance(v, bool) or not isinstance(v, int)
                                          or not scale.min <= v <= scale.max) for v in value)):
            return None, bad
        return (None if all(v is None for v in value) else value), []
    return None, bad


def validate_answers(instrument: Instrument, answers: dict,
                     person_scopes: dict[int, str]) -> dict:
    """The answers document cleaned against the instrument, or InvalidInput.

    ``person_scopes`` maps each person pk of the case to "adult" or "child": a person gets
    the person sections of their scope only. Unanswered items are left out.
    """
    problems: list[Problem] = []
    if not isinstance(answers, dict):
        raise InvalidInput([Problem("svarene må være et JSON-objekt")])
    clean: dict = {"household": {}, "persons": {}}
    household = answers.get("household") or {}
    for section in instrument.sections:
        if section.scope == "household":
            for item in section.items:
                value, p = _check_value(item, household.get(item.id), instrument.scales,
                                        f"{section.id}.{item.id}")
                problems += p
                if value is not None:
                    clean["household"][item.id] = value
    known_household = {i.id for s in instrument.sections if s.scope == "household"
                       for i in s.items}
    problems += [Problem("ukjent spørsmål", field=k) for k in household if k not in known_household]
    for key, values in (answers.get("persons") or {}).items():
        try:
            pid = int(key)
        except (TypeError, ValueError):
            problems.append(Problem("ukjent person", field=f"persons.{key}"))
            continue
        if pid not in person_scopes:
            problems.append(Problem("personen er ikke med i familieløpet", field=f"persons.{key}"))
            continue
        scope = person_scopes[pid]
        allowed = {i.id: (s, i) for s in instrument.sections if s.scope == scope for i in s.items}
        out = {}
        for item_id, raw in (values or {}).items():
            if item_id not in allowed:
                problems.append(Problem("spørsmålet gjelder ikke denne personen",
                                        field=f"persons.{pid}.{item_id}"))
                continue
            section, item = allowed[item_id]
            value, p = _check_value(item, raw, instrument.scales,
                                    f"persons.{pid}.{section.id}.{item_id}")
            problems += p
            if value is not None:
                out[item_id] = value
        if out:
            clean["persons"][str(pid)] = out
    if problems:
        raise InvalidInput(problems)
    return clean


def scale_total(values) -> int | None:
    """Sum of a scale's item scores; None unless every item is answered."""
    if not isinstance(values, list) or any(v is None for v in values):
        return None
    return sum(values)


def derived_values(instrument: Instrument, answers: dict) -> dict[str, object]:
    """The instrument's derived household indicators (crowding …) for one answers document."""
    h = answers.get("household", {})
    out: dict[str, object] = {}
    for d in instrument.derived:
        if d.function == "crowding":
            persons = h.get(d.inputs.get("persons", ""))
            out[d.id] = (None if not persons else
                         is_crowded(persons=persons, rooms=h.get(d.inputs.get("rooms", "")),
                                    area_m2=h.get(d.inputs.get("area_m2", ""))))
        elif d.function == "contains":
            values = h.get(d.inputs.get("values", ""))
            out[d.id] = None if values is None else d.value in values
    return out


def _fmt_int(n) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def display_value(instrument: Instrument, item: Item, value) -> str:
    """An answer as the page shows it (in the current language)."""
    if value is None:
        return "–"
    yes, no = ("Ja", "Nei") if (get_language() or "nb")[:2] != "en" else ("Yes", "No")
    if item.type == "boolean":
        return yes if value else no
    if item.type == "choice":
        opt = item.option(value)
        return tr(opt.label) if opt else str(value)
    if item.type == "multichoice":
        return ", ".join(tr(o.label) for o in item.options if o.value in value) or "–"
    if item.type == "ladder":
        return f"{value} / 10"
    if item.type == "scale":
        total = scale_total(value)
        lo, hi = instrument.scales[item.scale].total_range
        return f"{total} ({lo}–{hi})" if total is not None else "–"
    if item.type == "integer":
        return f"{_fmt_int(value)} {item.unit}".strip()
    return str(value)


def comparable(item: Item, value) -> float | None:
    """A number to compare start and latest by, or None when the item is not compared.
    An empty tick-list counts as none ticked (the form cannot tell it from unanswered)."""
    if not item.direction:
        return None
    if item.type == "multichoice" and item.compare == "count":
        return float(len(value or []))
    if value is None:
        return None
    if item.type in ("integer", "ladder"):
        return float(value)
    if item.type == "boolean":
        return 1.0 if value else 0.0
    if item.type == "choice":
        opt = item.option(value)
        return None if opt is None or opt.rank is None else float(opt.rank)
    if item.type == "scale":
        total = scale_total(value)
        return None if total is None else float(total)
    return None


BETTER, WORSE, SAME, NO_COMPARISON = "better", "worse", "same", "none"


def change_direction(direction: str, start: float | None, latest: float | None) -> str:
    if start is None or latest is None or not direction:
        return NO_COMPARISON
    if latest == start:
        return SAME
    up = latest > start
    return BETTER if up == (direction == "higher_better") else WORSE


# --- session feedback (FIT) ------------------------------------------------------------------

@dataclass(frozen=True)
class Session:
    """One person's feedback at one meeting: totals of the two measures."""

    on: dt.date
    outcome: int
    alliance: int


ALLIANCE_LOW, ALLIANCE_FALLING, OUTCOME_NOT_IMPROVING = (
    "alliance_low", "alliance_falling", "outcome_not_improving")


def feedback_flags(instrument: Instrument, sessions: Sequence[Session]) -> list[str]:
    """Why a person is not on track, from their sessions in date order (oldest first).

    - ``alliance_low``: the latest alliance total is below the alliance measure's cut-off;
    - ``alliance_falling``: the alliance total fell at each of the last ``window`` sessions;
    - ``outcome_not_improving``: over the last ``window`` sessions the outcome total rose by
      less than ``outcome_min_change`` and is still below the outcome measure's cut-off.
    """
    flags: list[str] = []
    if not sessions:
        return flags
    cfg = instrument.flags
    window = int(cfg["window"])
    alliance, outcome = instrument.measure("alliance"), instrument.measure("outcome")
    last = sessions[-1]
    if alliance.cutoff is not None and last.alliance < alliance.cutoff:
        flags.append(ALLIANCE_LOW)
    if cfg.get("alliance_falling", True) and len(sessions) >= window:
        tail = [s.alliance for s in sessions[-window:]]
        if all(b < a for a, b in itertools.pairwise(tail)):
            flags.append(ALLIANCE_FALLING)
    if len(sessions) >= window:
        change = last.outcome - sessions[-window].outcome
        below = outcome.cutoff is None or last.outcome < outcome.cutoff
        if change < cfg.get("outcome_min_change", 1) and below:
            flags.append(OUTCOME_NOT_IMPROVING)
    return flags


def validate_feedback(instrument: Instrument, outcome: Sequence, alliance: Sequence
                      ) -> tuple[list[int], list[int]]:
    """Item scores of both measures, each within the measure's range; InvalidInput else."""
    problems = []
    out = []
    for measure, values in ((instrument.measure("outcome"), outcome),
                            (instrument.measure("alliance"), alliance)):
        vals = list(values)
        if len(vals) != len(measure.items) or any(
                isinstance(v, bool) or not isinstance(v, int) or not measure.min <= v <= measure.max
                for v in vals):
            problems.append(Problem(f"{len(measure.items)} svar mellom {measure.min} og "
                                    f"{measure.max} trengs", field=measure.id))
        out.append(vals)
    if problems:
        raise InvalidInput(problems)
    return out[0], out[1]
