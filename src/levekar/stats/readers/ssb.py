"""SSB's own tables, read by their own metadata (no mapping file).

SSB names the categories of a table (``ContentsCode`` such as ``EUskalaSeksti``, age
groups such as ``00-17``) per table and changes them between versions, so Levekår does
not look codes up in a list: it reads what each category *says* — its label and its unit
(``category.unit.<code>.base``) in the JSON-stat 2.0 file that PxWebApi v2 serves — and
knows from the table number (``extension.px.tableid``) which indicator the table holds:

| table | what it holds | group |
|---|---|---|
| 08764 | children under 18 in households with low income, annual (EU-60/EU-50) | children |
| 06947 | persons in households with low income, annual | by age, else all |
| 12944 | persons in households with persistent low income, three-year periods | by age |
| 11046 | persons living crowded (trangbodde) | by age, else all |

Categories a page cannot use (the OECD scale, income limits in NOK, other age groups,
"not crowded") are left out; any other table is refused with a message that says which
tables Levekår reads. SSB's rates use the national median (``threshold_scope``
national).
"""

import re

from levekar.core.errors import InvalidInput, Problem
from levekar.stats.models import Group, Indicator, ThresholdScope, Unit
from levekar.stats.readers.jsonstat import Category, Dataset, Dimension
from levekar.stats.readers.published import (
    AGE_IDS,
    GEO_IDS,
    TIME_IDS,
    CategoryMap,
    TableMapping,
)

ANNUAL, PERSISTENT, CROWDING = "annual", "persistent", "crowding"
TABLES = {
    "08764": (ANNUAL, Group.CHILDREN),
    "06947": (ANNUAL, Group.ALL),
    "12944": (PERSISTENT, Group.ALL),
    "11046": (CROWDING, Group.ALL),
}
INDICATORS = {
    (ANNUAL, 60): Indicator.LOW_INCOME_60, (ANNUAL, 50): Indicator.LOW_INCOME_50,
    (PERSISTENT, 60): Indicator.PERSISTENT_LOW_INCOME_60,
    (PERSISTENT, 50): Indicator.PERSISTENT_LOW_INCOME_50,
}
SIXTY = re.compile(r"(?<!\d)60(?!\d)|seksti|sixty", re.I)
FIFTY = re.compile(r"(?<!\d)50(?!\d)|femti|fifty", re.I)
CHILDREN_AGE = re.compile(r"^\s*0?0\s*[-–]\s*17(\s*år|\s*years)?\s*$", re.I)
ALL_AGES = re.compile(r"^\s*(alle aldre|i alt|alle|all ages|total|totalt)\s*$", re.I)
TOTAL = re.compile(r"^\s*(i alt|alle|total|totalt|all)\b", re.I)
TOTAL_CODES = {"0", "00", "TOT", "TOTALT", "999", "999D", "0-999"}
KNOWN = ", ".join(f"{t}" for t in ("08764", "12944", "11046", "06947"))


def is_ssb_table(dataset: Dataset) -> bool:
    return dataset.table_id in TABLES


