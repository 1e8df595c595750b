"""What a report on a plan contains, whatever it is printed as (screen, PDF, Word).

With a year: the annual status report to the council (every measure with its progress
and narrative for that year, indicator trends against their targets, evidence from
other services). Without a year: the plan document itself (the matrix).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from levekar.plans.charts import trend_rows
from levekar.plans.evidence import (
    indicator_points_many,
    measure_evidence_many,
    statistics_section,
)
from levekar.plans.indicators import label_links
from levekar.plans.models import ActionPlan, Progress
from levekar.plans.selectors import Matrix, plan_matrix


@dataclass
class PlanReport:
    plan: ActionPlan
    year: int | None
    matrix: Matrix
    generated: dt.datetime
    statistics: list = field(default_factory=list)  # evidence.StatisticsTable

    @property
    def blocks(self):
        return self.matrix.blocks

    @property
    def rows(self):
        return self.matrix.rows

    @property
    def round(self):
        return self.matrix.round

    @property
    def totals(self) -> dict:
        rows = self.rows
        counts = Counter(r.report.progress for r in rows if r.report)
        return {
            "measures": len(rows),
            "reported": sum(counts.values()),
            "missing": len(rows) - sum(counts.values()),
            "progress": [(p.label, counts.get(p.value, 0)) for p in Progress],
        }

    @property
    def title(self) -> str:
        if self.year is None:
            return self.plan.title
        return f"{self.plan.title}: årsrapport {self.year}"


def plan_report(plan: ActionPlan, year: int | None = None) -> PlanReport:
    """The report's content: the matrix, each measure's report for ``year``, its
    indicator trend (from the registered sources) and its evidence items."""
    matrix = plan_matrix(plan, year=year)
    linked = [row for row in matrix.rows if row.measure.link is not None]
    goals = [g for b in matrix.blocks for g in b.goals if g.goal.link is not None]
    links = [r.measure.link for r in linked] + [g.goal.link for g in goals]
    label_links(links)
    points_all = indicator_points_many(links)
    for row, points in zip(linked, points_all[:len(linked)], strict=True):
        row.points = points
        row.trend = trend_rows(points, row.measure.link)
    for g, points in zip(goals, points_all[len(linked):], strict=True):
        g.points = points
        g.trend = trend_rows(points, g.goal.link)
    if year is not None:
        for row, items in zip(matrix.rows,
                              measure_evidence_many([r.measure for r in matrix.rows], year),
                              strict=True):
            row.evidence = items
    return PlanReport(plan=plan, year=year, matrix=matrix, generated=timezone.localtime(),
                      statistics=statistics_section(plan.municipality.code, year)
                      if year else [])


def safe_filename(report: PlanReport, extension: str) -> str:
    suffix = f"-arsrapport-{report.year}" if report.year else ""
    return f"{report.plan.code}{suffix}.{extension}"
