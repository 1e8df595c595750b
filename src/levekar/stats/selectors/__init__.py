"""Every read of the kunnskapsgrunnlag, each in a fixed number of queries.

Statistics hold no personal data, but everything shown is suppressed the same way: a
suppressed cell reaches the pages as ``Figure(suppressed=True)`` with no numbers at all.
"""

from levekar.stats.selectors.common import (
    Choice,
    Figure,
    StatsContext,
    figure_from_published,
    figure_from_value,
    period_for,
    stats_context,
)
from levekar.stats.selectors.pages import (
    MunicipalityOverview,
    OverviewLine,
    SurveyLine,
    SurveyTable,
    TrendTable,
    ZoneDetail,
    ZoneMap,
    ZoneMapEntry,
    ZoneTable,
    ZoneTableRow,
    municipality_overview,
    survey_lines,
    zone_detail,
    zone_map,
    zone_table,
)
from levekar.stats.selectors.trend import TrendPoint, indicator_trend, indicator_trends

__all__ = [
    "Choice",
    "Figure",
    "MunicipalityOverview",
    "OverviewLine",
    "StatsContext",
    "SurveyLine",
    "SurveyTable",
    "TrendPoint",
    "TrendTable",
    "ZoneDetail",
    "ZoneMap",
    "ZoneMapEntry",
    "ZoneTable",
    "ZoneTableRow",
    "figure_from_published",
    "figure_from_value",
    "indicator_trend",
    "indicator_trends",
    "municipality_overview",
    "period_for",
    "stats_context",
    "survey_lines",
    "zone_detail",
    "zone_map",
    "zone_table",
]
