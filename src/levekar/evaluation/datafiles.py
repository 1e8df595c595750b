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
