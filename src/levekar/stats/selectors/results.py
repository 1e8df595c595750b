"""The result sets as the analyst manages them, and two of them side by side."""

from dataclasses import dataclass
from decimal import Decimal

from levekar.people.models import Zone
from levekar.stats.models import (
    COUNTRY_AREA,
    PERSISTENT_INDICATORS,
    IndicatorValue,
    Level,
    ResultSet,
)
from levekar.stats.readers.klass import klass
from levekar.stats.selectors.common import COUNTRY_NAME, Figure, figure_from_value


@dataclass(frozen=True)
class CompareRow:
    level: str
    area: str
    label: str
    threshold_scope: str
    a: Figure
    b: Figure

    @property
    def difference(self) -> Decimal | None:
        if self.a.percent is None or self.b.percent is None:
            return None
        return self.b.percent - self.a.percent


@dataclass(frozen=True)
class Comparison:
    a: ResultSet
    b: ResultSet
    period: str | None
    periods: list[str]
    municipality: str
    rows: list[CompareRow]


def result_sets_compare(*, a: ResultSet, b: ResultSet, indicator: str, group: str,
                        municipality: str, period: str | None = None) -> Comparison:
    """The country, ``municipality`` and its zones in both result sets, for one period of
    ``indicator`` both have (the newest unless ``period`` is given). Two queries."""
    persistent = indicator in PERSISTENT_INDICATORS
    key = "periods" if persistent else "years"
    common = sorted(set(a.summary.get(key, [])) & set(b.summary.get(key, [])))
    if period not in common:
        period = common[-1] if common else None
    rows: list[CompareRow] = []
    if period:
        values = IndicatorValue.objects.filter(
            result_set__in=[a, b], period=period, indicator=indicator, group=group,
            area__in=[COUNTRY_AREA, municipality]).union(IndicatorValue.objects.filter(
                result_set__in=[a, b], period=period, indicator=indicator, group=group,
                level=Level.ZONE, municipality=municipality))
        by_key: dict[tuple, dict[int, IndicatorValue]] = {}
        for v in values:
            by_key.setdefault((v.level, v.area, v.threshold_scope), {})[v.result_set_id] = v
        names = dict(Zone.objects.filter(code__in=[k[1] for k in by_key if k[0] == Level.ZONE])
                     .values_list("code", "name"))
        order = {Level.COUNTRY: 0, Level.MUNICIPALITY: 1, Level.ZONE: 2}
        for (level, area, scope), pair in sorted(by_key.items(),
                                                 key=lambda kv: (order[kv[0][0]], kv[0][1])):
            label = (str(COUNTRY_NAME) if level == Level.COUNTRY
                     else klass().name(area) or area if level == Level.MUNICIPALITY
                     else names.get(area, area))
            rows.append(CompareRow(
                level=level, area=area, label=label, threshold_scope=scope,
                a=figure_from_value(pair[a.pk], a.source) if a.pk in pair else Figure(),
                b=figure_from_value(pair[b.pk], b.source) if b.pk in pair else Figure()))
    return Comparison(a=a, b=b, period=period, periods=common, municipality=municipality,
                      rows=rows)
