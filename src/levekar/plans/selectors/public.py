"""Reads of the public plan pages (``/handlingsplaner/``, no login): adopted plans only,
each measure's yearly status and report, and the linked indicators' *published*
figures (never computed-only figures, and a suppressed figure stays ":")."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.http import Http404

from levekar.plans.charts import trend_rows
from levekar.plans.evidence import indicator_points_many
from levekar.plans.indicators import label_links
from levekar.plans.models import ActionPlan, MeasureReport
from levekar.plans.selectors import Matrix, plan_matrix


def public_plans() -> list[ActionPlan]:
    """Every adopted plan (a plan is public once it has an adoption date)."""
    return list(ActionPlan.objects.filter(adopted_date__isnull=False)
                .select_related("municipality").annotate(n_measures=Count("measures"))
                .order_by("-adopted_date", "title"))


def public_plan_get(code: str) -> ActionPlan:
    plan = (ActionPlan.objects.select_related("municipality")
            .filter(code=code, adopted_date__isnull=False).first())
    if plan is None:
        raise Http404("Planen finnes ikke, eller er ikke vedtatt.")
    return plan


@dataclass
class PublicPlan:
    matrix: Matrix
    years: list[int] = field(default_factory=list)


def public_plan_page(plan: ActionPlan) -> PublicPlan:
    """The matrix with, per measure, its reports year by year (newest first) and its
    indicator's published figures; a fixed number of queries."""
    matrix = plan_matrix(plan)
    reports = defaultdict(list)
    years = set()
    for r in (MeasureReport.objects.filter(measure__plan=plan).select_related("round")
              .order_by("-round__year")):
        reports[r.measure_id].append(r)
        years.add(r.round.year)
    linked = [row for row in matrix.rows if row.measure.link is not None]
    goals = [g for b in matrix.blocks for g in b.goals if g.goal.link is not None]
    links = [r.measure.link for r in linked] + [g.goal.link for g in goals]
    label_links(links)
    points = indicator_points_many(links)
    for item, link, found in zip(linked + goals, links, points, strict=True):
        published = [p for p in found if p.published]
        item.points = published
        item.trend = [t for t in trend_rows(published, link) if t.kind == "measured"]
    for row in matrix.rows:
        row.history = reports.get(row.measure.pk, [])
    return PublicPlan(matrix=matrix, years=sorted(years, reverse=True))
