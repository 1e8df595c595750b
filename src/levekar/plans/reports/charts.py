"""The report's charts: one Vega-Lite spec per linked measure or goal (``charts``),
rendered by vl-convert for print, with its text alternative."""

from collections.abc import Callable

from levekar.plans.charts import chart_spec, render_png, render_svg, trend_alt_text
from levekar.plans.reports.data import PlanReport


def attach_charts(report: PlanReport, fmt: str, *, wrap: Callable = lambda x: x) -> None:
    """Give every linked measure row and goal block ``chart`` (SVG or PNG, through
    ``wrap``) and ``chart_alt``; None where there is nothing to draw."""
    render = render_svg if fmt == "svg" else render_png
    items = [(row, row.measure.link) for row in report.rows if row.measure.link]
    items += [(g, g.goal.link) for b in report.blocks for g in b.goals if g.goal.link]
    for item, link in items:
        spec = chart_spec(item.points, link, rows=item.trend)
        item.chart = wrap(render(spec)) if spec else None
        item.chart_alt = trend_alt_text(link, item.trend)
