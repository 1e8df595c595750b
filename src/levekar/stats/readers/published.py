"""From a JSON-stat dataset to published figures: which cell is which indicator, group, area.

A table is mapped to our indicators by a ``TableMapping``: for SSB's own tables (08764,
12944, 11046, 06947) ``readers/ssb.py`` builds it from the file's own metadata; any other
table needs one given as a JSON file
(``levekar stats import-jsonstat FILE --mapping MAP.json``)::

    {"indicator": "persistent_low_income_60", "group": "children",
     "threshold_scope": "national", "unit": "percent", "source": "SSB 12944",
     "dimensions": {"ContentsCode": {"AndelVedvarende": {"unit": "percent"},
                                     "Personer": null},
                    "Alder": {"0-17": {"group": "children"}, "999": {"group": "all"}}}}

``null`` skips a category. The region dimension (role ``geo`` or id ``Region``) gives the
area (``0`` = the country; a renumbered municipality is filed under today's number, see
``readers/klass.py``), the time dimension (role ``time`` or ``Tid``) the period.
A table without a region dimension is national. Status marks: ``:`` suppressed,
``..``/``.`` not available, ``-`` zero.
"""

import dataclasses
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from levekar.core.lib import limits
from levekar.stats.models import (
    COUNTRY_AREA,
    PERSISTENT_INDICATORS,
    FigureStatus,
    Group,
    Indicator,
    Level,
    ThresholdScope,
    Unit,
)
from levekar.stats.readers import Problems
from levekar.stats.readers.jsonstat import Dataset, Dimension
from levekar.stats.readers.klass import klass

GEO_IDS = {"region", "kommune", "komm", "geo"}
TIME_IDS = {"tid", "time", "year", "år"}
COUNTRY_CODES = {"0", "00", "000", "0000"}
PERIOD_RE = re.compile(r"^(\d{4})\s*[-–_]\s*(\d{4})$")
YEAR_RE = re.compile(r"^\d{4}$")
MISSING_MARKS = {"..", "...", "…", "."}
SUPPRESSED_MARK = ":"
ZERO_MARK = "-"
# Age categories SSB uses across tables.
GENERIC_AGE = {"0-17": Group.CHILDREN, "00-17": Group.CHILDREN, "0-17år": Group.CHILDREN,
               "999": Group.ALL, "999D": Group.ALL, "0-999": Group.ALL, "TOT": Group.ALL,
               "TOTALT": Group.ALL}
AGE_IDS = {"alder", "age"}


