"""Reads of the plans app. Every page's data comes from here in a fixed number of queries.

The plan is read as flat lists (focus areas, goals, measures, responsibilities,
reports: one query each) and assembled into the matrix in Python, so a plan with 10 or
10 000 measures costs the same number of queries.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from levekar.core.models import OrgUnit
from levekar.core.roles import Role, has_role
from levekar.plans.models import (
    DEVIATION_SEVERITY,
    ActionPlan,
    Deviation,
    FocusArea,
    Goal,
    Measure,
    MeasureReport,
    PlanChange,
    PlanObjective,
    Progress,
    ReportingRound,
    Responsibility,
)

NO_UNIT = "uten-enhet"  # the bucket of measures with no responsible org unit


def user_is_plan_owner(user) -> bool:
    return has_role(user, Role.PLAN_OWNER)


def responsible_unit_ids(measure: Measure) -> set[int]:
    cached = getattr(measure, "responsible_list", None)
    if cached is not None:
        return {r.org_unit_id for r in cached if r.org_unit_id}
    return set(Responsibility.objects.filter(measure=measure, org_unit__isnull=False)
               .values_list("org_unit_id", flat=True))


def user_may_report(user, measure: Measure) -> bool:
    """The plan owner reports on any measure; others on those their unit is responsible for."""
    if user_is_plan_owner(user):
        return True
    return bool(getattr(user, "org_unit_id", None)) and \
        user.org_unit_id in responsible_unit_ids(measure)


def plans_list() -> QuerySet[ActionPlan]:
    return (ActionPlan.objects.select_related("municipality", "previous_plan")
            .annotate(n_measures=Count("measures")).order_by("-period_start", "title"))


def plan_get(code: str) -> ActionPlan:
    plan = ActionPlan.objects.select_related("municipality", "previous_plan").filter(
        code=code).first()
    if plan is None:
        raise Http404("Planen finnes ikke.")
    return plan


def measure_get(plan: ActionPlan, pk: int) -> Measure:
    """A measure of ``plan`` with goal, focus area, link, predecessor and responsibilities."""
    measure = (Measure.objects.select_related(
        "goal", "goal__focus_area", "indicator_link", "continues", "continues__plan",
        "updated_by")
        .prefetch_related(Prefetch("responsibilities",
                                   queryset=Responsibility.objects.select_related("org_unit")),
                          Prefetch("continued_by",
                                   queryset=Measure.objects.select_related("plan")))
        .filter(plan=plan, pk=pk).first())
    if measure is None:
        raise Http404("Tiltaket finnes ikke i denne planen.")
    measure.plan = plan
    measure.responsible_list = list(measure.responsibilities.all())
    return measure


def focus_area_get(plan: ActionPlan, pk: int) -> FocusArea:
    focus_area = FocusArea.objects.filter(plan=plan, pk=pk).first()
    if focus_area is None:
        raise Http404("Innsatsområdet finnes ikke i denne planen.")
    return focus_area


def goal_in_plan(plan: ActionPlan, pk: int) -> Goal | None:
    """The plan's goal ``pk`` with its focus area, or None when the plan has no such goal."""
    return Goal.objects.select_related("focus_area").filter(plan=plan, pk=pk).first()


def goal_get(plan: ActionPlan, pk: int) -> Goal:
    goal = Goal.objects.select_related("focus_area", "indicator_link").filter(
        plan=plan, pk=pk).first()
    if goal is None:
        raise Http404("Målet finnes ikke i denne planen.")
    goal.plan = plan
    return goal


def measure_changes(measure: Measure) -> list[PlanChange]:
    """Every change of the measure in the browser or by import, newest first."""
    return list(PlanChange.objects.filter(measure=measure).select_related("changed_by"))


def measure_history(measure: Measure) -> list[MeasureReport]:
    """The measure's reports, newest year first, including those of the measures it
    continues (the history survives a revision of the plan)."""
    chain = [measure.pk]
    previous = measure.continues
    while previous is not None and len(chain) < 10:
        chain.append(previous.pk)
        previous = previous.continues if previous.continues_id else None
    return list(MeasureReport.objects.filter(measure_id__in=chain)
                .select_related("round", "round__plan", "reported_by", "reported_for",
                                "measure")
                .order_by("-round__year", "-round__plan__period_start"))


def rounds_for_plan(plan: ActionPlan) -> list[ReportingRound]:
    return list(plan.reporting_rounds.select_related("started_by").annotate(
        n_reports=Count("reports")).order_by("-year"))


