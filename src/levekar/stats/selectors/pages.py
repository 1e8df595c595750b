"""The reads behind the pages: overview, zone table, map, zone page. Fixed query counts."""

import json
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from levekar.people.models import Zone
from levekar.stats.models import (
    COUNTRY_AREA,
    Group,
    Indicator,
    IndicatorValue,
    Level,
    PublishedFigure,
    SurveyFigure,
    SurveyGroup,
    SurveyIndicator,
    Threshold,
    ThresholdScope,
    Unit,
    ZoneBoundary,
)
from levekar.stats.readers.computed import period_years
from levekar.stats.readers.geo import label_point
from levekar.stats.selectors.common import (
    Figure,
    StatsContext,
    figure_from_published,
    figure_from_value,
    period_for,
    period_label,
)

INDICATOR_ORDER = [Indicator.PERSISTENT_LOW_INCOME_60, Indicator.PERSISTENT_LOW_INCOME_50,
                   Indicator.LOW_INCOME_60, Indicator.LOW_INCOME_50, Indicator.CROWDING]
GROUP_ORDER = [Group.CHILDREN, Group.ALL]
NO_FIGURE = Figure()


def _period_key(period: str) -> tuple[int, int]:
    first, last = period_years(period)
    return (last, first)


# --- overview -----------------------------------------------------------------------------

@dataclass(frozen=True)
class OverviewLine:
    indicator: str
    indicator_label: str
    group: str
    group_label: str
    period: str
    municipality: Figure
    country: Figure
    published_municipality: Figure | None
    published_country: Figure | None

    @property
    def period_label(self) -> str:
        return period_label(self.period)


@dataclass
class TrendTable:
    """One indicator over the periods, several series; the chart and its table."""

    indicator: str
    indicator_label: str
    group: str
    group_label: str
    series: list[str]
    rows: list[tuple[str, list[Figure]]]  # (period label, one figure per series)

    @property
    def points(self) -> list[dict]:
        return [{"period": period, "series": name, "percent": f.as_float}
                for period, figures in self.rows
                for name, f in zip(self.series, figures, strict=True) if f.available]

    @property
    def has_points(self) -> bool:
        return any(f.available for _, figures in self.rows for f in figures)


@dataclass(frozen=True)
class SurveyLine:
    indicator_label: str
    group_label: str
    area_label: str
    school: str
    year: int
    figure: Figure
    respondents: int


@dataclass
class SurveyTable:
    lines: list[SurveyLine]

    @property
    def sources(self) -> list[str]:
        return sorted({line.figure.source for line in self.lines})

    @property
    def one_source(self) -> str:
        """The source when every line has the same one (then said once, not per line)."""
        sources = self.sources
        return sources[0] if len(sources) == 1 else ""


@dataclass
class MunicipalityOverview:
    lines: list[OverviewLine]
    trend: TrendTable
    survey: SurveyTable
    thresholds: list[dict]
    published_sources: list[dict]
    latest_year: int | None
    latest_period: str | None


def _published_index(rows) -> dict[tuple, Figure]:
    """(area, period, indicator, group) → the figure of the lowest table id."""
    out: dict[tuple, Figure] = {}
    for row in sorted(rows, key=lambda r: r.table.table_id):
        out.setdefault((row.area, row.period, row.indicator, row.group),
                       figure_from_published(row))
    return out


