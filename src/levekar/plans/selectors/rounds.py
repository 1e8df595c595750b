"""Reads of the reporting rounds: the dashboard per responsible unit, «Mine tiltak», and
who gets the reminders."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from levekar.core.models import User
from levekar.core.roles import Role
from levekar.plans.models import (
    Measure,
    MeasureReport,
    ReportingRound,
    Responsibility,
    UnitRoundStatus,
)
from levekar.plans.selectors import NO_UNIT, Matrix, MeasureRow, user_is_plan_owner


@dataclass
class UnitStatus:
    code: str  # NO_UNIT: the plan owner, for measures without a responsible unit
    name: str
    rows: list[MeasureRow]
    round: ReportingRound | None = None

    @property
    def reported(self) -> list[MeasureRow]:
        return [r for r in self.rows if r.report]

    @property
    def missing(self) -> list[MeasureRow]:
        return [r for r in self.rows if not r.report]

    @property
    def is_plan_owner(self) -> bool:
        return self.code == NO_UNIT

    @property
    def status(self) -> str:
        """Done, overdue (missing after the deadline), partly or not started."""
        if not self.missing:
            return UnitRoundStatus.DONE
        if self.round is not None and self.round.is_overdue():
            return UnitRoundStatus.OVERDUE
        return UnitRoundStatus.PARTLY if self.reported else UnitRoundStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return UnitRoundStatus(self.status).label


def round_dashboard(matrix: Matrix) -> list[UnitStatus]:
    """Per responsible unit: the measures it reports on, reported and missing.

    A measure with several responsible units counts for each of them. Measures with no
    responsible org unit (only bodies named in text, or none) are the plan owner's: they
    form their own row, which counts like any unit's (the dashboard's summary and the
    table beneath it agree).
    """
    by_unit: dict[str, UnitStatus] = {}
    orphans = UnitStatus(NO_UNIT, "", [], matrix.round)
    for row in matrix.rows:
        unit_resps = [r for r in row.responsibilities if r.org_unit_id]
        if not unit_resps:
            orphans.rows.append(row)
        for r in unit_resps:
            status = by_unit.setdefault(r.org_unit.code,
                                        UnitStatus(r.org_unit.code, r.org_unit.name, [],
                                                   matrix.round))
            if row not in status.rows:
                status.rows.append(row)
    result = sorted(by_unit.values(), key=lambda s: (not s.missing, s.name))
    if orphans.rows:
        result.append(orphans)
    return result


@dataclass
class ToReport:
    round: ReportingRound
    measure: Measure
    report: MeasureReport | None


def measures_to_report(user) -> list[ToReport]:
    """The measures the user's unit is responsible for, in every open reporting round;
    for the plan owner also the measures that have no responsible unit (the owner
    reports on those)."""
    unit_id = getattr(user, "org_unit_id", None)
    owner = user_is_plan_owner(user)
    if not unit_id and not owner:
        return []
    rounds = list(ReportingRound.objects.filter(closed_at__isnull=True).select_related("plan")
                  .order_by("plan__title", "-year"))
    if not rounds:
        return []
    mine = Q(responsibilities__org_unit_id=unit_id) if unit_id else Q(pk__in=[])
    if owner:
        mine |= ~Q(pk__in=Responsibility.objects.filter(org_unit__isnull=False)
                   .values("measure_id"))
    measures = list(Measure.objects.filter(mine, plan__in={r.plan_id for r in rounds})
                    .select_related("goal").distinct().order_by("position", "id"))
    reports = {(r.round_id, r.measure_id): r for r in MeasureReport.objects.filter(
        round__in=rounds, measure__in=measures)}
    out = []
    for rnd in rounds:
        for m in measures:
            if m.plan_id == rnd.plan_id:
                m.plan = rnd.plan
                out.append(ToReport(rnd, m, reports.get((rnd.pk, m.pk))))
    return out


def unit_staff_emails(unit_codes: list[str]) -> dict[str, list[str]]:
    """E-mail addresses of the active staff of each unit (by code), and under ``NO_UNIT``
    those of the plan owners (who report on measures without a unit). Two queries."""
    out: dict[str, list[str]] = defaultdict(list)
    for code, email in (User.objects.filter(is_active=True, org_unit__code__in=unit_codes)
                        .exclude(email="").values_list("org_unit__code", "email")
                        .order_by("email")):
        out[code].append(email)
    out[NO_UNIT] = list(User.objects.filter(is_active=True, groups__name=Role.PLAN_OWNER)
                        .exclude(email="").values_list("email", flat=True).order_by("email"))
    return dict(out)
