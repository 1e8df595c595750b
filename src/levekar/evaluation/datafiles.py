"""The evaluation's data files: outcome domains and the elements of lovende praksis.

Both are JSON in ``evaluation/data/``; a malformed file is refused with a Norwegian
message naming the file and field (the instruments' schema checker is reused).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from levekar.core.errors import InvalidInput, Problem
from levekar.evaluation.lib import Domain
from levekar.followup import instruments

DATA_DIR = Path(__file__).resolve().parent / "data"
DOMAINS_FILE = DATA_DIR / "domains.json"
PRACTICE_FILE = DATA_DIR / "promising_practice.json"
SEVEN_STEPS_FILE = DATA_DIR / "sjumilssteget.json"

_LABEL = {"type": "object", "required": ["nb"], "additionalProperties": False,
          "properties": {"nb": {"type": "string", "minLength": 1}, "en": {"type": "string"}}}
_ID = {"type": "string", "pattern": "^[a-z0-9_]+$"}
DOMAINS_SCHEMA = {
    "type": "object", "required": ["domains"], "additionalProperties": False,
    "properties": {"_comment": {"type": "string"}, "domains": {
        "type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "label", "items"], "additionalProperties": False,
            "properties": {"id": _ID, "label": _LABEL,
                           "items": {"type": "array", "items": _ID},
                           "derived": {"type": "array", "items": _ID}}}}}}
PRACTICE_SCHEMA = {
    "type": "object", "required": ["elements"], "additionalProperties": False,
    "properties": {"_comment": {"type": "string"}, "elements": {
        "type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "label"], "additionalProperties": False,
            "properties": {"id": _ID, "label": _LABEL}}}}}


def _read(path: Path, schema: dict):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem(f"ikke gyldig JSON: {exc.msg}", file=path.name,
                                    line=exc.lineno)]) from exc
    problems = instruments.schema_problems(schema, data, file=path.name)
    if problems:
        raise InvalidInput(problems)
    return data


def _unique(entries: list[dict], *, file: str, key: str) -> list[Problem]:
    seen, problems = set(), []
    for i, e in enumerate(entries):
        if e["id"] in seen:
            problems.append(Problem(f"«{e['id']}» finnes to ganger", file=file,
                                    field=f"{key}.{i}.id"))
        seen.add(e["id"])
    return problems


def load_domains(path: Path = DOMAINS_FILE) -> tuple[Domain, ...]:
    """The outcome domains; every item must exist in the active mapping instrument."""
    data = _read(path, DOMAINS_SCHEMA)
    problems = _unique(data["domains"], file=path.name, key="domains")
    inst = instruments.registry().current("mapping")
    known_items = {i.id for s in inst.sections for i in s.items}
    known_derived = {d.id for d in inst.derived}
    for i, d in enumerate(data["domains"]):
        for item in d["items"]:
            if item not in known_items:
                problems.append(Problem(f"kartleggingen har ikke spørsmålet «{item}»",
                                        file=path.name, field=f"domains.{i}.items"))
        for der in d.get("derived", []):
            if der not in known_derived:
                problems.append(Problem(f"kartleggingen har ikke indikatoren «{der}»",
                                        file=path.name, field=f"domains.{i}.derived"))
    if problems:
        raise InvalidInput(problems)
    return tuple(Domain(d["id"], d["label"], tuple(d["items"]), tuple(d.get("derived", [])))
                 for d in data["domains"])


@dataclass(frozen=True)
class Element:
    id: str
    label: dict

    @property
    def text(self) -> str:
        return instruments.tr(self.label)


def load_elements(path: Path = PRACTICE_FILE) -> tuple[Element, ...]:
    data = _read(path, PRACTICE_SCHEMA)
    problems = _unique(data["elements"], file=path.name, key="elements")
    if problems:
        raise InvalidInput(problems)
    return tuple(Element(e["id"], e["label"]) for e in data["elements"])


@cache
def domains() -> tuple[Domain, ...]:
    return load_domains()


@cache
def elements() -> tuple[Element, ...]:
    return load_elements()


def domain_label(domain: Domain) -> str:
    return instruments.tr(domain.label)


SEVEN_STEPS_SCHEMA = {
    "type": "object", "required": ["steps", "levels"], "additionalProperties": False,
    "properties": {"_comment": {"type": "string"},
                   "steps": {"type": "array", "minItems": 1, "items": {
                       "type": "object", "required": ["id", "number", "label", "articles"],
                       "additionalProperties": False,
                       "properties": {"id": _ID, "number": {"type": "integer", "minimum": 1},
                                      "label": _LABEL,
                                      "articles": {"type": "array", "minItems": 1,
                                                   "items": {"type": "integer", "minimum": 1,
                                                             "maximum": 54}}}}},
                   "levels": {"type": "array", "minItems": 2, "items": {
                       "type": "object", "required": ["value", "label"],
                       "additionalProperties": False,
                       "properties": {"value": {"type": "integer", "minimum": 1},
                                      "label": _LABEL}}}}}


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    label: dict
    articles: tuple[int, ...]

    @property
    def text(self) -> str:
        return instruments.tr(self.label)

    @property
    def articles_text(self) -> str:
        return ", ".join(str(a) for a in self.articles)


@dataclass(frozen=True)
class SevenSteps:
    steps: tuple[Step, ...]
    levels: tuple[tuple[int, dict], ...]

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def level_text(self, value: int) -> str:
        return next((instruments.tr(label) for v, label in self.levels if v == value), "")

    @property
    def top_level(self) -> int:
        return max(v for v, _label in self.levels)


def load_seven_steps(path: Path = SEVEN_STEPS_FILE) -> SevenSteps:
    data = _read(path, SEVEN_STEPS_SCHEMA)
    problems = _unique(data["steps"], file=path.name, key="steps")
    if problems:
        raise InvalidInput(problems)
    return SevenSteps(
        tuple(Step(s["id"], s["number"], s["label"], tuple(s["articles"]))
              for s in sorted(data["steps"], key=lambda s: s["number"])),
        tuple((lv["value"], lv["label"]) for lv in data["levels"]))


@cache
def seven_steps() -> SevenSteps:
    return load_seven_steps()


# --- questionnaires of the group programmes (ICDP …) ------------------------------------------

QUESTIONNAIRES_FILE = DATA_DIR / "programme_questionnaires.json"
QUESTIONNAIRES_SCHEMA = {
    "type": "object", "required": ["questionnaires"], "additionalProperties": False,
    "properties": {"_comment": {"type": "string"}, "questionnaires": {
        "type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "label", "scale", "items"],
            "additionalProperties": False,
            "properties": {
                "id": _ID, "label": _LABEL,
                "scale": {"type": "object", "required": ["min", "max"],
                          "additionalProperties": False,
                          "properties": {"min": {"type": "integer"}, "max": {"type": "integer"},
                                         "labels": _LABEL}},
                "items": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["id", "label", "direction"],
                    "additionalProperties": False,
                    "properties": {"id": _ID, "label": _LABEL,
                                   "direction": {"enum": ["up", "down"]}}}}}}}}}


@dataclass(frozen=True)
class QuestionItem:
    id: str
    label: dict
    direction: str          # "up": a higher answer is better; "down": lower is better

    @property
    def text(self) -> str:
        return instruments.tr(self.label)


@dataclass(frozen=True)
class Questionnaire:
    id: str
    label: dict
    low: int
    high: int
    scale_label: dict
    items: tuple[QuestionItem, ...]

    @property
    def text(self) -> str:
        return instruments.tr(self.label)

    @property
    def scale_text(self) -> str:
        return instruments.tr(self.scale_label) if self.scale_label else ""


def load_questionnaires(path: Path = QUESTIONNAIRES_FILE) -> dict[str, Questionnaire]:
    data = _read(path, QUESTIONNAIRES_SCHEMA)
    problems = _unique(data["questionnaires"], file=path.name, key="questionnaires")
    for i, q in enumerate(data["questionnaires"]):
        problems += _unique(q["items"], file=path.name, key=f"questionnaires.{i}.items")
        if q["scale"]["min"] >= q["scale"]["max"]:
            problems.append(Problem("skalaens «min» må være lavere enn «max»", file=path.name,
                                    field=f"questionnaires.{i}.scale"))
    if problems:
        raise InvalidInput(problems)
    return {q["id"]: Questionnaire(
        q["id"], q["label"], q["scale"]["min"], q["scale"]["max"], q["scale"].get("labels", {}),
        tuple(QuestionItem(it["id"], it["label"], it["direction"]) for it in q["items"]))
        for q in data["questionnaires"]}


@cache
def questionnaires() -> dict[str, Questionnaire]:
    return load_questionnaires()
