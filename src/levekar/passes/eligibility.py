"""Who may have a pass: the eligibility rule of a scheme, as data, and its evaluation.

Pure Python (no Django, no database): the rule set is a JSON document stored on a
``RuleSet`` row and edited by the leisure office; this module checks its shape
(``parse_rules``) and evaluates it for one household (``evaluate``). The issuance
service feeds it facts read in bulk from the ``people`` app.

The rule, after Aarhus' *fritidspas* (seed 002): a child in the age range, living in the
municipality (and, optionally, in one of the listed zones), in a household whose income
after tax is at or under

    base_limit + per_extra_child × (children − 1) + single_parent_supplement (if one adult)

where *children* are the household's members under 18 on the reference date (all of
them, not only those in the age range) and a *single parent* is a household with exactly
one member aged 18 or over and at least one child. Income is the sum of the members'
income after tax for the income year (the scheme year plus ``income_year_offset``,
usually the year before: the last assessed year). A household without any income
record for that year cannot be judged and is skipped with its own reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import jsonschema

from levekar.core.lib.dates import age_on

ADULT_AGE = 18

# Why a child was not given a pass. Codes are stored (IssuanceRun.reasons); labels
# for people live with the Django code (services.REASON_LABELS).
AGE_OUTSIDE_RANGE = "age_outside_range"
BIRTH_DATE_MISSING = "birth_date_missing"
OUTSIDE_MUNICIPALITY = "outside_municipality"
OUTSIDE_ZONE = "outside_zone"
INCOME_MISSING = "income_missing"
INCOME_OVER_LIMIT = "income_over_limit"

RULES_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["child_age"],
    "properties": {
        "income": {
            "type": "object",
            "additionalProperties": False,
            "required": ["base_limit"],
            "properties": {
                "base_limit": {"type": "integer", "minimum": 0},
                "per_extra_child": {"type": "integer", "minimum": 0},
                "single_parent_supplement": {"type": "integer", "minimum": 0},
                "income_year_offset": {"type": "integer", "minimum": -3, "maximum": 0},
            },
        },
        "child_age": {
            "type": "object",
            "additionalProperties": False,
            "required": ["min", "max"],
            "properties": {
                "min": {"type": "integer", "minimum": 0, "maximum": 25},
                "max": {"type": "integer", "minimum": 0, "maximum": 25},
            },
        },
        "zones": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 40},
            "uniqueItems": True,
        },
        "reference_day": {"type": "string", "pattern": r"^\d{2}-\d{2}$"},
    },
}

_FIELD_NAMES = {
    "income": "inntekt",
    "base_limit": "inntektsgrense",
    "per_extra_child": "tillegg per barn utover det første",
    "single_parent_supplement": "tillegg for enslige forsørgere",
    "income_year_offset": "inntektsår",
    "child_age": "alder",
    "min": "laveste alder",
    "max": "høyeste alder",
    "zones": "soner",
    "reference_day": "referansedag",
}
_TYPE_NAMES = {"integer": "et heltall", "object": "en gruppe felt", "array": "en liste",
               "string": "tekst", "boolean": "ja/nei"}


class RuleError(ValueError):
    """The rule document is not valid; ``problems`` are Norwegian sentences."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class IncomeRule:
    base_limit: int
    per_extra_child: int = 0
    single_parent_supplement: int = 0
    income_year_offset: int = -1

    def limit(self, *, children: int, single_parent: bool) -> int:
        extra = max(children - 1, 0) * self.per_extra_child
        return self.base_limit + extra + (self.single_parent_supplement if single_parent else 0)


@dataclass(frozen=True)
class Rules:
    child_min_age: int
    child_max_age: int
    income: IncomeRule | None = None
    zones: frozenset[str] = frozenset()
    reference_month: int = 8
    reference_day: int = 1

    def reference_date(self, year: int) -> dt.date:
        """The day ages are counted on for a scheme year (1 August unless the rule says)."""
        return dt.date(year, self.reference_month, self.reference_day)

    def income_year(self, year: int) -> int | None:
        return year + self.income.income_year_offset if self.income else None


def _where(error: jsonschema.ValidationError) -> str:
    parts = [_FIELD_NAMES.get(str(p), str(p)) for p in error.absolute_path]
    return " → ".join(parts) if parts else "regelsettet"


def _message(error: jsonschema.ValidationError) -> str:
    where = _where(error)
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return f"{where}: mangler feltet «{_FIELD_NAMES.get(missing, missing)}»."
    if v == "additionalProperties":
        return f"{where}: har felt som ikke finnes i regelsettet ({error.message.split('(')[-1]}"
    if v == "type":
        return f"{where}: må være {_TYPE_NAMES.get(str(error.validator_value), 'riktig type')}."
    if v == "minimum":
        return f"{where}: må være minst {error.validator_value}."
    if v == "maximum":
        return f"{where}: kan være høyst {error.validator_value}."
    if v == "pattern":
        return f"{where}: må skrives MM-DD, for eksempel 08-01."
    if v == "uniqueItems":
        return f"{where}: samme verdi står flere ganger."
    if v in {"minLength", "maxLength"}:
        return f"{where}: har feil lengde."
    return f"{where}: ugyldig verdi."


