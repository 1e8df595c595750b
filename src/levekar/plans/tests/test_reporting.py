"""The yearly follow-up: rounds, who may report on what, and the dashboard."""

import pytest

from levekar.core.errors import AccessDenied, Conflict, InvalidInput
from levekar.core.models import AuditEvent
from levekar.plans.models import Measure, MeasureReport, Progress, ReportingRound
from levekar.plans.selectors import measures_to_report, plan_matrix, round_dashboard
from levekar.plans.services import (
    measure_report_save,
    reporting_round_close,
    reporting_round_start,
)

pytestmark = pytest.mark.django_db


def _report(rnd, code, actor, progress=Progress.IN_PROGRESS, version=None, text="Godt i gang."):
    measure = Measure.objects.get(plan=rnd.plan, code=code)
    return measure_report_save(round=rnd, measure=measure, actor=actor, progress=progress,
                               narrative=text, indicator_value=None, expected_version=version)


def test_the_plan_owner_starts_a_round_once_per_year_within_the_period(example_plan, plan_owner,
                                                                        nav_partner):
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    assert (rnd.year, rnd.started_by, rnd.is_open) == (2025, plan_owner, True)
    with pytest.raises(Conflict, match="Rapporteringsrunden for 2025 er allerede startet"):
        reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    with pytest.raises(InvalidInput, match="2031 er utenfor planperioden 2024–2027"):
        reporting_round_start(plan=example_plan, year=2031, actor=plan_owner)
    with pytest.raises(AccessDenied):
        reporting_round_start(plan=example_plan, year=2026, actor=nav_partner)
    assert ReportingRound.objects.filter(plan=example_plan).count() == 1


def test_a_plan_covers_the_years_of_its_period_and_an_open_plan_from_its_adoption():
    import datetime as dt

    from levekar.plans.models import ActionPlan

    closed = ActionPlan(period_start=2024, period_end=2027)
    assert [y for y in range(2022, 2030) if closed.covers_year(y)] == [2024, 2025, 2026, 2027]
    open_ended = ActionPlan(adopted_date=dt.date(2021, 6, 17))
    assert not open_ended.covers_year(2020)
    assert open_ended.covers_year(2021) and open_ended.covers_year(2040)


def test_a_responsible_unit_reports_on_its_measures_and_only_those(example_plan, plan_owner,
                                                                   nav_partner):
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    report = _report(rnd, "1.1.1", nav_partner)  # NAV Lillestrøm is responsible for 1.1.1
    assert (report.reported_by, report.reported_for.code) == (nav_partner,
                                                              "nav-lillestrom")
    with pytest.raises(AccessDenied):
        _report(rnd, "2.1.1", nav_partner)  # culture and leisure's measure
    assert not MeasureReport.objects.filter(measure__code="2.1.1").exists()


def test_the_plan_owner_may_report_on_any_measure(example_plan, plan_owner):
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    report = _report(rnd, "2.1.3", plan_owner, Progress.COMPLETED)
    assert report.reported_for is None and report.progress == "completed"


def test_two_units_reporting_on_the_same_measure_cannot_overwrite_each_other(
        example_plan, plan_owner, nav_partner, health_partner):
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    first = _report(rnd, "1.1.1", nav_partner, text="NAV sin rapport")
    with pytest.raises(Conflict, match="Nina Navesen har rapportert på dette tiltaket"):
        _report(rnd, "1.1.1", health_partner, text="Helsestasjonens rapport")  # opened as new
    updated = _report(rnd, "1.1.1", health_partner, text="Helsestasjonens rapport",
                      version=first.version)  # having seen NAV's report
    assert (updated.narrative, updated.version) == ("Helsestasjonens rapport", 2)
    assert MeasureReport.objects.filter(round=rnd).count() == 1


def test_a_closed_round_takes_no_more_reports(example_plan, plan_owner, nav_partner):
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    reporting_round_close(round=rnd, actor=plan_owner)
    with pytest.raises(Conflict, match="er avsluttet"):
        _report(rnd, "1.1.1", nav_partner)


def test_my_measures_lists_the_units_measures_in_open_rounds(example_plan, plan_owner,
                                                             nav_partner, leisure_office):
    assert measures_to_report(nav_partner) == []
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    _report(rnd, "1.1.1", nav_partner)
    todo = measures_to_report(nav_partner)
    assert [(t.round.year, t.measure.code, t.report is not None) for t in todo] == [
        (2025, "1.1.1", True)]
    assert [t.measure.code for t in measures_to_report(leisure_office)] == ["2.1.1"]


def test_the_dashboard_shows_per_unit_what_is_reported_and_missing(example_plan, plan_owner,
                                                                    nav_partner):
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    _report(rnd, "1.1.1", nav_partner)
    _report(rnd, "2.1.1", plan_owner, Progress.COMPLETED)
    units = {u.code: u for u in round_dashboard(plan_matrix(example_plan, year=2025))}
    assert [r.measure.code for r in units["nav-lillestrom"].reported] == ["1.1.1"]
    assert units["nav-lillestrom"].missing == []
    assert [r.measure.code for r in units["familieteamet"].missing] == ["1.2.1"]
    assert [r.measure.code for r in units["uten-enhet"].rows] == ["2.1.3"]
    blocks = {b.focus_area.code: b for b in plan_matrix(example_plan, year=2025).blocks}
    assert (blocks["1"].n_reported, blocks["1"].n_missing) == (1, 2)
    assert blocks["2"].progress_counts["completed"] == 1
    assert blocks["2"].percent_under_way == 33


def test_a_unit_that_is_not_responsible_gets_403_and_an_audit_event(example_plan, plan_owner,
                                                                     client_as):
    reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    measure = Measure.objects.get(plan=example_plan, code="2.1.1")
    before = AuditEvent.objects.filter(action="denied").count()
    response = client_as("nav1").get(
        f"/handlingsplan/{example_plan.code}/oppfolging/2025/tiltak/{measure.pk}/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="denied").count() == before + 1


def test_reporting_through_the_page_saves_the_report(example_plan, plan_owner, client_as):
    reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    url = f"/handlingsplan/{example_plan.code}/oppfolging/2025/tiltak/{measure.pk}/"
    client = client_as("nav1")
    assert client.get(url).status_code == 200
    response = client.post(url, {"progress": "in_progress", "narrative": "Ti familier i gang.",
                                 "deviation": "on_track", "indicator_value": "12,5",
                                 "version": ""})
    assert response.status_code == 302 and response["Location"] == "/handlingsplan/mine-tiltak/"
    report = MeasureReport.objects.get(measure=measure)
    assert (report.progress, report.narrative, report.indicator_value) == (
        "in_progress", "Ti familier i gang.", 12.5)
