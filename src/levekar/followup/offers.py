"""Tiltaksoversikten: every offer a family can be referred to, as data the municipality edits.

The catalogue is a YAML document (``followup/data/offers.yaml`` is the first one; the fields
are described at its top). The BTI coordinator keeps it current in the browser; every save is
a revision in the database (``OfferCatalogueRevision``) and the newest one is used. Reading
and checking the document lives here, pure (no database): errors name the file, line and
field in Norwegian.

BTI prevention levels (seeds/004, 5.2.2): universal (everyone, in the basic services),
selective (extra support where the universal is not enough), indicated (high risk or clear
signs). Grunntjenester are helsestasjon and school health service, kindergartens and schools;
støttetjenester give advice, guidance and support to them and to families.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

from levekar.core.errors import InvalidInput, Problem
from levekar.followup.instruments import schema_problems

OFFERS_FILE = Path(__file__).resolve().parent / "data" / "offers.yaml"

PREVENTION = {"universal": _("Universal"), "selective": _("Selective"),
              "indicated": _("Indicated")}
SERVICE = {"basic": _("Basic service (grunntjeneste)"),
           "support": _("Support service (støttetjeneste)"),
           "other": _("Other (voluntary, state, leisure)")}
AREAS = ("work_economy", "housing", "health", "school", "leisure", "parenting", "language")

_TEXT = {"type": "string", "minLength": 1}
SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["offers"],
    "properties": {"offers": {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "name", "description", "provider", "prevention", "service",
                     "bti_levels", "decided_by", "how_to_refer"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9-]+$", "maxLength": 80},
            "name": _TEXT, "description": _TEXT, "provider": _TEXT, "decided_by": _TEXT,
            "how_to_refer": _TEXT,
            "unit": {"type": "string", "pattern": "^[a-z0-9-]+$"},
            "prevention": {"enum": list(PREVENTION)},
            "service": {"enum": list(SERVICE)},
            "bti_levels": {"type": "array", "minItems": 1,
                           "items": {"type": "integer", "minimum": 0, "maximum": 3}},
            "areas": {"type": "array", "items": {"enum": list(AREAS)}},
            "link": {"type": "string", "pattern": "^(https?://|/)"},
            "entitlements": {"type": "array", "items": {"type": "string",
                                                        "pattern": "^[a-z0-9_]+$"}},
        }}}},
}


@dataclass(frozen=True)
class Offer:
    id: str
    name: str
    description: str
    provider: str
    unit: str
    prevention: str
    service: str
    bti_levels: tuple[int, ...]
    areas: tuple[str, ...]
    decided_by: str
    how_to_refer: str
    link: str
    entitlements: tuple[str, ...]

    @property
    def prevention_label(self):
        return PREVENTION[self.prevention]

    @property
    def service_label(self):
        return SERVICE[self.service]


@dataclass(frozen=True)
class Catalogue:
    offers: tuple[Offer, ...]

    def get(self, offer_id: str) -> Offer | None:
        return next((o for o in self.offers if o.id == offer_id), None)

    def for_entitlement(self, scheme_id: str) -> Offer | None:
        return next((o for o in self.offers if scheme_id in o.entitlements), None)

    def for_level(self, level: int) -> list[Offer]:
        return [o for o in self.offers if level in o.bti_levels]

    def for_area(self, area: str) -> list[Offer]:
        return [o for o in self.offers if area in o.areas]


def _line_of(node, path) -> int | None:
    """The line (1-based) of the YAML node at ``path`` (keys and list indices)."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and step < len(node.value):
            node = node.value[step]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def parse(text: str, *, file: str = "offers.yaml",
          known_entitlements: set[str] | None = None) -> Catalogue:
    """Read and check a catalogue document; ``InvalidInput`` names file, line and field."""
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidInput([Problem(f"ikke gyldig YAML: {getattr(exc, 'problem', exc)}",
                                    file=file, line=mark.line + 1 if mark else None)]) from exc
    problems = []
    for p in schema_problems(SCHEMA, data, file=file):
        path = [int(s) if s.isdigit() else s for s in (p.field or "").split(".")
                if s and s != "(rot)"]
        problems.append(Problem(p.message, file=file, line=_line_of(root, path),
                                field=p.field))
    if problems:
        raise InvalidInput(problems)
    offers, seen = [], set()
    for n, raw in enumerate(data["offers"]):
        if raw["id"] in seen:
            problems.append(Problem(f"tilbudet «{raw['id']}» finnes to ganger", file=file,
                                    line=_line_of(root, ["offers", n, "id"]),
                                    field=f"offers.{n}.id"))
        seen.add(raw["id"])
        for m, scheme in enumerate(raw.get("entitlements", [])):
            if known_entitlements is not None and scheme not in known_entitlements:
                problems.append(Problem(f"ukjent rettighet «{scheme}»", file=file,
                                        line=_line_of(root, ["offers", n, "entitlements", m]),
                                        field=f"offers.{n}.entitlements.{m}"))
        offers.append(Offer(raw["id"], raw["name"].strip(), raw["description"].strip(),
                            raw["provider"].strip(), raw.get("unit", ""), raw["prevention"],
                            raw["service"], tuple(sorted(set(raw["bti_levels"]))),
                            tuple(raw.get("areas", ())), raw["decided_by"].strip(),
                            raw["how_to_refer"].strip(), raw.get("link", ""),
                            tuple(raw.get("entitlements", ()))))
    if problems:
        raise InvalidInput(problems)
    return Catalogue(tuple(offers))


def shipped_text() -> str:
    return OFFERS_FILE.read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def parse_cached(text: str) -> Catalogue:
    """The same document is parsed once per process (the newest revision rarely changes)."""
    return parse(text)
