"""Outcomes across families: per mapping domain the share improved / unchanged / worse
between the start mapping and the n-th later one, result goals reached and the session
feedback's trend; for all families, per follow-up model, per start year (cohort) and per
BTI level. Every cell is suppressed by the statistics' small-cell rule (``lib``).

A fixed number of queries whatever the number of families: the counting is done by the
database (GROUP BY), Python only rolls the groups up.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from levekar.core.lib.suppression import DEFAULT_RULE
from levekar.evaluation import datafiles
from levekar.evaluation.lib import IMPROVED, UNCHANGED, WORSE, Row, suppress_rows
from levekar.evaluation.models import FollowUpModel, MappingChange, OutcomesVersion
from levekar.followup.models import BtiLevel, Goal, SessionFeedback

ALL, MODEL, COHORT, BTI = "alle", "modell", "kull", "bti"
BREAKDOWNS = {
    ALL: gettext_lazy("All families"),
    MODEL: gettext_lazy("Follow-up model"),
    COHORT: gettext_lazy("Year of start (cohort)"),
    BTI: gettext_lazy("BTI level"),
}
NO_MODEL = 0


@dataclass
class DomainTable:
    id: str
    label: str
    total: Row                      # all families
    rows: list[Row] = field(default_factory=list)  # the breakdown's groups
    labels: list[str] = field(default_factory=list)  # the groups' names, aligned with rows

    @property
    def labelled_rows(self) -> list[tuple[str, Row]]:
        return list(zip(self.labels, self.rows, strict=True))


@dataclass
class GoalRow:
    key: object
    families: int
    goals: int
    achieved: int
    hidden: bool

    @property
    def share_text(self) -> str:
        return ":" if self.hidden else f"{100 * self.achieved / self.goals:.1f}".replace(".", ",")


@dataclass
class FeedbackPoint:
    year: int
    persons: int
    outcome: float | None
    alliance: float | None

    @property
    def hidden(self) -> bool:
        return self.outcome is None


@dataclass
class Outcomes:
    breakdown: str
    follow_index: int
    follow_indexes: list[int]
    group_labels: dict
    domains: list[DomainTable]
    goals_total: GoalRow | None
    goals: list[GoalRow]
    feedback: list[FeedbackPoint]

    @property
    def breakdown_label(self) -> str:
        return str(BREAKDOWNS[self.breakdown])

    @property
    def goal_lines(self) -> list[tuple[str, GoalRow]]:
        lines = [(self.label(ALL), self.goals_total)] if self.goals_total else []
        return lines + [(self.label(g.key), g) for g in self.goals]

    def label(self, key) -> str:
        return self.group_labels.get(key, str(key))


def _group_labels(breakdown: str, keys, models: dict[int, str]) -> dict:
    if breakdown == MODEL:
        return {k: models.get(k, _("No follow-up model")) for k in keys}
    if breakdown == BTI:
        return {k: str(BtiLevel(k).label) for k in keys}
    if breakdown == COHORT:
        return {k: _("Started %(year)s") % {"year": k} for k in keys}
    return {k: _("All families") for k in keys}


def _key(breakdown: str, bti: int, unit_id: int, year: int, unit_models: dict[int, int]):
    if breakdown == MODEL:
        return unit_models.get(unit_id, NO_MODEL)
    if breakdown == BTI:
        return bti
    if breakdown == COHORT:
        return year
    return ALL


def _unit_models() -> tuple[dict[int, int], dict[int, str]]:
    """{unit id: model id} and {model id: name} (2 queries)."""
    names = dict(FollowUpModel.objects.values_list("pk", "name"))
    units = dict(FollowUpModel.units.through.objects.values_list("orgunit_id", "followupmodel_id"))
    return units, names


def _goal_rows(breakdown, unit_models, rule) -> tuple[GoalRow | None, list[GoalRow]]:
    """Result goals set and achieved (a goal replaced by another is left out)."""
    # Grouped in the database by what the breakdowns need (a case has one start date, so
    # the distinct families of the groups add up).
    grouped = (Goal.objects.filter(kind=Goal.Kind.RESULT).exclude(status=Goal.Status.CHANGED)
               .values("plan__case__bti_level", "plan__case__unit_id", "plan__case__start_date")
               .annotate(families=Count("plan__case_id", distinct=True), goals=Count("pk"),
                         achieved=Count("pk", filter=Q(status=Goal.Status.ACHIEVED)))
               .order_by())
    groups: dict = defaultdict(lambda: [0, 0, 0])
    total = [0, 0, 0]
    for r in grouped:
        key = _key(breakdown, r["plan__case__bti_level"], r["plan__case__unit_id"],
                   r["plan__case__start_date"].year, unit_models)
        for acc in (groups[key], total):
            acc[0] += r["families"]
            acc[1] += r["goals"]
            acc[2] += r["achieved"]

    def row(key, fam, goals, achieved):
        hidden = fam < rule.min_denominator or goals <= 0 or rule.hides(achieved, goals)
        return GoalRow(key, fam, goals, achieved, hidden)

    rows = [row(k, *v) for k, v in sorted(groups.items())] if breakdown != ALL else []
    # As for the domain tables: one hidden group would be given away by the total.
    hidden = [r for r in rows if r.hidden]
    if len(hidden) == 1 and len(rows) > 1:
        shown = [r for r in rows if not r.hidden]
        if shown:
            min(shown, key=lambda r: r.families).hidden = True
    return (row(ALL, *total) if total[0] else None), rows


def _feedback(rule) -> list[FeedbackPoint]:
    """Per calendar year: persons who gave feedback and the mean totals (2 queries: the
    years, then one conditional aggregate per year in a single query — no per-row date
    function, which SQLite would run in Python)."""
    span = SessionFeedback.objects.aggregate(first=Min("meeting__starts_at"),
                                             last=Max("meeting__starts_at"))
    if span["first"] is None:
        return []
    tz = timezone.get_current_timezone()
    years = range(timezone.localtime(span["first"]).year,
                  timezone.localtime(span["last"]).year + 1)
    aggregates = {}
    for y in years:
        within = Q(meeting__starts_at__gte=dt.datetime(y, 1, 1, tzinfo=tz),
                   meeting__starts_at__lt=dt.datetime(y + 1, 1, 1, tzinfo=tz))
        aggregates[f"p{y}"] = Count("member", distinct=True, filter=within)
        aggregates[f"o{y}"] = Avg("outcome_total", filter=within)
        aggregates[f"a{y}"] = Avg("alliance_total", filter=within)
    r = SessionFeedback.objects.aggregate(**aggregates)
    points = []
    for y in years:
        if not r[f"p{y}"]:
            continue
        shown = r[f"p{y}"] >= rule.min_denominator
        points.append(FeedbackPoint(y, r[f"p{y}"], round(r[f"o{y}"], 1) if shown else None,
                                    round(r[f"a{y}"], 1) if shown else None))
    return points


def follow_indexes() -> list[int]:
    """The mappings after the start that any family has reached: [1, 2, …] (1 query)."""
    top = MappingChange.objects.aggregate(top=Max("follow_index"))["top"] or 0
    return list(range(1, top + 1))


def outcomes(*, breakdown: str = ALL, follow_index: int | None = None,
             rule=DEFAULT_RULE, indexes: list[int] | None = None) -> Outcomes:
    """The outcome tables for ``breakdown`` at the ``follow_index``-th mapping after the
    start (the first when None). Six queries whatever the number of families."""
    if breakdown not in BREAKDOWNS:
        breakdown = ALL
    follow_indexes_ = follow_indexes() if indexes is None else indexes
    if follow_index not in follow_indexes_:
        follow_index = 1
    unit_models, model_names = _unit_models()
    counts: dict = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    order = {IMPROVED: 0, UNCHANGED: 1, WORSE: 2}
    for r in (MappingChange.objects.filter(follow_index=follow_index)
              .values("domain", "verdict", "bti_level", "unit_id", "start_year")
              .annotate(n=Count("pk")).order_by()):
        key = _key(breakdown, r["bti_level"], r["unit_id"], r["start_year"], unit_models)
        counts[r["domain"]][key][order[r["verdict"]]] += r["n"]
    keys = sorted({k for per in counts.values() for k in per},
                  key=lambda k: (breakdown == MODEL and k == NO_MODEL, k))
    tables = []
    for domain in datafiles.domains():
        per = counts.get(domain.id, {})
        total = [sum(v[i] for v in per.values()) for i in range(3)]
        rows = (suppress_rows([(k, per.get(k, [0, 0, 0])) for k in keys], rule)
                if breakdown != ALL else [])
        tables.append(DomainTable(domain.id, datafiles.domain_label(domain),
                                  suppress_rows([(ALL, total)], rule)[0], rows))
    goals_total, goal_rows = _goal_rows(breakdown, unit_models, rule)
    labels = _group_labels(breakdown, set(keys) | {g.key for g in goal_rows}, model_names)
    labels[ALL] = _("All families")
    for table in tables:
        table.labels = [labels[r.key] for r in table.rows]
    return Outcomes(breakdown, follow_index, follow_indexes_, labels, tables, goals_total,
                    goal_rows, _feedback(rule))


# --- cached per data version ------------------------------------------------------------------

CACHE_SECONDS = 6 * 3600   # a safety net only: every write raises the version


def outcomes_version() -> str | None:
    """The outcomes' data version, raised by every write that can change them (1 query);
    None before the first such write (then nothing is cached)."""
    row = OutcomesVersion.objects.filter(pk=1).values_list("token", "number").first()
    return f"{row[0].hex}-{row[1]}" if row else None


def _cached(version: str | None, key: str, compute):
    if version is None:
        return compute()
    key = f"evaluation:{version}:{key}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def follow_indexes_cached(version: str | None) -> list[int]:
    return _cached(version, "follow-indexes", follow_indexes)


def outcomes_cached(*, version: str | None, breakdown: str = ALL, follow_index: int | None = None,
                    indexes: list[int] | None = None) -> Outcomes:
    """``outcomes`` as of data ``version`` (from ``outcomes_version``): computed once per
    version, breakdown, mapping and language (the group labels are translated), then read
    from the cache — so the page costs one query while nothing has changed."""
    key = f"outcomes:{translation.get_language()}:{breakdown}:{follow_index}"
    return _cached(version, key, lambda: outcomes(breakdown=breakdown, follow_index=follow_index,
                                         indexes=indexes))