def municipality_overview(ctx: StatsContext, *,
                          trend_indicator: str = Indicator.PERSISTENT_LOW_INCOME_60,
                          trend_group: str = Group.CHILDREN) -> MunicipalityOverview:
    """The municipality against the country: latest figures, a trend, survey and thresholds.

    Four to five queries, whatever the number of zones.
    """
    m = ctx.municipality
    computed: dict[tuple, Figure] = {}
    if ctx.result_set:
        rows = IndicatorValue.objects.filter(
            result_set=ctx.result_set, level__in=[Level.COUNTRY, Level.MUNICIPALITY],
            area__in=[COUNTRY_AREA, m])
        computed = {(r.area, r.period, r.indicator, r.group): figure_from_value(r, ctx.source)
                    for r in rows}
    published_rows = list(PublishedFigure.objects.filter(
        area__in=[COUNTRY_AREA, m], unit=Unit.PERCENT).select_related("table"))
    published = _published_index(published_rows)

    lines = []
    for indicator in INDICATOR_ORDER:
        period = ctx.latest_period_of(indicator)
        if period is None:
            continue
        for group in GROUP_ORDER:
            mine = computed.get((m, period, indicator, group))
            country = computed.get((COUNTRY_AREA, period, indicator, group))
            if mine is None and country is None:
                continue
            lines.append(OverviewLine(
                indicator=indicator, indicator_label=str(Indicator(indicator).label),
                group=group, group_label=str(Group(group).label), period=period,
                municipality=mine or NO_FIGURE, country=country or NO_FIGURE,
                published_municipality=published.get((m, period, indicator, group)),
                published_country=published.get((COUNTRY_AREA, period, indicator, group))))

    trend = _trend(ctx, computed, published, trend_indicator, trend_group)
    thresholds = []
    if ctx.result_set:
        by_year: dict[int, dict] = {}
        for t in Threshold.objects.filter(result_set=ctx.result_set,
                                          area__in=[COUNTRY_AREA, m]).order_by("year"):
            by_year.setdefault(t.year, {"year": t.year})[t.scope] = t
        thresholds = list(by_year.values())
    sources = {}
    for row in published_rows:
        sources.setdefault(row.table.table_id, {
            "table_id": row.table.table_id, "source": row.table.source,
            "label": row.table.label, "note": row.table.note, "updated": row.table.updated})
    return MunicipalityOverview(
        lines=lines, trend=trend, survey=survey_lines(ctx, area=None),
        thresholds=thresholds, published_sources=[sources[k] for k in sorted(sources)],
        latest_year=ctx.latest_year, latest_period=ctx.latest_period)


def _trend(ctx: StatsContext, computed, published, indicator: str, group: str) -> TrendTable:
    m = ctx.municipality
    name = ctx.municipality_name
    series_keys = [
        (m, False, _("%(area)s (computed)") % {"area": name}),
        (COUNTRY_AREA, False, _("Norway (computed)")),
        (m, True, _("%(area)s (published)") % {"area": name}),
        (COUNTRY_AREA, True, _("Norway (published)")),
    ]
    periods = {k[1] for k in computed if k[2] == indicator and k[3] == group}
    periods |= {k[1] for k in published if k[0] in (m, COUNTRY_AREA) and k[2] == indicator
                and k[3] == group}
    ordered = sorted(periods, key=_period_key)
    columns = []
    for area, is_pub, label in series_keys:
        source = published if is_pub else computed
        figures = [source.get((area, p, indicator, group), NO_FIGURE) for p in ordered]
        if any(f.available or f.suppressed for f in figures):
            columns.append((label, figures))
    return TrendTable(
        indicator=indicator, indicator_label=str(Indicator(indicator).label), group=group,
        group_label=str(Group(group).label), series=[c[0] for c in columns],
        rows=[(period_label(p), [c[1][i] for c in columns]) for i, p in enumerate(ordered)])


def survey_lines(ctx: StatsContext, *, area: str | None) -> SurveyTable:
    """Survey figures of the municipality (``area=None``) or of one zone. Two queries."""
    qs = SurveyFigure.objects.filter(municipality=ctx.municipality)
    if area is not None:
        qs = qs.filter(area=area)
    rows = list(qs.order_by("indicator", "group", "level", "area", "school", "-year"))
    zone_names = dict(Zone.objects.filter(code__in={r.area for r in rows if r.level == Level.ZONE})
                      .values_list("code", "name")) if rows else {}
    return SurveyTable(lines=[SurveyLine(
        indicator_label=str(SurveyIndicator(r.indicator).label),
        group_label=str(SurveyGroup(r.group).label),
        area_label=zone_names.get(r.area, r.area) if r.level == Level.ZONE
        else ctx.municipality_label(r.area),
        school=r.school, year=r.year,
        figure=Figure(percent=r.value, suppressed=r.suppressed, source=r.source,
                      published=True, period=str(r.year)),
        respondents=r.respondents) for r in rows])


