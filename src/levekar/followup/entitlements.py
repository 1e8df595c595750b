"""Mulige rettigheter: schemes a family may be entitled to, from its latest mapping.

Rules, limits and amounts live in ``followup/data/entitlements.json`` with dates of
validity, never in code. The result is always "mulig rett – må sjekkes": a prompt for
the coordinator and the family, never a decision (the agency named in ``decided_by``
decides).

The rule language (validated when the file is loaded, errors name the file and path):
- a condition is ``{"all": [c, …]}``, ``{"any": [c, …]}``, ``{"not": c}``,
  ``{"any_child": c}`` / ``{"all_children": c}`` (c is about one child's facts), or a
  comparison ``{"field": <fact>, <op>: <value>}`` with op one of eq, ne, in, not_in,
  contains, not_contains, lt, lte, gt, gte;
- a value is a literal or ``{"param": <name>}``; a param is a literal or a table looked up
  by a fact: ``{"by": "persons", "table": {"1": 300000, "2": …}}`` (the highest key not
  above the fact's value is used);
- ``reason`` and ``check`` are texts (nb/en) where ``{fact}`` and ``{param}`` are filled in.
Logic is three-valued: a comparison with an unanswered fact is *unknown*, so a scheme whose
conditions cannot be decided is listed as "kan ikke vurderes" with the missing answers.

A scheme with ``"pass_rule": "activity_pass"`` has no numbers of its own: its age range and
income limit are the activity pass's own rule set (``passes``), handed to ``evaluate`` as a
``PassRule`` (see ``followup/pass_rule.py``). Without one (no active activity pass), the
scheme is not listed.

Pure: no database. Facts come from ``facts_from_mapping``.
"""

import dataclasses
import datetime as dt
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib.dates import age_on
from levekar.followup.instruments import (
    Instrument,
    derived_values,
    registry,
    schema_problems,
    tr,
)
from levekar.followup.pass_rule import PASS_PARAMS, PassRule

RULES_FILE = Path(__file__).resolve().parent / "data" / "entitlements.json"
OPS = ("eq", "ne", "in", "not_in", "contains", "not_contains", "lt", "lte", "gt", "gte")
POSSIBLE, UNKNOWN = "possible", "unknown"

# Facts computed from the family rather than asked; the part of the case they belong to
# ("" = the family's composition, visible to anyone who may see the case at all).
COMPUTED_FACTS = {
    "persons": "housing", "adults": "", "children_count": "", "youngest_child_age": "",
    "consumption_units": "", "income_per_consumption_unit": "economy", "receives": "economy",
}
CHILD_COMPUTED = {"age": ""}

_TEXT = {"type": "object", "required": ["nb"], "additionalProperties": False,
         "properties": {"nb": {"type": "string", "minLength": 1}, "en": {"type": "string"}}}
SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["schemes"],
    "properties": {
        "_comment": {"type": "string"},
        "schemes": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "valid_from", "name", "when", "reason", "check", "decided_by"],
            "properties": {
                "_comment": {"type": "string"},
                "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                "version": {"type": "string"},
                "valid_from": {"type": "string", "format": "date",
                               "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "valid_to": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "name": _TEXT, "reason": _TEXT, "check": _TEXT, "decided_by": _TEXT,
                "link": {"type": "string"},
                "responsible_unit": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                "area": {"enum": ["work_economy", "housing", "health", "school", "leisure",
                                  "parenting", "language"]},
                "params": {"type": "object"},
                "pass_rule": {"enum": ["activity_pass"]},
                "when": {"type": "object"}}}}},
}


@dataclass(frozen=True)
class Scheme:
    id: str
    version: str
    valid_from: dt.date
    valid_to: dt.date | None
    name: dict
    when: dict
    reason: dict
    check: dict
    decided_by: dict
    link: str
    params: dict
    # For the plan action made from this scheme in one click: the municipality's unit that
    # helps the family apply (an org unit code) and the area of Familiens plan.
    responsible_unit: str = ""
    area: str = "work_economy"
    # "activity_pass": the age range and income limit come from the pass scheme's rule set.
    pass_rule: str = ""

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Result:
    scheme: Scheme
    status: str  # POSSIBLE | UNKNOWN
    reason: str
    check: str
    missing: tuple[str, ...]
    parts: frozenset[str]

    @property
    def name(self) -> str:
        return tr(self.scheme.name)

    @property
    def decided_by(self) -> str:
        return tr(self.scheme.decided_by)


