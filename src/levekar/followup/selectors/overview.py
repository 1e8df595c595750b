"""The BTI coordinator's / leader's overview: counts only — no names, no case notes.

Families per BTI level and unit (the unit of the stafettholder, who holds the baton),
per coordinator, and the cases that need attention. Every count goes through small-cell
suppression (``crosstab`` for tables, ``core.lib.suppression.count`` for single counts).

Every metric is computed here by name, in ``bti_overview``; a metric that needs another
topic's rule calls it (``mappings_overdue`` uses the caseload's ``mapping_due``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.core.lib.suppression import count as suppressed_count
from levekar.followup.access import active_grants
from levekar.followup.crosstab import Crosstab, suppressed_crosstab
from levekar.followup.models import BtiLevel, Case
from levekar.followup.selectors.caseload import mapping_due

CONSENT_EXPIRY_WARNING_DAYS = 30


def mappings_overdue(open_cases: QuerySet[Case], today: dt.date) -> int:
    """Open cases whose start or yearly mapping is overdue (one query)."""
    rows = open_cases.annotate(last_mapping=Max("assessments__performed_on")).values_list(
        "start_date", "last_mapping")
    return sum(1 for start, last in rows if mapping_due(start, last, today)[2] == "overdue")


def open_cases() -> QuerySet[Case]:
    return Case.objects.filter(status__in=[Case.Status.ACTIVE, Case.Status.PAUSED],
                               anonymised_at__isnull=True)


@dataclass(frozen=True)
class MetricRow:
    key: str
    label: str
    value: str
    description: str = ""


@dataclass(frozen=True)
class BtiOverview:
    by_unit: Crosstab
    by_coordinator: Crosstab
    metrics: list[MetricRow]


def _level_labels() -> list[str]:
    return [str(level) for level in BtiLevel.values]


def bti_overview(*, today: dt.date | None = None) -> BtiOverview:
    today = today or timezone.localdate()
    cases = open_cases()
    levels = _level_labels()
    no_holder = _("No stafettholder yet")

    unit_counts: dict[tuple[str, str], int] = {}
    for row in cases.values("stafettholder__org_unit__name", "bti_level") \
            .annotate(n=Count("pk")).order_by():
        unit = row["stafettholder__org_unit__name"] or no_holder
        key = (unit, str(row["bti_level"]))
        unit_counts[key] = unit_counts.get(key, 0) + row["n"]
    units = sorted({u for u, _level in unit_counts}, key=lambda u: (u == no_holder, u))

    coord_counts: dict[tuple[str, str], int] = {}
    for row in cases.values("coordinator__first_name", "coordinator__last_name",
                            "coordinator__username", "bti_level") \
            .annotate(n=Count("pk")).order_by():
        name = (f"{row['coordinator__first_name']} {row['coordinator__last_name']}".strip()
                or row["coordinator__username"])
        key = (name, str(row["bti_level"]))
        coord_counts[key] = coord_counts.get(key, 0) + row["n"]
    coordinators = sorted({c for c, _level in coord_counts})

    horizon = today + dt.timedelta(days=CONSENT_EXPIRY_WARNING_DAYS)
    grants = active_grants(today=today).filter(consent__case_id=OuterRef("pk"))
    lasting = grants.filter(Q(consent__valid_to__isnull=True) |
                            Q(consent__valid_to__gt=horizon))
    figures = cases.aggregate(
        no_stafettholder=Count("pk", filter=Q(bti_level__gte=BtiLevel.OWN_SERVICE) & (
            Q(stafettholder__isnull=True) | Q(stafettholder__is_active=False))),
        expiring=Count("pk", filter=Q(bti_level__gte=BtiLevel.COOPERATION)
                       & Q(Exists(grants)) & ~Q(Exists(lasting))),
        without_consent=Count("pk", filter=Q(bti_level__gte=BtiLevel.COOPERATION)
                              & ~Q(Exists(grants))),
    )
    metrics = [
        MetricRow("no_stafettholder", _("Cases at level 1 or higher without a stafettholder"),
                  suppressed_count(figures["no_stafettholder"]),
                  _("Level 1 needs a named stafettholder with an active account.")),
        MetricRow("consent_expiring",
                  _("Cases at level 2 or higher whose consent expires within 30 days"),
                  suppressed_count(figures["expiring"]),
                  _("Every active consent of the case ends within 30 days.")),
        MetricRow("without_consent", _("Cases at level 2 or higher without an active consent"),
                  suppressed_count(figures["without_consent"]),
                  _("Cooperation between services needs a recorded consent.")),
        MetricRow("mappings_overdue", _("Yearly mappings overdue"),
                  suppressed_count(mappings_overdue(cases, today)),
                  _("Open cases whose start mapping or yearly mapping is past due.")),
    ]
    return BtiOverview(
        by_unit=suppressed_crosstab(unit_counts, units, levels),
        by_coordinator=suppressed_crosstab(coord_counts, coordinators, levels),
        metrics=metrics,
    )
