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


def indicator_trend(*, indicator: str, area: str, group: str = Group.CHILDREN) -> list[TrendPoint]:
    """Every period of ``indicator`` for ``area`` (``"0"``, ``"3205"``, ``"3205-03"``):
    from the newest computed result set and from the published figures (percent),
    sorted by period (its last year, then its first), computed before published.
    Two queries.
    """
    newest = ResultSet.objects.order_by("-loaded_at", "-pk").values("pk", "source").first()
    points: list[TrendPoint] = []
    if newest is not None:
        rows = IndicatorValue.objects.filter(
            result_set_id=newest["pk"], indicator=indicator, area=area, group=group,
        ).values_list("period", "percent", "suppressed", "threshold_scope")
        points += [TrendPoint(period=p, percent=None if s or v is None else float(v),
                              suppressed=s, threshold_scope=t, source=newest["source"],
                              published=False) for p, v, s, t in rows]
    published = PublishedFigure.objects.filter(
        indicator=indicator, area=area, group=group, unit=Unit.PERCENT,
    ).values_list("period", "value", "status", "threshold_scope", "table__source")
    points += [TrendPoint(period=p, percent=None if v is None else float(v),
                          suppressed=st == FigureStatus.SUPPRESSED, threshold_scope=t,
                          source=src, published=True) for p, v, st, t, src in published]
    return sorted(points, key=_sort_key)
