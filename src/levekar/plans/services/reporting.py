"""The yearly follow-up: reporting rounds and the units' reports on their measures."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from levekar.core.errors import AccessDenied, Conflict, InvalidInput, Problem
from levekar.plans.models import (
    ActionPlan,
    Deviation,
    Measure,
    MeasureReport,
    Progress,
    ReportingRound,
)
from levekar.plans.selectors import responsible_unit_ids, user_is_plan_owner


@transaction.atomic
def reporting_round_start(*, plan: ActionPlan, year: int, actor,
                          deadline: dt.date | None = None) -> ReportingRound:
    """Open the reporting round for ``year`` with its ``deadline``; the responsible units
    can then report, and are reminded before and after the deadline."""
    if not user_is_plan_owner(actor):
        raise AccessDenied("Bare planeieren kan starte en rapporteringsrunde.")
    if not plan.covers_year(year):
        raise InvalidInput([Problem(
            f"{year} er utenfor planperioden {plan.period_label}.", field="year")])
    if deadline is not None and deadline < timezone.localdate():
        raise InvalidInput([Problem("Fristen kan ikke være passert allerede.",
                                    field="deadline")])
    if ReportingRound.objects.filter(plan=plan, year=year).exists():
        raise Conflict(f"Rapporteringsrunden for {year} er allerede startet.")
    try:
        with transaction.atomic():
            return ReportingRound.objects.create(plan=plan, year=year, started_by=actor,
                                                 deadline=deadline)
    except IntegrityError as exc:  # started by someone else a moment ago
        raise Conflict(f"Rapporteringsrunden for {year} er allerede startet.") from exc


@transaction.atomic
def reporting_round_deadline_set(*, round: ReportingRound, actor,
                                 deadline: dt.date | None) -> ReportingRound:
    """Move the round's deadline; reminders already sent are not sent again."""
    if not user_is_plan_owner(actor):
        raise AccessDenied("Bare planeieren kan endre fristen.")
    ReportingRound.objects.filter(pk=round.pk).update(deadline=deadline)
    round.refresh_from_db()
    return round


@transaction.atomic
def reporting_round_close(*, round: ReportingRound, actor) -> ReportingRound:
    """Close a round: its reports are then final and go to the council report as they are."""
    if not user_is_plan_owner(actor):
        raise AccessDenied("Bare planeieren kan avslutte en rapporteringsrunde.")
    updated = ReportingRound.objects.filter(pk=round.pk, closed_at__isnull=True).update(
        closed_at=timezone.now())
    if not updated:
        raise Conflict(f"Rapporteringsrunden for {round.year} er allerede avsluttet.")
    round.refresh_from_db()
    return round


@transaction.atomic
def reporting_round_reopen(*, round: ReportingRound, actor) -> ReportingRound:
    if not user_is_plan_owner(actor):
        raise AccessDenied("Bare planeieren kan åpne en rapporteringsrunde igjen.")
    ReportingRound.objects.filter(pk=round.pk).update(closed_at=None)
    round.refresh_from_db()
    return round


@transaction.atomic
def measure_report_save(*, round: ReportingRound, measure: Measure, actor, progress: str,
                        narrative: str, indicator_value: float | None,
                        expected_version: int | None, deviation: str = "",
                        deviation_reason: str = "") -> MeasureReport:
    """Save a unit's report on a measure for the round's year.

    ``expected_version`` is the version of the report the form was loaded with (None for
    a new report). A report saved by someone else in between is a ``Conflict``; nothing
    is overwritten without the reporter having seen it.
    """
    if measure.plan_id != round.plan_id:
        raise InvalidInput([Problem("Tiltaket hører ikke til denne planen.", field="measure")])
    units = responsible_unit_ids(measure)
    owner = user_is_plan_owner(actor)
    if not owner and getattr(actor, "org_unit_id", None) not in units:
        raise AccessDenied("Du kan bare rapportere på tiltak som enheten din har ansvar for.")
    if not ReportingRound.objects.filter(pk=round.pk, closed_at__isnull=True).exists():
        raise Conflict(f"Rapporteringsrunden for {round.year} er avsluttet; rapporten kan ikke "
                       "endres. Be planeieren åpne runden igjen.")
    problems = []
    if progress not in Progress.values:
        problems.append(Problem("Velg fremdrift.", field="progress"))
    if deviation and deviation not in Deviation.values:
        problems.append(Problem("Velg om tiltaket er på sporet, har avvik eller ikke er "
                                "startet.", field="deviation"))
    if deviation in (Deviation.DEVIATION, Deviation.NOT_STARTED) \
            and not deviation_reason.strip():
        problems.append(Problem("Skriv årsaken til avviket (eller til at tiltaket ikke er "
                                "startet).", field="deviation_reason"))
    if problems:
        raise InvalidInput(problems)
    reported_for = actor.org_unit_id if getattr(actor, "org_unit_id", None) in units else None
    values = {"progress": progress, "narrative": narrative.strip(),
              "indicator_value": indicator_value, "reported_by": actor,
              "deviation": deviation, "deviation_reason": deviation_reason.strip(),
              "reported_for_id": reported_for, "reported_at": timezone.now()}

    existing = MeasureReport.objects.select_related("reported_by").filter(
        round=round, measure=measure).first()
    if existing is None:
        if expected_version is not None:
            raise Conflict("Rapporten er slettet etter at du åpnet den.")
        try:
            with transaction.atomic():
                return MeasureReport.objects.create(round=round, measure=measure, **values)
        except IntegrityError:
            existing = MeasureReport.objects.select_related("reported_by").get(
                round=round, measure=measure)
            raise Conflict(_report_conflict(existing)) from None
    if expected_version != existing.version:
        raise Conflict(_report_conflict(existing))
    rows = MeasureReport.objects.filter(pk=existing.pk, version=expected_version).update(
        version=F("version") + 1, **values)
    if not rows:
        existing.refresh_from_db()
        raise Conflict(_report_conflict(existing))
    return MeasureReport.objects.get(pk=existing.pk)


def _report_conflict(report: MeasureReport) -> str:
    who = report.reported_by.display_name if report.reported_by_id else "noen andre"
    return (f"{who} har rapportert på dette tiltaket etter at du åpnet skjemaet. Rapporten din "
            "er ikke lagret, men står fortsatt i skjemaet. Se den lagrede rapporten nedenfor, "
            "og lagre på nytt hvis du vil erstatte den.")
