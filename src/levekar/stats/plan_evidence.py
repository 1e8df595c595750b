"""The kunnskapsgrunnlag as evidence for the action plan: a measure linked to an indicator
shows that indicator's trend (computed and published) against the plan's target.

``plans`` may not import ``stats`` (stats sits above it), so stats registers itself in
the plans' evidence registry when the app is ready.
"""

from dataclasses import asdict

from levekar.plans.evidence import IndicatorCatalogue, IndicatorPoint, StatisticsTable
from levekar.stats.models import Group, Indicator
from levekar.stats.selectors import indicator_trends


def _key(link) -> tuple[str, str, str]:
    # A plan that names no group means the children: the plans are about child poverty.
    return (link.indicator, link.area, link.group or "children")


def indicator_points_for_links(links) -> list[list[IndicatorPoint]]:
    """The trend of each linked indicator for the link's area and group; three queries."""
    trends = indicator_trends([_key(link) for link in links])
    return [[IndicatorPoint(**asdict(p)) for p in trends[_key(link)]] for link in links]


def indicator_catalogue() -> IndicatorCatalogue:
    """The indicators and groups a plan can link to, named in the active language."""
    return IndicatorCatalogue(indicators=[(c, str(label)) for c, label in Indicator.choices],
                              groups=[(c, str(label)) for c, label in Group.choices])


def _cell(figure) -> str:
    if figure.suppressed:
        return ":"
    if figure.percent is None:
        return "–"
    return f"{float(figure.percent):.1f}".replace(".", ",")


def statistics_for_report(municipality_code: str, year: int | None) -> list[StatisticsTable]:
    """The council report's statistics: the municipality against the country (income
    measured against the national median) and the zone table (against the municipal
    median), from the newest computed result set; suppressed cells stay ":"."""
    from django.utils.translation import gettext as _

    from levekar.stats.selectors import municipality_overview, stats_context, zone_table

    ctx = stats_context(user=None, municipality=municipality_code)
    if ctx.result_set is None or ctx.municipality != municipality_code:
        return []
    tables = []
    overview = municipality_overview(ctx)
    if overview.lines:
        tables.append(StatisticsTable(
            title=_("%(m)s against the whole country") % {"m": ctx.municipality_name},
            note=_("Low income is measured against the national median (EU scale). "
                   "“:” = too few persons to show. Source: %(src)s.") % {"src": ctx.source},
            header=[_("Indicator"), _("Group"), _("Period"), ctx.municipality_name,
                    _("Norway")],
            rows=[[line.indicator_label, line.group_label, line.period_label,
                   _cell(line.municipality), _cell(line.country)]
                  for line in overview.lines]))
    table_year = year if year in ctx.years else ctx.default_table_year()
    zones = zone_table(ctx, year=table_year)
    if zones.rows:
        tables.append(StatisticsTable(
            title=_("Living-conditions zones in %(m)s, %(group)s") % {
                "m": ctx.municipality_name, "group": zones.group_label.lower()},
            note=_("Low income in the zones is measured against the municipal median. "
                   "“:” = too few persons to show. Source: %(src)s.") % {"src": ctx.source},
            header=[_("Zone")] + [f"{c.label} {c.period_label}" for c in zones.columns],
            rows=[[r.name] + [_cell(f) for f in r.cells] for r in zones.rows]))
    return tables