# --- facts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberFact:
    person_id: int
    is_child: bool
    birth_date: dt.date | None


def consumption_units(ages: Sequence[int | None], adults: int) -> float:
    """The EU (modified OECD) scale: 1 for the first adult, 0.5 for every other person aged
    14 or more, 0.3 for each child under 14 (a child of unknown age counts as under 14)."""
    units = 1.0 + 0.5 * max(adults - 1, 0)
    for age in ages:
        units += 0.5 if age is not None and age >= 14 else 0.3
    return units


def facts_from_mapping(instrument: Instrument, answers: dict, members: Sequence[MemberFact],
                       on: dt.date) -> dict:
    """The facts the rules read: every household answer by item id, the derived indicators,
    and computed ones (ages on ``on``, persons, EU-scale consumption units …). Unanswered
    facts are None; an unanswered tick-list is empty."""
    household = answers.get("household", {})
    facts: dict = {}
    for section in instrument.sections:
        if section.scope == "household":
            for item in section.items:
                default = [] if item.type == "multichoice" else None
                facts[item.id] = household.get(item.id, default)
    facts.update(derived_values(instrument, answers))
    children, ages = [], []
    child_items = [i for s in instrument.sections if s.scope == "child" for i in s.items]
    for m in members:
        if not m.is_child:
            continue
        own = answers.get("persons", {}).get(str(m.person_id), {})
        child = {i.id: own.get(i.id, [] if i.type == "multichoice" else None)
                 for i in child_items}
        child["age"] = age_on(m.birth_date, on)
        children.append(child)
        ages.append(child["age"])
    adults = sum(1 for m in members if not m.is_child)
    facts["children"] = children
    facts["children_count"] = len(children)
    facts["adults"] = adults
    known_ages = [a for a in ages if a is not None]
    facts["youngest_child_age"] = (min(known_ages) if known_ages and len(known_ages) == len(ages)
                                   else None)
    if facts.get("persons") is None:
        facts["persons"] = len(members) or None
    facts["consumption_units"] = round(consumption_units(ages, max(adults, 1)), 2)
    income = facts.get("household_income_year")
    facts["income_per_consumption_unit"] = (None if income is None
                                            else round(income / facts["consumption_units"]))
    facts["receives"] = sorted(set(facts.get("income_sources") or [])
                               | set(facts.get("reductions_received") or []))
    return facts


def fact_parts(instrument: Instrument) -> tuple[dict[str, str], dict[str, str]]:
    """Which part of the case each household fact and each child fact belongs to."""
    household = dict(COMPUTED_FACTS)
    child = dict(CHILD_COMPUTED)
    for s in instrument.sections:
        for i in s.items:
            target = household if s.scope == "household" else child if s.scope == "child" else None
            if target is not None:
                target[i.id] = s.part or "_full"
    for d in instrument.derived:
        sec = instrument.section(d.section)
        household[d.id] = (sec.part if sec else None) or "_full"
    return household, child


# --- loading and checking the rules ----------------------------------------------------------