def round_get(plan: ActionPlan, year: int) -> ReportingRound:
    rnd = ReportingRound.objects.filter(plan=plan, year=year).first()
    if rnd is None:
        raise Http404("Det er ikke startet noen rapporteringsrunde for dette året.")
    rnd.plan = plan
    return rnd


def years_without_round(plan: ActionPlan, rounds: list[ReportingRound]) -> list[int]:
    """The plan's reporting years in which no round (of ``rounds``, the plan's) is started."""
    started = {r.year for r in rounds}
    return [y for y in plan.reporting_years() if y not in started]


def measure_report_get(rnd: ReportingRound, measure: Measure) -> MeasureReport | None:
    """The report saved on ``measure`` in ``rnd``, or None."""
    return (MeasureReport.objects.filter(round=rnd, measure=measure)
            .select_related("reported_by", "reported_for").first())


def latest_round(plan: ActionPlan) -> ReportingRound | None:
    return plan.reporting_rounds.order_by("-year").first()


@dataclass
class MeasureRow:
    measure: Measure
    responsibilities: list[Responsibility]
    report: MeasureReport | None = None
    # Filled for the measure page and the council report (see ``reports.data``):
    points: list = field(default_factory=list)  # IndicatorPoint
    trend: list = field(default_factory=list)  # charts.TrendRow
    evidence: list = field(default_factory=list)  # EvidenceItem
    chart: object = None  # a Vega-Lite spec, an SVG string or PNG bytes
    chart_alt: str = ""
    history: list = field(default_factory=list)  # MeasureReport, newest year first

    @property
    def unit_codes(self) -> set[str]:
        return {r.org_unit.code for r in self.responsibilities if r.org_unit_id}


def worst_deviation(rows: list[MeasureRow]) -> str:
    """The worst deviation status reported among ``rows`` ("" when none is reported):
    a goal or focus area is «avvik» as soon as one of its measures is."""
    found = [r.report.deviation for r in rows if r.report and r.report.deviation]
    return min(found, key=lambda d: DEVIATION_SEVERITY[Deviation(d)]) if found else ""


@dataclass
class GoalBlock:
    goal: Goal
    rows: list[MeasureRow] = field(default_factory=list)
    points: list = field(default_factory=list)  # the goal's own indicator trend
    trend: list = field(default_factory=list)
    chart: object = None
    chart_alt: str = ""

    @property
    def deviation(self) -> str:
        return worst_deviation(self.rows)

    @property
    def deviation_label(self) -> str:
        return Deviation(self.deviation).label if self.deviation else ""


@dataclass
class FocusBlock:
    focus_area: FocusArea
    goals: list[GoalBlock] = field(default_factory=list)

    @property
    def rows(self) -> list[MeasureRow]:
        return [row for g in self.goals for row in g.rows]

    @property
    def deviation(self) -> str:
        return worst_deviation(self.rows)

    @property
    def deviation_label(self) -> str:
        return Deviation(self.deviation).label if self.deviation else ""

    @property
    def progress_counts(self) -> dict[str, int]:
        counts = Counter(r.report.progress for r in self.rows if r.report)
        return {p: counts.get(p, 0) for p in Progress.values}

    @property
    def n_reported(self) -> int:
        return sum(1 for r in self.rows if r.report)

    @property
    def n_missing(self) -> int:
        return len(self.rows) - self.n_reported

    @property
    def percent_completed(self) -> int:
        rows = self.rows
        done = sum(1 for r in rows if r.report and r.report.progress == Progress.COMPLETED)
        return round(100 * done / len(rows)) if rows else 0

    @property
    def percent_under_way(self) -> int:
        """Completed or in progress: how far the focus area has come."""
        rows = self.rows
        moving = sum(1 for r in rows if r.report and r.report.progress in
                     (Progress.COMPLETED, Progress.IN_PROGRESS))
        return round(100 * moving / len(rows)) if rows else 0


@dataclass
class Matrix:
    plan: ActionPlan
    blocks: list[FocusBlock]
    units: list[OrgUnit]  # the org units responsible for any measure (for the filter)
    round: ReportingRound | None
    total: int  # measures in the plan, before filtering
    objectives: list[PlanObjective] = field(default_factory=list)
    # Which columns the plan uses (a column no measure fills is not shown).
    uses_status: bool = True
    uses_how: bool = True
    uses_responsible: bool = True
    uses_evaluation: bool = True

    @property
    def rows(self) -> list[MeasureRow]:
        return [row for b in self.blocks for row in b.rows]

    @property
    def words(self):
        return self.plan.words

    @property
    def n_columns(self) -> int:
        """Columns of the matrix table (goal and measure always; progress in a round)."""
        return (2 + self.uses_status + self.uses_how + self.uses_responsible
                + self.uses_evaluation + (self.round is not None))


