"""The trend of one indicator in one area, for other apps (the action plan's goals)."""

from dataclasses import dataclass

from levekar.stats.models import (
    FigureStatus,
    Group,
    IndicatorValue,
    PublishedFigure,
    ResultSet,
    Unit,
)
from levekar.stats.readers.computed import period_years


@dataclass(frozen=True)
class TrendPoint:
    period: str  # "2024" or "2022-2024"
    percent: float | None  # None when suppressed or not available
    suppressed: bool
    threshold_scope: str  # "national", "municipal" or "" (crowding)
    source: str  # the result set's source name, or the published table's source
    published: bool  # True for a published figure (SSB), False for our computation


def _sort_key(point: TrendPoint) -> tuple:
    first, last = period_years(point.period)
    return (last, first, point.published, point.source)


TrendKey = tuple[str, str, str]  # (indicator, area, group)


def indicator_trends(keys: list[TrendKey]) -> dict[TrendKey, list[TrendPoint]]:
    """``indicator_trend`` for many (indicator, area, group) at once, in three queries
    whatever their number (for reports with many linked measures)."""
    wanted = set(keys)
    out: dict[TrendKey, list[TrendPoint]] = {k: [] for k in wanted}
    if not wanted:
        return out
    indicators = {k[0] for k in wanted}
    areas = {k[1] for k in wanted}
    groups = {k[2] for k in wanted}
    newest = ResultSet.objects.order_by("-loaded_at", "-pk").values("pk", "source").first()
    if newest is not None:
        rows = IndicatorValue.objects.filter(
            result_set_id=newest["pk"], indicator__in=indicators, area__in=areas,
            group__in=groups,
        ).values_list("indicator", "area", "group", "period", "percent", "suppressed",
                      "threshold_scope")
        for ind, area, grp, p, v, sup, t in rows:
            if (ind, area, grp) in wanted:
                out[(ind, area, grp)].append(TrendPoint(
                    period=p, percent=None if sup or v is None else float(v), suppressed=sup,
                    threshold_scope=t, source=newest["source"], published=False))
    published = PublishedFigure.objects.filter(
        indicator__in=indicators, area__in=areas, group__in=groups, unit=Unit.PERCENT,
    ).values_list("indicator", "area", "group", "period", "value", "status",
                  "threshold_scope", "table__source")
    for ind, area, grp, p, v, st, t, src in published:
        if (ind, area, grp) in wanted:
            out[(ind, area, grp)].append(TrendPoint(
                period=p, percent=None if v is None else float(v),
                suppressed=st == FigureStatus.SUPPRESSED, threshold_scope=t, source=src,
                published=True))
    return {k: sorted(v, key=_sort_key) for k, v in out.items()}


def indicator_trend(*, indicator: str, area: str, group: str = Group.CHILDREN) -> list[TrendPoint]:
    """Every period of ``indicator`` for ``area`` (``"0"``, ``"3205"``, ``"3205-03"``):
    from the newest computed result set and from the published figures (percent),
    sorted by period (its last year, then its first), computed before published.
    """
    key = (indicator, area, str(group))
    return indicator_trends([key])[key]