def mapping_for(dataset: Dataset, *, file_name: str) -> TableMapping:
    """The meaning of every category of an SSB table, read from the file's metadata."""
    if dataset.table_id not in TABLES:
        title = f" («{dataset.label[:120]}»)" if dataset.label else ""
        raise InvalidInput([Problem(
            f"Tabell {dataset.table_id or 'uten nummer'}{title} er ikke en av SSB-tabellene "
            f"Levekår leser: {KNOWN} (lavinntekt, vedvarende lavinntekt og trangboddhet). "
            "Hent en av dem fra statistikkbanken (PxWebApi v2, JSON-stat 2.0), eller gi en "
            "koblingsfil for denne tabellen (--mapping, se docs/stats-pages.md).",
            file=file_name, field="extension.px.tableid")])
    kind, default_group = TABLES[dataset.table_id]
    metric_ids = set(dataset.roles.get("metric", [])) or {"ContentsCode"}
    geo = set(dataset.roles.get("geo", [])) or {d.id for d in dataset.dimensions
                                                 if d.id.lower() in GEO_IDS}
    time = set(dataset.roles.get("time", [])) or {d.id for d in dataset.dimensions
                                                  if d.id.lower() in TIME_IDS}
    problems: list[Problem] = []
    dims: dict[str, dict[str, CategoryMap | None]] = {}
    used_metric = 0
    for dim in dataset.dimensions:
        if dim.id in geo or dim.id in time:
            continue
        if dim.id in metric_ids:
            dims[dim.id] = {c.code: _metric(kind, c) for c in dim.categories}
            used_metric += sum(v is not None for v in dims[dim.id].values())
        elif _is_age(dim):
            dims[dim.id] = {c.code: _age(c) for c in dim.categories}
            if not any(dims[dim.id].values()):
                problems.append(Problem(
                    f"Aldersgruppene i «{dim.label}» har verken 0-17 år eller alle aldre.",
                    file=file_name, field=f"dimension.{dim.id}"))
        elif len(dim.categories) > 1:
            total = [c for c in dim.categories if _is_total(c)]
            if not total:
                problems.append(Problem(
                    f"«{dim.label}» har flere kategorier og ingen «i alt». Velg én kategori "
                    "når du henter tabellen fra statistikkbanken.",
                    file=file_name, field=f"dimension.{dim.id}"))
            dims[dim.id] = {c.code: (CategoryMap() if c in total[:1] else None)
                            for c in dim.categories}
    if not used_metric:
        problems.append(Problem(
            f"Ingen av statistikkvariablene i tabell {dataset.table_id} er en andel eller et "
            "antall personer Levekår viser (EU-skala 60 eller 50 prosent, trangbodde).",
            file=file_name, field="dimension.ContentsCode"))
    if problems:
        raise InvalidInput(problems)
    has_age = any(_is_age(d) for d in dataset.dimensions)
    return TableMapping(
        indicator=Indicator.CROWDING if kind == CROWDING else None,
        group=None if has_age and default_group == Group.ALL else default_group,
        threshold_scope="" if kind == CROWDING else ThresholdScope.NATIONAL,
        dimensions=dims)


def _unit(category: Category) -> str | None:
    base = category.unit.lower()
    label = category.label.lower()
    if "prosent" in base or "percent" in base or base.strip() == "%":
        return Unit.PERCENT
    if "person" in base or "antall" in base or "number" in base:
        return Unit.PERSONS
    if base:  # kroner, år …: not a rate or a count of persons
        return None
    if re.search(r"\((prosent|percent|per cent|%)\)\s*$", label):
        return Unit.PERCENT
    if re.search(r"\((antall|personer|persons|number)\)\s*$", label):
        return Unit.PERSONS
    if label.startswith(("andel", "prosent", "share", "per cent")):
        return Unit.PERCENT
    if label.startswith(("antall", "personer", "barn", "persons", "number")):
        return Unit.PERSONS
    return None


def _metric(kind: str, category: Category) -> CategoryMap | None:
    text = f"{category.label} {category.unit}"
    unit = _unit(category)
    if unit is None or "oecd" in text.lower():
        return None
    if kind == CROWDING:
        low = text.lower()
        if "trang" not in low and "crowd" not in low:  # trangbodde, bor trangt, crowded
            return None
        if re.search(r"\bikke (trang|bor trang)|bor ikke trang|not (over)?crowd", low):
            return None
        return CategoryMap(unit=unit)
    level = 60 if SIXTY.search(text) else 50 if FIFTY.search(text) else None
    if level is None:
        return None
    return CategoryMap(indicator=INDICATORS[(kind, level)], unit=unit)


def _is_age(dim: Dimension) -> bool:
    return dim.id.lower() in AGE_IDS or dim.label.strip().lower() in ("alder", "age")


def _age(category: Category) -> CategoryMap | None:
    for text in (category.label, category.code):
        if CHILDREN_AGE.match(text):
            return CategoryMap(group=Group.CHILDREN)
        if ALL_AGES.match(text) or text.upper() in TOTAL_CODES:
            return CategoryMap(group=Group.ALL)
    return None


def _is_total(category: Category) -> bool:
    return bool(TOTAL.match(category.label)) or category.code.upper() in TOTAL_CODES
