"""The BTI leader's overview: counts only — no names of families, no case notes.

Children per BTI level and unit (BTI follows each child; the unit is the one of the
child's stafettholder, who holds the baton), each coordinator's caseload with the work
that is behind, and the children and cases that need attention. These are counts of the
staff's work, shown to the leader who distributes it, so they are real numbers: no
small-cell suppression (a count of a coordinator's cases does not single out a family to
anyone).

Every metric is computed here by name, in ``bti_overview``; a metric that needs another
topic's rule calls it (``mappings_overdue`` uses the caseload's ``mapping_due``).
Eight queries whatever the number of cases and coordinators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from levekar.core.models import User
from levekar.core.roles import Role
from levekar.followup.access import child_grants
from levekar.followup.crosstab import Crosstab
from levekar.followup.models import BtiLevel, Case, CaseMember, WorklistNotice
from levekar.followup.selectors.caseload import mapping_due

CONSENT_EXPIRY_WARNING_DAYS = 30


def mappings_overdue(open_cases: QuerySet[Case], today: dt.date) -> int:
    """Open cases whose start or yearly mapping is overdue (one query)."""
    rows = open_cases.annotate(last_mapping=Max("assessments__performed_on")).values_list(
        "start_date", "last_mapping")
    return sum(1 for start, last in rows if mapping_due(start, last, today)[2] == "overdue")


def leader_municipality_id(user: User) -> int | None:
    """The municipality a BTI leader leads: the one of their unit (None without a unit)."""
    return user.org_unit.municipality_id if user.org_unit_id else None


def open_cases(municipality_id: int | None = None) -> QuerySet[Case]:
    qs = Case.objects.filter(status__in=[Case.Status.ACTIVE, Case.Status.PAUSED],
                             anonymised_at__isnull=True)
    if municipality_id is not None:
        qs = qs.filter(unit__municipality_id=municipality_id)
    return qs


def open_children(municipality_id: int | None = None) -> QuerySet[CaseMember]:
    """The children living in the families of open cases: BTI is counted per child."""
    qs = CaseMember.objects.filter(
        role=CaseMember.Role.CHILD, left_on__isnull=True,
        case__status__in=[Case.Status.ACTIVE, Case.Status.PAUSED],
        case__anonymised_at__isnull=True)
    if municipality_id is not None:
        qs = qs.filter(case__unit__municipality_id=municipality_id)
    return qs


METRIC_LABELS = {
    "no_stafettholder": gettext_lazy("Children at level 1 or higher without a stafettholder"),
    "consent_expiring": gettext_lazy(
        "Children at level 2 or higher whose consent expires within 30 days"),
    "without_consent": gettext_lazy(
        "Children at level 2 or higher without an active consent"),
    "mappings_overdue": gettext_lazy("Yearly mappings overdue"),
}

METRIC_DESCRIPTIONS = {
    "no_stafettholder": gettext_lazy(
        "Level 1 needs a named stafettholder; one with an account needs it to be active."),
    "consent_expiring": gettext_lazy(
        "Every active consent that covers the child ends within 30 days."),
    "without_consent": gettext_lazy("Cooperation between services needs a recorded consent."),
    "mappings_overdue": gettext_lazy(
        "Open cases whose start mapping or yearly mapping is past due."),
}


@dataclass(frozen=True)
class MetricRow:
    key: str
    label: str
    value: str
    description: str = ""
    count: int = 0
    concerned: int = 0       # coordinators with at least one of these
    reminded_today: int = 0  # of them, reminded about it today

    @property
    def can_remind(self) -> bool:
        return self.concerned > self.reminded_today


@dataclass
class CoordinatorRow:
    """One coordinator's caseload: open cases, children per BTI level and the work that
    is behind."""

    user_id: int
    name: str
    by_level: list[int]      # children per level
    cases: int = 0
    no_stafettholder: int = 0
    consent_expiring: int = 0
    without_consent: int = 0
    mappings_overdue: int = 0
    reminded_today: bool = False
    reminded_topics: set = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.by_level)

    @property
    def behind(self) -> int:
        return (self.no_stafettholder + self.consent_expiring + self.without_consent
                + self.mappings_overdue)


@dataclass(frozen=True)
class BtiOverview:
    by_unit: Crosstab
    coordinators: list[CoordinatorRow]
    metrics: list[MetricRow]
    level_totals: list[int]  # children per level
    cases: int = 0           # open cases

    @property
    def total(self) -> int:
        return sum(self.level_totals)


def _plain_crosstab(counts: dict[tuple[str, str], int], rows: list[str],
                    cols: list[str]) -> Crosstab:
    cells = [[counts.get((r, c), 0) for c in cols] for r in rows]
    col_totals = [sum(row[j] for row in cells) for j in range(len(cols))]
    return Crosstab(row_labels=rows, col_labels=cols,
                    cells=[[str(v) for v in row] for row in cells],
                    row_totals=[str(sum(row)) for row in cells],
                    col_totals=[str(v) for v in col_totals], total=str(sum(col_totals)),
                    raw_total=sum(col_totals))


def bti_overview(*, today: dt.date | None = None,
                 municipality_id: int | None = None) -> BtiOverview:
    """The overview of every open case, or of one municipality's (the leader's)."""
    today = today or timezone.localdate()
    cases = open_cases(municipality_id)
    levels = BtiLevel.values
    no_holder = _("No stafettholder yet")

    children = open_children(municipality_id)
    holder_unit = Coalesce("stafettholder__unit__name",
                           NullIf("stafettholder__organisation", Value("")))
    unit_counts: dict[tuple[str, str], int] = {}
    for row in children.annotate(_unit=holder_unit).values("_unit", "bti_level") \
            .annotate(n=Count("pk")).order_by():
        unit = row["_unit"] or no_holder
        key = (unit, str(row["bti_level"]))
        unit_counts[key] = unit_counts.get(key, 0) + row["n"]
    units = sorted({u for u, _level in unit_counts}, key=lambda u: (u == no_holder, u))

    # Every active coordinator, with or without cases, and anyone else still holding cases.
    active = Q(groups__name=Role.COORDINATOR, is_active=True)
    if municipality_id is not None:
        active &= Q(org_unit__municipality_id=municipality_id)
    people = {u.pk: u for u in User.objects.filter(
        active | Q(pk__in=cases.values("coordinator_id"))).distinct()}
    coordinators = {pk: CoordinatorRow(pk, u.display_name, [0] * len(levels))
                    for pk, u in people.items()}

    horizon = today + dt.timedelta(days=CONSENT_EXPIRY_WARNING_DAYS)
    grants = child_grants(case_id=OuterRef("case_id"), person_id=OuterRef("person_id"),
                          today=today)
    lasting = grants.filter(Q(consent__valid_to__isnull=True) |
                            Q(consent__valid_to__gt=horizon))
    for row in children.values("case__coordinator_id", "bti_level").annotate(
            n=Count("pk"),
            no_stafettholder=Count("pk", filter=Q(bti_level__gte=BtiLevel.OWN_SERVICE) & (
                Q(stafettholder__isnull=True) | Q(stafettholder__user__is_active=False))),
            expiring=Count("pk", filter=Q(bti_level__gte=BtiLevel.COOPERATION)
                           & Q(Exists(grants)) & ~Q(Exists(lasting))),
            without_consent=Count("pk", filter=Q(bti_level__gte=BtiLevel.COOPERATION)
                                  & ~Q(Exists(grants))),
    ).order_by():
        c = coordinators[row["case__coordinator_id"]]
        c.by_level[levels.index(row["bti_level"])] += row["n"]
        c.no_stafettholder += row["no_stafettholder"]
        c.consent_expiring += row["expiring"]
        c.without_consent += row["without_consent"]
    for coordinator_id, start, last in cases.values("pk").annotate(
            last_mapping=Max("assessments__performed_on")).values_list(
            "coordinator_id", "start_date", "last_mapping"):
        coordinators[coordinator_id].cases += 1
        if mapping_due(start, last, today)[2] == "overdue":
            coordinators[coordinator_id].mappings_overdue += 1
    for pk, topic in WorklistNotice.objects.filter(
            kind=WorklistNotice.Kind.REMINDER, period=today,
            recipient_id__in=list(coordinators)).values_list("recipient_id", "topic"):
        if topic:
            coordinators[pk].reminded_topics.add(topic)
        else:
            coordinators[pk].reminded_today = True
    rows = sorted(coordinators.values(), key=lambda c: (c.name.casefold(), c.user_id))

    totals = {key: sum(getattr(c, key) for c in rows) for key in METRIC_LABELS}
    metrics = [MetricRow(key, str(METRIC_LABELS[key]), str(totals[key]),
                         str(METRIC_DESCRIPTIONS[key]), totals[key],
                         concerned=sum(1 for c in rows if getattr(c, key)),
                         reminded_today=sum(1 for c in rows
                                            if getattr(c, key) and key in c.reminded_topics))
               for key in METRIC_LABELS]
    return BtiOverview(
        by_unit=_plain_crosstab(unit_counts, units, [str(v) for v in levels]),
        coordinators=rows,
        metrics=metrics,
        level_totals=[sum(c.by_level[i] for c in rows) for i in range(len(levels))],
        cases=sum(c.cases for c in rows),
    )


@dataclass(frozen=True)
class ReassignRow:
    """One open case of a coordinator as the leader sees it when distributing work: the
    case number, the family's BTI level and the next mapping — no names, no notes."""

    case_id: int
    bti_level: int
    mapping_due: dt.date
    mapping_state: str   # ok | due_soon | overdue