def parse_rules(data) -> Rules:
    """Check a rule document against the schema and its own logic; return ``Rules``."""
    validator = jsonschema.Draft202012Validator(RULES_SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise RuleError([_message(e) for e in errors])
    problems = []
    age = data["child_age"]
    if age["min"] > age["max"]:
        problems.append("alder: laveste alder kan ikke være høyere enn høyeste alder.")
    month, day = 8, 1
    if "reference_day" in data:
        month, day = (int(x) for x in data["reference_day"].split("-"))
        try:
            dt.date(2024, month, day)  # a leap year, so 02-29 is allowed
        except ValueError:
            problems.append("referansedag: er ikke en dato som finnes.")
    if problems:
        raise RuleError(problems)
    income = None
    if "income" in data:
        inc = data["income"]
        income = IncomeRule(
            base_limit=inc["base_limit"],
            per_extra_child=inc.get("per_extra_child", 0),
            single_parent_supplement=inc.get("single_parent_supplement", 0),
            income_year_offset=inc.get("income_year_offset", -1),
        )
    return Rules(child_min_age=age["min"], child_max_age=age["max"], income=income,
                 zones=frozenset(data.get("zones", [])), reference_month=month,
                 reference_day=day)


@dataclass(frozen=True)
class Member:
    person_id: int
    birth_date: dt.date | None


@dataclass(frozen=True)
class HouseholdFacts:
    household_id: int
    municipality_code: str
    zone_code: str | None
    members: tuple[Member, ...]
    income_after_tax: int | None  # sum for the income year; None if no record at all


@dataclass(frozen=True)
class Decision:
    """The outcome for one household: which children get a pass, and why the others not.

    ``reasons`` maps every member who is (or may be) a child — under 18, or with no
    birth date — to ``None`` (eligible) or a reason code.
    """

    household_id: int
    reasons: dict[int, str | None] = field(default_factory=dict)
    children: int = 0
    single_parent: bool = False
    limit: int | None = None
    income: int | None = None

    @property
    def eligible(self) -> tuple[int, ...]:
        return tuple(pid for pid, reason in self.reasons.items() if reason is None)


def evaluate(rules: Rules, household: HouseholdFacts, *, on: dt.date,
             municipality_code: str) -> Decision:
    """Decide for every child of ``household`` on the reference date ``on``."""
    reasons: dict[int, str | None] = {}
    in_range: list[int] = []
    children = adults = 0
    for m in household.members:
        if m.birth_date is None:
            reasons[m.person_id] = BIRTH_DATE_MISSING
            continue
        age = age_on(m.birth_date, on)
        if age >= ADULT_AGE:
            adults += 1
        elif age >= 0:  # a child born after the reference day is not yet a member
            children += 1
            if rules.child_min_age <= age <= rules.child_max_age:
                in_range.append(m.person_id)
            else:
                reasons[m.person_id] = AGE_OUTSIDE_RANGE
        # adults (and children under the lower age) past this point need no decision
    if rules.child_max_age >= ADULT_AGE:
        # A scheme for young adults (e.g. up to 20) still reaches them one by one.
        for m in household.members:
            if m.birth_date is not None and m.person_id not in reasons:
                age = age_on(m.birth_date, on)
                if ADULT_AGE <= age <= rules.child_max_age:
                    in_range.append(m.person_id)
    single_parent = adults == 1 and children >= 1
    limit = rules.income.limit(children=children, single_parent=single_parent) \
        if rules.income else None
    reason: str | None = None
    if household.municipality_code != municipality_code:
        reason = OUTSIDE_MUNICIPALITY
    elif rules.zones and household.zone_code not in rules.zones:
        reason = OUTSIDE_ZONE
    elif rules.income is not None:
        if household.income_after_tax is None:
            reason = INCOME_MISSING
        elif household.income_after_tax > limit:
            reason = INCOME_OVER_LIMIT
    for pid in in_range:
        reasons[pid] = reason
    return Decision(household_id=household.household_id, reasons=reasons, children=children,
                    single_parent=single_parent, limit=limit,
                    income=household.income_after_tax)


def evaluate_all(rules: Rules, households: Iterable[HouseholdFacts], *, on: dt.date,
                 municipality_code: str) -> Iterable[Decision]:
    for household in households:
        yield evaluate(rules, household, on=on, municipality_code=municipality_code)
