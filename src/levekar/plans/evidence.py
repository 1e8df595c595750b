"""Evidence from other apps, by dependency inversion.

``plans`` may not import ``stats``, ``lending`` or ``passes`` (they are siblings or above
it). Instead those apps register plain functions here, at start-up (``AppConfig.ready``
of an app above, or the web layer): one kind gives the trend of a statistics indicator
for a measure's ``IndicatorLink``, the other gives evidence items for a measure and a
year (activity-pass uptake, lending-library loans …). The measure page and the council
report show whatever the registered functions return; with none registered they show
the plan's own baseline and target, and no evidence.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from levekar.plans.models import IndicatorLink, Measure


@dataclass(frozen=True)
class IndicatorPoint:
    """One period of an indicator: ``percent`` is None when suppressed (small cells)."""

    period: str
    percent: float | None
    suppressed: bool
    threshold_scope: str  # e.g. "national" / "municipal" median, as the source says
    source: str
    published: bool


@dataclass(frozen=True)
class EvidenceItem:
    label: str
    value: str
    detail: str = ""


# Sources answer for many links (measures) at once, so a report of any size costs each
# source a fixed number of queries. The answer is aligned with the input.
IndicatorSource = Callable[[Sequence["IndicatorLink"]], list[list[IndicatorPoint]]]
MeasureEvidence = Callable[[Sequence["Measure"], int], list[list[EvidenceItem]]]

@dataclass(frozen=True)
class IndicatorCatalogue:
    """What a measure or goal can be linked to, with names in the active language."""

    indicators: list[tuple[str, str]]  # (code, label)
    groups: list[tuple[str, str]]


IndicatorCatalogueSource = Callable[[], IndicatorCatalogue]

_indicator_sources: list[IndicatorSource] = []
_catalogues: list[IndicatorCatalogueSource] = []
_measure_evidence: list[MeasureEvidence] = []


def register_indicator_source(fn: IndicatorSource) -> None:
    """Register ``fn(links) -> [[IndicatorPoint], …]`` (one list per link, in order);
    registering the same function twice is a no-op (``ready()`` may run more than once)."""
    if fn not in _indicator_sources:
        _indicator_sources.append(fn)


def unregister_indicator_source(fn: IndicatorSource) -> None:
    if fn in _indicator_sources:
        _indicator_sources.remove(fn)


def register_measure_evidence(fn: MeasureEvidence) -> None:
    """Register ``fn(measures, year) -> [[EvidenceItem], …]`` (idempotent)."""
    if fn not in _measure_evidence:
        _measure_evidence.append(fn)


def unregister_measure_evidence(fn: MeasureEvidence) -> None:
    if fn in _measure_evidence:
        _measure_evidence.remove(fn)


def indicator_points_many(links: Sequence["IndicatorLink"]) -> list[list[IndicatorPoint]]:
    """Each link's trend from every registered source, in period order."""
    links = list(links)
    out: list[list[IndicatorPoint]] = [[] for _ in links]
    if links:
        for fn in list(_indicator_sources):
            for points, found in zip(out, fn(links), strict=True):
                points.extend(found or [])
    # A link that names a median keeps the points measured against it (and those that
    # have no median, such as crowding).
    for i, link in enumerate(links):
        scope = getattr(link, "threshold_scope", "")
        if scope:
            out[i] = [p for p in out[i] if p.threshold_scope in (scope, "")]
    return [sorted(points, key=lambda p: p.period) for points in out]


def indicator_points(link: "IndicatorLink | None") -> list[IndicatorPoint]:
    """The indicator's trend from every registered source, in period order."""
    return [] if link is None else indicator_points_many([link])[0]


def measure_evidence_many(measures: Sequence["Measure"], year: int) -> list[list[EvidenceItem]]:
    """Evidence items for each measure in ``year`` from every registered provider."""
    measures = list(measures)
    out: list[list[EvidenceItem]] = [[] for _ in measures]
    if measures:
        for fn in list(_measure_evidence):
            for items, found in zip(out, fn(measures, year), strict=True):
                items.extend(found or [])
    return out


def measure_evidence(measure: "Measure", year: int) -> list[EvidenceItem]:
    """Evidence items for ``measure`` in ``year`` from every registered provider."""
    return measure_evidence_many([measure], year)[0]


def has_measure_evidence() -> bool:
    return bool(_measure_evidence)


def register_indicator_catalogue(fn: IndicatorCatalogueSource) -> None:
    """Register ``fn() -> IndicatorCatalogue`` (the statistics' indicators and groups with
    their names) for the link pickers and labels; idempotent."""
    if fn not in _catalogues:
        _catalogues.append(fn)


def unregister_indicator_catalogue(fn: IndicatorCatalogueSource) -> None:
    if fn in _catalogues:
        _catalogues.remove(fn)


def indicator_catalogue() -> IndicatorCatalogue:
    """Every registered catalogue merged, first registration first (codes once)."""
    indicators: dict[str, str] = {}
    groups: dict[str, str] = {}
    for fn in list(_catalogues):
        found = fn()
        for code, label in found.indicators:
            indicators.setdefault(code, label)
        for code, label in found.groups:
            groups.setdefault(code, label)
    return IndicatorCatalogue(indicators=list(indicators.items()), groups=list(groups.items()))


@dataclass(frozen=True)
class StatisticsTable:
    """One table of the council report's statistics section, ready to print: the cells
    are already formatted (":" for a suppressed cell), the note names the median."""

    title: str
    note: str
    header: list[str]
    rows: list[list[str]]


StatisticsSource = Callable[[str, "int | None"], list[StatisticsTable]]
_statistics: list[StatisticsSource] = []


def register_statistics_section(fn: StatisticsSource) -> None:
    """Register ``fn(municipality_code, year) -> [StatisticsTable, …]`` (idempotent)."""
    if fn not in _statistics:
        _statistics.append(fn)


def unregister_statistics_section(fn: StatisticsSource) -> None:
    if fn in _statistics:
        _statistics.remove(fn)


def statistics_section(municipality_code: str, year: int | None) -> list[StatisticsTable]:
    """The tables every registered source gives for the municipality and year."""
    return [t for fn in list(_statistics) for t in fn(municipality_code, year)]