# --- zone table ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ZoneColumn:
    indicator: str
    label: str
    period: str
    scope_label: str

    @property
    def period_label(self) -> str:
        return period_label(self.period)


@dataclass
class ZoneTableRow:
    code: str
    name: str
    cells: list[Figure]


@dataclass
class ZoneTable:
    year: int | None
    group: str
    columns: list[ZoneColumn]
    rows: list[ZoneTableRow]
    sort: str
    descending: bool

    @property
    def group_label(self) -> str:
        return str(Group(self.group).label)


SORT_NAME, SORT_CODE = "navn", "kode"


def _sort_rows(rows: list, key_of, descending: bool) -> list:
    """Sort by a figure: available values first (in the asked order), then ':' and '–'."""
    have = [r for r in rows if key_of(r) is not None]
    rest = [r for r in rows if key_of(r) is None]
    have.sort(key=lambda r: (key_of(r), r.code), reverse=descending)
    return have + sorted(rest, key=lambda r: r.code)


def zone_table(ctx: StatsContext, *, year: int | None, group: str = Group.CHILDREN,
               sort: str = SORT_CODE, descending: bool = False) -> ZoneTable:
    """Every zone of the municipality with every indicator ending in ``year``. Two queries."""
    if not ctx.result_set or year is None or not ctx.has_zones:
        return ZoneTable(year=year, group=group, columns=[], rows=[], sort=sort,
                         descending=descending)
    periods = {str(year), f"{year - 2}-{year}"}
    values = IndicatorValue.objects.filter(
        result_set=ctx.result_set, municipality=ctx.municipality, level=Level.ZONE,
        period__in=periods, group=group)
    by_zone: dict[str, dict[str, Figure]] = {}
    present: dict[str, str] = {}
    for v in values:
        by_zone.setdefault(v.area, {})[v.indicator] = figure_from_value(v, ctx.source)
        present.setdefault(v.indicator, v.threshold_scope)
    columns = [ZoneColumn(indicator=i, label=str(Indicator(i).label), period=period_for(i, year),
                          scope_label=str(ThresholdScope(present[i]).label))
               for i in INDICATOR_ORDER if i in present]
    names = dict(Zone.objects.filter(code__in=list(by_zone)).values_list("code", "name"))
    rows = [ZoneTableRow(code=code, name=names.get(code, code),
                         cells=[figures.get(c.indicator, NO_FIGURE) for c in columns])
            for code, figures in by_zone.items()]
    if sort == SORT_NAME:
        rows.sort(key=lambda r: (r.name.lower(), r.code), reverse=descending)
    elif sort in present:
        index = [c.indicator for c in columns].index(sort)
        rows = _sort_rows(rows, lambda r: r.cells[index].percent, descending)
    else:
        sort = SORT_CODE
        rows.sort(key=lambda r: r.code, reverse=descending)
    return ZoneTable(year=year, group=group, columns=columns, rows=rows, sort=sort,
                     descending=descending)


# --- map ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ZoneMapEntry:
    code: str
    name: str
    figure: Figure
    has_shape: bool = True


@dataclass
class ZoneMap:
    indicator: str
    group: str
    period: str
    boundary: ZoneBoundary | None
    features: list[dict] = field(default_factory=list)
    entries: list[ZoneMapEntry] = field(default_factory=list)

    @property
    def indicator_label(self) -> str:
        return str(Indicator(self.indicator).label)

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def group_label(self) -> str:
        return str(Group(self.group).label)

    @property
    def scope_label(self) -> str:
        scopes = {e.figure.threshold_scope for e in self.entries if e.figure.source}
        return str(ThresholdScope(scopes.pop()).label) if len(scopes) == 1 else ""

    @property
    def missing_shapes(self) -> list[ZoneMapEntry]:
        return [e for e in self.entries if not e.has_shape]