@dataclass(frozen=True)
class CategoryMap:
    indicator: str | None = None
    group: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class TableMapping:
    indicator: str | None = None
    group: str | None = None
    threshold_scope: str | None = None
    unit: str | None = None
    source: str | None = None
    # dimension id → category code → what it means (None: skip the category)
    dimensions: dict[str, dict[str, CategoryMap | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class FigureRow:
    level: str
    area: str
    area_label: str
    period: str
    indicator: str
    group: str
    threshold_scope: str
    unit: str
    value: Decimal | None
    status: str
    renumbered_from: str = ""  # the old municipality number the figure was published under

    @property
    def key(self) -> tuple:
        return (self.area, self.period, self.indicator, self.group, self.unit)


def mapping_from_json(data: bytes | str, *, file_name: str) -> TableMapping:
    """Read a mapping file (format in the module docstring)."""
    problems = Problems(file_name)
    try:
        doc = limits.json_loads(data)
    except limits.LimitExceeded as exc:
        problems.add(str(exc))
        problems.raise_if_any()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        problems.add(f"Ikke gyldig JSON: {exc}.")
        problems.raise_if_any()
    if not isinstance(doc, dict):
        problems.add("Koblingsfilen skal være et JSON-objekt.")
        problems.raise_if_any()
    top = {}
    for key, allowed in (("indicator", Indicator.values), ("group", Group.values),
                         ("threshold_scope", ThresholdScope.values), ("unit", Unit.values)):
        value = doc.get(key)
        if value is not None and value not in allowed:
            choices = ", ".join(v or "«»" for v in allowed)
            problems.add(f"«{value}» er ikke tillatt; bruk {choices}.", field=key)
        top[key] = value
    dims: dict[str, dict[str, CategoryMap | None]] = {}
    raw_dims = doc.get("dimensions") or {}
    if not isinstance(raw_dims, dict):
        problems.add("«dimensions» skal være et objekt.", field="dimensions")
        raw_dims = {}
    for dim_id, cats in raw_dims.items():
        if not isinstance(cats, dict):
            problems.add("Skal være et objekt kategori → betydning.", field=f"dimensions.{dim_id}")
            continue
        dims[dim_id] = {}
        for code, meaning in cats.items():
            where = f"dimensions.{dim_id}.{code}"
            if meaning is None:
                dims[dim_id][code] = None
                continue
            if not isinstance(meaning, dict) or set(meaning) - {"indicator", "group", "unit"}:
                problems.add("Skal være null eller et objekt med indicator, group og/eller unit.",
                             field=where)
                continue
            for key, allowed in (("indicator", Indicator.values), ("group", Group.values),
                                 ("unit", Unit.values)):
                if meaning.get(key) is not None and meaning[key] not in allowed:
                    problems.add(f"«{meaning[key]}» er ikke tillatt; bruk {', '.join(allowed)}.",
                                 field=f"{where}.{key}")
            dims[dim_id][code] = CategoryMap(**meaning)
    source = doc.get("source")
    problems.raise_if_any()
    return TableMapping(dimensions=dims, source=str(source) if source else None, **top)


def _find(dataset: Dataset, role: str, ids: set[str]) -> Dimension | None:
    for dim_id in dataset.roles.get(role, []):
        return dataset.dimension(dim_id)
    return next((d for d in dataset.dimensions if d.id.lower() in ids), None)


def _unit_from_text(text: str) -> str | None:
    low = text.lower()
    if "prosent" in low or "%" in low or "percent" in low:
        return Unit.PERCENT
    if "person" in low or "antall" in low or "number" in low:
        return Unit.PERSONS
    return None


def area_of(code: str) -> tuple[str, str]:
    """SSB region code → (level, area code)."""
    code = code.strip()
    if code in COUNTRY_CODES:
        return Level.COUNTRY, COUNTRY_AREA
    if code.upper().startswith("K-"):
        code = code[2:]
    if re.fullmatch(r"\d{4}", code):
        return Level.MUNICIPALITY, code
    return Level.OTHER, code


def figures_from_dataset(dataset: Dataset, mapping: TableMapping, *,
                         file_name: str) -> list[FigureRow]:
    """Map every cell to a figure; refuse the whole file when a cell cannot be placed."""
    problems = Problems(file_name)
    municipalities = klass()
    geo = _find(dataset, "geo", GEO_IDS)
    time = _find(dataset, "time", TIME_IDS)
    if time is None:
        problems.add("Tabellen har ingen tidsdimensjon (rolle «time» eller «Tid»).",
                     field="role.time")
        problems.raise_if_any()
    periods = {}
    for cat in time.categories:
        m = PERIOD_RE.match(cat.code)
        if m:
            periods[cat.code] = f"{m.group(1)}-{m.group(2)}"
        elif YEAR_RE.match(cat.code):
            periods[cat.code] = cat.code
        else:
            problems.add(f"«{cat.code}» er verken et år (2024) eller en periode (2022-2024).",
                         field=f"dimension.{time.id}.category")
    # Every other dimension must say what its categories mean, unless it has one category.
    others = [d for d in dataset.dimensions if d not in (geo, time)]
    metric_ids = set(dataset.roles.get("metric", [])) | {"ContentsCode"}
    meanings: dict[str, dict[str, CategoryMap | None]] = {}
    for dim in others:
        given = mapping.dimensions.get(dim.id, {})
        meaning: dict[str, CategoryMap | None] = {}
        unmapped = []
        for cat in dim.categories:
            if cat.code in given:
                meaning[cat.code] = given[cat.code]
            elif dim.id.lower() in AGE_IDS and cat.code in GENERIC_AGE:
                meaning[cat.code] = CategoryMap(group=GENERIC_AGE[cat.code])
            elif len(dim.categories) == 1:
                meaning[cat.code] = CategoryMap()
            else:
                unmapped.append(cat.code)
        if unmapped:
            problems.add(
                f"Kategoriene {', '.join(unmapped)} er ikke koblet til indikator eller gruppe. "
                "Gi en koblingsfil med --mapping (se docs/stats-pages.md).",
                field=f"dimension.{dim.id}")
        meanings[dim.id] = meaning
    problems.raise_if_any()

    rows: dict[tuple, FigureRow] = {}
    for pos, cell in enumerate(dataset.cells):
        indicator, group, unit = mapping.indicator, mapping.group, mapping.unit
        skip = False
        unit_text = ""
        for dim in others:
            code = cell.coords[dim.id]
            m = meanings[dim.id][code]
            if m is None:
                skip = True
                break
            indicator = m.indicator or indicator
            group = m.group or group
            unit = m.unit or unit
            if dim.id in metric_ids:
                cat = dim.category(code)
                unit_text = unit_text or cat.unit or cat.label
        if skip:
            continue
        unit = unit or _unit_from_text(unit_text) or Unit.PERCENT
        where = f"value[{pos}] ({', '.join(f'{k}={v}' for k, v in cell.coords.items())})"
        if indicator is None:
            problems.add("Cellen er ikke koblet til en indikator; gi --mapping med «indicator».",
                         field=where)
            continue
        if group is None:
            problems.add("Cellen er ikke koblet til en gruppe (children/all); gi --mapping "
                         "med «group».", field=where)
            continue
        period = periods[cell.coords[time.id]]
        if (indicator in PERSISTENT_INDICATORS) != ("-" in period):
            wanted = "treårsperioder" if indicator in PERSISTENT_INDICATORS else "enkeltår"
            problems.add(f"Indikatoren {indicator} gjelder {wanted}, ikke «{period}».",
                         field=where)
            continue
        renumbered = False
        if geo is None:
            level, area, area_label = Level.COUNTRY, COUNTRY_AREA, ""
        else:
            level, area = area_of(cell.coords[geo.id])
            area_label = geo.category(cell.coords[geo.id]).label
            if level == Level.MUNICIPALITY:
                # One series per municipality: a renumbered one (3030 → 3205 in 2024)
                # is filed under today's number and named as KLASS names it.
                current = municipalities.successor(area)
                renumbered = current != area
                area = current
                area_label = municipalities.name(area) or area_label
        status, value = _status_value(cell.value, cell.status)
        if value is not None and unit == Unit.PERCENT and not (0 <= value <= 100):
            problems.add(f"{value} er ikke en prosent mellom 0 og 100.", field=where)
            continue
        if value is not None and value < 0:
            problems.add(f"{value} er negativt.", field=where)
            continue
        scope = mapping.threshold_scope
        if scope is None:
            scope = "" if indicator == Indicator.CROWDING else ThresholdScope.NATIONAL
        row = FigureRow(level=level, area=area, area_label=area_label[:200], period=period,
                        indicator=indicator, group=group, threshold_scope=scope, unit=unit,
                        value=value, status=status)
        if row.key in rows and (renumbered or rows[row.key].renumbered_from):
            # SSB lists both numbers, each with ".." where it was not valid: keep the
            # figure, and today's number's where both have one.
            if row.status == FigureStatus.OK and (
                    rows[row.key].status != FigureStatus.OK or rows[row.key].renumbered_from):
                rows[row.key] = dataclasses.replace(
                    row, renumbered_from=cell.coords[geo.id] if renumbered else "")
            continue
        if row.key in rows:
            problems.add("To celler gir samme tall (område, periode, indikator, gruppe, enhet); "
                         "koble kategoriene slik at de skiller seg.", field=where)
            continue
        rows[row.key] = dataclasses.replace(
            row, renumbered_from=cell.coords[geo.id] if renumbered else "")
    if not rows and not problems:
        problems.add("Ingen celler å importere (alle kategorier er hoppet over).")
    problems.raise_if_any()
    return list(rows.values())


def _status_value(value: float | None, mark: str) -> tuple[str, Decimal | None]:
    mark = mark.strip()
    if mark == SUPPRESSED_MARK:
        return FigureStatus.SUPPRESSED, None
    if mark in MISSING_MARKS:
        return FigureStatus.MISSING, None
    if value is None:
        if mark == ZERO_MARK:
            return FigureStatus.OK, Decimal("0.00")
        return FigureStatus.MISSING, None
    return FigureStatus.OK, Decimal(repr(value)).quantize(Decimal("0.01"))