def _check_condition(cond, path: str, fields: set[str], child_fields: set[str], params: dict,
                     file: str, in_child: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(cond, dict) or len([k for k in cond if k != "field"]) != 1:
        return [Problem("en betingelse må ha nøyaktig én operasjon", file=file, field=path)]
    if "field" in cond:
        ops = [k for k in cond if k != "field"]
        op = ops[0]
        known = child_fields if in_child else fields
        if cond["field"] not in known:
            problems.append(Problem(f"ukjent felt «{cond['field']}»", file=file,
                                    field=f"{path}.field"))
        if op not in OPS:
            problems.append(Problem(f"ukjent operasjon «{op}»; lovlige: {', '.join(OPS)}",
                                    file=file, field=f"{path}.{op}"))
        value = cond[op]
        if isinstance(value, dict) and (set(value) != {"param"} or value["param"] not in params):
            problems.append(Problem(f"ukjent parameter {value!r}", file=file,
                                    field=f"{path}.{op}"))
        return problems
    (op, arg), = cond.items()
    if op in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            return [Problem(f"«{op}» må ha en liste med betingelser", file=file, field=path)]
        for n, sub in enumerate(arg):
            problems += _check_condition(sub, f"{path}.{op}.{n}", fields, child_fields, params,
                                         file, in_child)
    elif op == "not":
        problems += _check_condition(arg, f"{path}.not", fields, child_fields, params, file,
                                     in_child)
    elif op in ("any_child", "all_children"):
        if in_child:
            return [Problem(f"«{op}» kan ikke stå inne i en annen barnebetingelse", file=file,
                            field=path)]
        problems += _check_condition(arg, f"{path}.{op}", fields, child_fields, params, file,
                                     True)
    else:
        problems.append(Problem(f"ukjent operasjon «{op}»", file=file, field=path))
    return problems


def _date(value, file, path, problems) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(Problem(f"ugyldig dato {value!r}", file=file, field=path))
        return None


def schemes_from_dict(data: dict, instrument: Instrument, *, file: str = "entitlements.json"
                      ) -> list[Scheme]:
    """Validate the rules against the mapping instrument's facts; InvalidInput on any error."""
    problems = schema_problems(SCHEMA, data, file=file)
    if problems:
        raise InvalidInput(problems)
    household_parts, child_parts = fact_parts(instrument)
    fields, child_fields = set(household_parts), set(child_parts)
    schemes: list[Scheme] = []
    for n, raw in enumerate(data["schemes"]):
        path = f"schemes.{n}"
        params = raw.get("params", {})
        for name, value in params.items():
            if isinstance(value, dict) and (set(value) != {"by", "table"}
                                            or value["by"] not in fields
                                            or not all(k.isdigit() for k in value["table"])):
                problems.append(Problem("en tabell må ha «by» (et kjent felt) og «table» med "
                                        "heltall som nøkler", file=file,
                                        field=f"{path}.params.{name}"))
        known_params = {**params, **dict.fromkeys(PASS_PARAMS, 0)} if raw.get("pass_rule") \
            else params
        for name in PASS_PARAMS:
            if raw.get("pass_rule") and name in params:
                problems.append(Problem(f"«{name}» kommer fra aktivitetspassets regelsett og "
                                        "kan ikke stå her", file=file,
                                        field=f"{path}.params.{name}"))
        problems += _check_condition(raw["when"], f"{path}.when", fields, child_fields,
                                     known_params, file)
        start = _date(raw["valid_from"], file, f"{path}.valid_from", problems)
        end = _date(raw["valid_to"], file, f"{path}.valid_to", problems) if raw.get(
            "valid_to") else None
        if start and end and end < start:
            problems.append(Problem("gyldig til er før gyldig fra", file=file,
                                    field=f"{path}.valid_to"))
        if start:
            schemes.append(Scheme(raw["id"], raw.get("version", ""), start, end, raw["name"],
                                  raw["when"], raw["reason"], raw["check"], raw["decided_by"],
                                  raw.get("link", ""), params, raw.get("responsible_unit", ""),
                                  raw.get("area", "work_economy"), raw.get("pass_rule", "")))
    by_id: dict[str, list[Scheme]] = {}
    for s in schemes:
        by_id.setdefault(s.id, []).append(s)
    for sid, versions in by_id.items():
        versions.sort(key=lambda s: s.valid_from)
        for a, b in itertools.pairwise(versions):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                problems.append(Problem(f"ordningen «{sid}» har overlappende gyldighet "
                                        f"({a.valid_from} og {b.valid_from})", file=file,
                                        field="schemes"))
    if problems:
        raise InvalidInput(problems)
    return schemes


def load_rules(path: Path, instrument: Instrument) -> list[Scheme]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem(f"ikke gyldig JSON: {exc.msg}", file=path.name,
                                    line=exc.lineno)]) from exc
    return schemes_from_dict(data, instrument, file=path.name)


@cache
def rules() -> list[Scheme]:
    return load_rules(RULES_FILE, registry().current("mapping"))


def scheme_valid_on(scheme_id: str, day: dt.date) -> Scheme | None:
    """The version of scheme ``scheme_id`` valid on ``day`` (None if there is none)."""
    return next((s for s in rules() if s.id == scheme_id and s.valid_on(day)), None)


# --- evaluation -----------------------------------------------------------------------------

def _param(scheme: Scheme, name: str, facts: dict):
    value = scheme.params[name]
    if isinstance(value, dict):
        key = facts.get(value["by"])
        if key is None:
            return None
        keys = sorted(int(k) for k in value["table"])
        usable = [k for k in keys if k <= key] or keys[:1]
        return value["table"][str(usable[-1])]
    return value


def _compare(op: str, actual, expected) -> bool | None:
    if actual is None or expected is None:
        return None
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op == "contains":
        return expected in actual
    if op == "not_contains":
        return expected not in actual
    return {"lt": actual < expected, "lte": actual <= expected,
            "gt": actual > expected, "gte": actual >= expected}[op]