def reassign_rows(coordinator: User, municipality_id: int | None, *,
                  today: dt.date | None = None) -> list[ReassignRow]:
    """The coordinator's open cases in the municipality, oldest first (one query)."""
    today = today or timezone.localdate()
    if municipality_id is None:
        return []
    rows = []
    for pk, level, start, last in (
            open_cases(municipality_id).filter(coordinator=coordinator)
            .annotate(last_mapping=Max("assessments__performed_on"))
            .order_by("start_date", "pk")
            .values_list("pk", "bti_level", "start_date", "last_mapping")):
        _kind, due, state = mapping_due(start, last, today)
        rows.append(ReassignRow(pk, level, due, state))
    return rows


def municipality_coordinators(municipality_id: int | None) -> QuerySet[User]:
    """The active family coordinators of the municipality (the picker of the new one)."""
    return (User.objects.filter(groups__name=Role.COORDINATOR, is_active=True,
                                org_unit__municipality_id=municipality_id)
            .select_related("org_unit").order_by("last_name", "first_name", "pk").distinct())


def case_member_person_ids(case_ids: list[int]) -> list[int]:
    """The persons in the given cases (for the audit of a list that shows them)."""
    return list(CaseMember.objects.filter(case_id__in=case_ids).order_by()
                .values_list("person_id", flat=True).distinct())