def plan_matrix(plan: ActionPlan, *, unit: str = "", status: str = "",
                year: int | None = None) -> Matrix:
    """The plan as the documents show it: focus area → goal → measures.

    ``unit`` keeps measures that org unit (code; ``NO_UNIT`` for none) is responsible
    for, ``status`` those whose status has that letter (``-`` for none); ``year`` adds
    each measure's report of that reporting round. Five or six queries, whatever the size.
    """
    focus_areas = list(FocusArea.objects.filter(plan=plan).order_by("position", "id"))
    for fa in focus_areas:
        fa.plan = plan
    goals = list(Goal.objects.filter(plan=plan).select_related("indicator_link")
                 .order_by("position", "id"))
    objectives = list(PlanObjective.objects.filter(plan=plan).order_by("position", "id"))
    measures = list(Measure.objects.filter(plan=plan)
                    .select_related("indicator_link", "continues")
                    .order_by("position", "id"))
    resps: dict[int, list[Responsibility]] = defaultdict(list)
    units: dict[int, OrgUnit] = {}
    for r in (Responsibility.objects.filter(measure__plan=plan).select_related("org_unit")
              .order_by("position", "id")):
        resps[r.measure_id].append(r)
        if r.org_unit_id:
            units[r.org_unit_id] = r.org_unit
    rnd = None
    reports: dict[int, MeasureReport] = {}
    if year is not None:
        rnd = ReportingRound.objects.filter(plan=plan, year=year).first()
        if rnd is not None:
            reports = {r.measure_id: r for r in MeasureReport.objects.filter(round=rnd)
                       .select_related("reported_by", "reported_for")}

    def keep(m: Measure, rs: list[Responsibility]) -> bool:
        if unit == NO_UNIT and any(r.org_unit_id for r in rs):
            return False
        if unit and unit != NO_UNIT and unit not in {r.org_unit.code for r in rs
                                                     if r.org_unit_id}:
            return False
        if status == "-":
            return not m.status
        return not status or status in m.status_letters

    rows_by_goal: dict[int, list[MeasureRow]] = defaultdict(list)
    for m in measures:
        m.plan = plan
        m.responsible_list = resps.get(m.pk, [])
        if keep(m, m.responsible_list):
            rows_by_goal[m.goal_id].append(MeasureRow(m, m.responsible_list, reports.get(m.pk)))
    goals_by_fa: dict[int, list[GoalBlock]] = defaultdict(list)
    filtering = bool(unit or status)
    for g in goals:
        if rows_by_goal.get(g.pk) or not filtering:
            goals_by_fa[g.focus_area_id].append(GoalBlock(g, rows_by_goal.get(g.pk, [])))
    blocks = [FocusBlock(fa, goals_by_fa.get(fa.pk, [])) for fa in focus_areas
              if goals_by_fa.get(fa.pk) or not filtering]
    words = plan.words
    return Matrix(plan=plan, blocks=blocks, round=rnd, total=len(measures),
                  units=sorted(units.values(), key=lambda u: u.name), objectives=objectives,
                  uses_status=words.uses_status or any(m.status for m in measures),
                  # The matrix kind has no «Hvordan» column: its few explanatory lines are
                  # shown under the measure instead.
                  uses_how=words.uses_how and any(m.how for m in measures),
                  uses_responsible=bool(resps) or not words.uses_status,
                  uses_evaluation=any(m.evaluation_indicator or m.evaluation_frequency
                                      for m in measures))


def plan_municipalities(plan_ids) -> dict[int, tuple[str, int]]:
    """{plan pk: (plan code, municipality pk)} for the given plans, in one query."""
    return {pk: (code, m) for pk, code, m in ActionPlan.objects.filter(pk__in=plan_ids)
            .values_list("pk", "code", "municipality_id")}


# The reporting rounds' reads live in their own module; imported here so that callers
# keep using ``levekar.plans.selectors``.
from levekar.plans.selectors.rounds import (  # noqa: E402
    ToReport,
    UnitStatus,
    measures_to_report,
    round_dashboard,
    unit_staff_emails,
)

__all__ = ["ToReport", "UnitStatus", "goal_in_plan", "measures_to_report", "round_dashboard",
           "unit_staff_emails"]