def _eval(cond: dict, facts: dict, scheme: Scheme, missing: set[str], parts: set[str],
          hparts: dict, cparts: dict, child: dict | None = None) -> bool | None:
    if "field" in cond:
        (op, raw), = ((k, v) for k, v in cond.items() if k != "field")
        name = cond["field"]
        source = child if child is not None else facts
        parts.add((cparts if child is not None else hparts).get(name, "_full"))
        expected = _param(scheme, raw["param"], facts) if isinstance(raw, dict) else raw
        if isinstance(raw, dict) and isinstance(scheme.params[raw["param"]], dict):
            parts.add(hparts.get(scheme.params[raw["param"]]["by"], "_full"))
        actual = source.get(name)
        if actual is None:
            missing.add(name)
        return _compare(op, actual, expected)
    (op, arg), = cond.items()
    if op in ("all", "any"):
        values = [_eval(c, facts, scheme, missing, parts, hparts, cparts, child) for c in arg]
        return _combine(op == "all", values)
    if op == "not":
        v = _eval(arg, facts, scheme, missing, parts, hparts, cparts, child)
        return None if v is None else not v
    values = [_eval(arg, facts, scheme, missing, parts, hparts, cparts, c)
              for c in facts.get("children", [])]
    return _combine(op == "all_children", values)


def _combine(every: bool, values: list) -> bool | None:
    """Kleene logic: all → False beats unknown beats True; any → True beats unknown."""
    if every:
        return False if False in values else (None if None in values else True)
    return True if True in values else (None if None in values else False)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _show(value) -> str:
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int | float):
        n = round(value)
        return f"{n:,}".replace(",", "\u00a0")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _fill(text: dict, facts: dict, scheme: Scheme) -> str:
    def sub(m):
        name = m.group(1)
        if name in scheme.params:
            return _show(_param(scheme, name, facts))
        return _show(facts.get(name))
    return _PLACEHOLDER.sub(sub, tr(text))


def with_pass_rule(scheme: Scheme, rule: PassRule, facts: dict) -> Scheme:
    """``scheme`` with the pass's own age range and income limit as its params. The limit
    depends on the household as the pass counts it: children under 18 (a child of unknown
    age counts) and whether one adult provides alone. A pass without an income criterion
    drops the income condition (top level of ``when``)."""
    children = sum(1 for c in facts.get("children", []) if c.get("age") is None or c["age"] < 18)
    single_parent = facts.get("adults") == 1 and children >= 1
    params = {**scheme.params, "child_min_age": rule.child_min_age,
              "child_max_age": rule.child_max_age}
    when = scheme.when
    if rule.income_limit is None:
        when = {**when, "all": [c for c in when.get("all", [])
                                if {"param": "income_limit"} not in c.values()]}
    else:
        params["income_limit"] = rule.income_limit(children, single_parent)
    return dataclasses.replace(scheme, params=params, when=when)


def evaluate(schemes: Sequence[Scheme], facts: dict, instrument: Instrument,
             on: dt.date, pass_rule: PassRule | None = None) -> list[Result]:
    """The schemes valid on ``on`` whose conditions hold (POSSIBLE) or cannot be decided
    (UNKNOWN, with the labels of the missing answers); schemes that do not apply are left out.
    Each result names the parts of the case its facts come from, for need-to-know filtering.
    A scheme that reads the activity pass's rule is left out when ``pass_rule`` is None.
    """
    hparts, cparts = fact_parts(instrument)
    labels = {i.id: tr(i.label) for s in instrument.sections for i in s.items}
    labels.update({d.id: tr(d.label) for d in instrument.derived})
    results = []
    for scheme in schemes:
        if not scheme.valid_on(on):
            continue
        if scheme.pass_rule:
            if pass_rule is None:
                continue
            scheme = with_pass_rule(scheme, pass_rule, facts)
        missing: set[str] = set()
        parts: set[str] = set()
        outcome = _eval(scheme.when, facts, scheme, missing, parts, hparts, cparts)
        if outcome is False:
            continue
        status = POSSIBLE if outcome else UNKNOWN
        results.append(Result(
            scheme, status,
            _fill(scheme.reason, facts, scheme) if status == POSSIBLE else "",
            _fill(scheme.check, facts, scheme),
            tuple(sorted(labels.get(m, m) for m in missing)) if status == UNKNOWN else (),
            frozenset(p for p in parts if p)))
    results.sort(key=lambda r: (r.status != POSSIBLE, r.name))
    return results