def zone_map(ctx: StatsContext, *, year: int | None, indicator: str, group: str) -> ZoneMap:
    """The zones' shapes with one indicator each, and the zones sorted by it. Three queries."""
    period = period_for(indicator, year) if year else ""
    boundary = ZoneBoundary.objects.filter(municipality__code=ctx.municipality).first()
    result = ZoneMap(indicator=indicator, group=group, period=period, boundary=boundary)
    values = {}
    if ctx.result_set and period:
        values = {v.area: figure_from_value(v, ctx.source) for v in IndicatorValue.objects.filter(
            result_set=ctx.result_set, municipality=ctx.municipality, level=Level.ZONE,
            period=period, indicator=indicator, group=group)}
    shapes = json.loads(boundary.geojson)["features"] if boundary else []
    shaped = {f["properties"]["code"] for f in shapes}
    names = dict(Zone.objects.filter(code__in=set(values) | shaped).values_list("code", "name"))
    for feature in shapes:
        code = feature["properties"]["code"]
        fig = values.get(code, NO_FIGURE)
        lon, lat = label_point(feature["geometry"])
        result.features.append({
            "type": "Feature", "geometry": feature["geometry"],
            "properties": {"code": code, "name": names.get(code, feature["properties"]["name"]),
                           "percent": fig.as_float, "suppressed": fig.suppressed,
                           "lon": lon, "lat": lat}})
    entries = [ZoneMapEntry(code=c, name=names.get(c, c), figure=f, has_shape=c in shaped)
               for c, f in values.items()]
    entries += [ZoneMapEntry(code=c, name=names.get(c, c), figure=NO_FIGURE)
                for c in shaped - set(values)]
    result.entries = _sort_rows(entries, lambda e: e.figure.percent, True)
    return result


# --- zone page ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ZoneLine:
    indicator_label: str
    group_label: str
    period: str
    figure: Figure
    rank: int | None
    ranked: int

    @property
    def period_label(self) -> str:
        return period_label(self.period)


@dataclass
class ZoneDetail:
    zone: Zone
    lines: list[ZoneLine]
    trend: TrendTable
    survey: SurveyTable


def zone_get(*, code: str) -> Zone:
    return get_object_or_404(Zone.objects.select_related("municipality"), code=code)


def zone_detail(ctx: StatsContext, *, zone: Zone,
                trend_indicator: str = Indicator.PERSISTENT_LOW_INCOME_60,
                trend_group: str = Group.CHILDREN) -> ZoneDetail:
    """A zone's figures, its rank among the municipality's zones, a trend. Three queries."""
    lines: list[ZoneLine] = []
    mine: dict[tuple, Figure] = {}
    if ctx.result_set:
        latest = [p for p in (ctx.latest_period, str(ctx.latest_year or "")) if p]
        peers: dict[tuple, list] = {}
        for v in IndicatorValue.objects.filter(result_set=ctx.result_set, level=Level.ZONE,
                                               area=zone.code):
            mine[(v.period, v.indicator, v.group)] = figure_from_value(v, ctx.source)
        for area, period, indicator, grp, percent in IndicatorValue.objects.filter(
                result_set=ctx.result_set, level=Level.ZONE, municipality=ctx.municipality,
                period__in=latest, suppressed=False).values_list(
                    "area", "period", "indicator", "group", "percent"):
            peers.setdefault((period, indicator, grp), []).append((percent, area))
        for indicator in INDICATOR_ORDER:
            period = ctx.latest_period_of(indicator)
            for group in GROUP_ORDER:
                fig = mine.get((period, indicator, group))
                if fig is None:
                    continue
                ranking = sorted(peers.get((period, indicator, group), []), reverse=True)
                rank = next((i + 1 for i, (_, a) in enumerate(ranking) if a == zone.code), None)
                lines.append(ZoneLine(indicator_label=str(Indicator(indicator).label),
                                      group_label=str(Group(group).label), period=period,
                                      figure=fig, rank=rank, ranked=len(ranking)))
    periods = sorted({p for p, i, g in mine if i == trend_indicator and g == trend_group},
                     key=_period_key)
    trend = TrendTable(
        indicator=trend_indicator, indicator_label=str(Indicator(trend_indicator).label),
        group=trend_group, group_label=str(Group(trend_group).label), series=[zone.name],
        rows=[(period_label(p), [mine[(p, trend_indicator, trend_group)]]) for p in periods])
    return ZoneDetail(zone=zone, lines=lines, trend=trend,
                      survey=survey_lines(ctx, area=zone.code))
