"""The BTI coordinator's / leader's overview: counts only — no names, no case notes.

Families per BTI level and unit (the unit of the stafettholder, who holds the baton),
per coordinator, and the cases that need attention. Every count goes through small-cell
suppression (``crosstab`` for tables, ``core.lib.suppression.count`` for single counts).

Other parts of follow-up add counts with ``register_overview_metric`` (for example the
work part: "yearly mappings overdue"); each metric gets the queryset of open cases and
returns a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from levekar.core.lib.suppression import count as suppressed_count
from levekar.followup.access import active_grants
from levekar.followup.crosstab import Crosstab, suppressed_crosstab
from levekar.followup.models import BtiLevel, Case
from levekar.followup.registry import autoload_work_modules

CONSENT_EXPIRY_WARNING_DAYS = 30


@dataclass(frozen=True)
class OverviewMetric:
    key: str
    label: str | Promise
    compute: Callable[[QuerySet[Case]], int]
    description: str | Promise = ""


_METRICS: dict[str, OverviewMetric] = {}


def register_overview_metric(key: str, label: str | Promise,
                             compute: Callable[[QuerySet[Case]], int],
                             description: str | Promise = "") -> None:
    """Add a count to the BTI overview. ``compute(open_cases)`` returns an int; it must
    run a fixed number of queries. Registering the same key again replaces it."""
    _METRICS[key] = OverviewMetric(key, label, compute, description)


def registered_metrics() -> list[OverviewMetric]:
    autoload_work_modules()
    return list(_METRICS.values())


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
    ]
    for metric in registered_metrics():
        metrics.append(MetricRow(metric.key, str(metric.label),
                                 suppressed_count(int(metric.compute(cases))),
                                 str(metric.description)))
    return BtiOverview(
        by_unit=suppressed_crosstab(unit_counts, units, levels),
        by_coordinator=suppressed_crosstab(coord_counts, coordinators, levels),
        metrics=metrics,
    )
