"""Handlingsplan pages. Thin: load with access checked → validate → one service → render."""

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core import jobs
from levekar.core.access import deny, role_required
from levekar.core.audit import Kind, audit_request
from levekar.core.errors import AccessDenied, Conflict, InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role
from levekar.core.selectors import job_followed, job_last_done, job_run_of
from levekar.plans import selectors as sel
from levekar.plans.charts import chart_spec, progress_spec, trend_alt_text, trend_rows
from levekar.plans.evidence import indicator_points, measure_evidence
from levekar.plans.forms import (
    STATUS_FILTER_CHOICES,
    DeadlineForm,
    MeasureForm,
    ReportForm,
    StartRoundForm,
)
from levekar.plans.indicators import label_links
from levekar.plans.models import Frequency, StatusLetter
from levekar.plans.planfile.export import dump_yaml, plan_document
from levekar.plans.reports.data import plan_report, safe_filename
from levekar.plans.services import (
    measure_report_save,
    measure_update,
    reporting_round_close,
    reporting_round_deadline_set,
    reporting_round_reopen,
    reporting_round_start,
)
from levekar.plans.tasks import REPORT_FOLDER, report_formats

ANY_ROLE = tuple(Role.values)


def _year_param(request, default: int | None) -> int | None:
    try:
        return int(request.GET.get("ar", ""))
    except ValueError:
        return default


@role_required(*ANY_ROLE)
def plan_list(request):
    return render(request, "plans/plan_list.html", {
        "plans": sel.plans_list(),
        "todo": sel.measures_to_report(request.user),
        "is_owner": sel.user_is_plan_owner(request.user),
    })


@role_required(*ANY_ROLE)
def plan_detail(request, plan):
    plan = sel.plan_get(plan)
    rounds = sel.rounds_for_plan(plan)
    year = _year_param(request, rounds[0].year if rounds else None)
    unit = request.GET.get("enhet", "")
    status = request.GET.get("status", "")
    if status not in {"", "-", *StatusLetter.values}:
        status = ""
    matrix = sel.plan_matrix(plan, unit=unit, status=status, year=year)
    context = {
        "plan": plan, "matrix": matrix, "rounds": rounds, "year": year,
        "unit": unit, "status": status, "status_choices": STATUS_FILTER_CHOICES,
        "no_unit": sel.NO_UNIT, "is_owner": sel.user_is_plan_owner(request.user),
        "filtered": bool(unit or status),
    }
    if request.headers.get("HX-Request"):
        return render(request, "plans/plan_detail.html#matrix", context)
    return render(request, "plans/plan_detail.html", context)


def _trend_context(measure):
    link = measure.link
    label_links([link])
    points = indicator_points(link) if link else []
    spec = chart_spec(points, link) if link else None
    return {"link": link, "points": points, "trend": trend_rows(points, link) if link else [],
            "spec": spec}


@role_required(*ANY_ROLE)
def measure_detail(request, plan, pk):
    plan = sel.plan_get(plan)
    measure = sel.measure_get(plan, pk)
    rounds = sel.rounds_for_plan(plan)
    history = sel.measure_history(measure)
    changes = sel.measure_changes(measure)
    evidence_year = rounds[0].year if rounds else dt.date.today().year
    return render(request, "plans/measure_detail.html", {
        "plan": plan, "measure": measure, "history": history, "rounds": rounds,
        "changes": changes,
        "open_rounds": [r for r in rounds if r.is_open],
        "may_report": sel.user_may_report(request.user, measure),
        "is_owner": sel.user_is_plan_owner(request.user),
        "evidence": measure_evidence(measure, evidence_year), "evidence_year": evidence_year,
        **_trend_context(measure),
    })


@role_required(Role.PLAN_OWNER)
def measure_edit(request, plan, pk):
    plan = sel.plan_get(plan)
    measure = sel.measure_get(plan, pk)
    conflict = None
    if request.method == "POST":
        form = MeasureForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                measure_update(
                    measure_id=measure.pk, expected_version=d["version"], actor=request.user,
                    title=d["title"], status=d["status"], how=d["how"],
                    evaluation_indicator=d["evaluation_indicator"],
                    evaluation_frequency=d["evaluation_frequency"],
                    evaluation_date=d["evaluation_date"],
                    unit_ids=[u.pk for u in d["units"]], responsible_texts=form.texts())
            except Conflict as exc:
                # Keep what this person typed; show the saved version beside it, and take
                # its version so that saving again (deliberately) replaces it.
                conflict = exc.message
                measure = sel.measure_get(plan, pk)
                data = request.POST.copy()
                data["version"] = str(measure.version)
                form = MeasureForm(data)
                form.is_valid()
            except InvalidInput as exc:
                add_problems(form, exc)
            else:
                messages.success(request, _("The measure has been saved."))
                return redirect("plans:measure_detail", plan=plan.code, pk=measure.pk)
    else:
        form = MeasureForm(initial=MeasureForm.initial_for(measure))
    return render(request, "plans/measure_edit.html", {
        "plan": plan, "measure": measure, "form": form, "conflict": conflict,
        "frequency_date": Frequency.DATE,
    }, status=409 if conflict else 200)


@role_required(*ANY_ROLE)
def rounds(request, plan):
    plan = sel.plan_get(plan)
    existing = sel.rounds_for_plan(plan)
    years = sel.years_without_round(plan, existing)
    return render(request, "plans/rounds.html", {
        "plan": plan, "rounds": existing, "is_owner": sel.user_is_plan_owner(request.user),
        "form": StartRoundForm(years=years, initial={
            "year": min(years, key=lambda y: abs(y - dt.date.today().year)) if years else None}),
        "years": years,
    })


@require_POST
@role_required(Role.PLAN_OWNER)
def round_start(request, plan):
    plan = sel.plan_get(plan)
    form = StartRoundForm(request.POST,
                          years=sel.years_without_round(plan, sel.rounds_for_plan(plan)))
    if not form.is_valid():
        messages.error(request, _("Choose a year of the plan period that has no round yet."))
        return redirect("plans:rounds", plan=plan.code)
    try:
        rnd = reporting_round_start(plan=plan, year=form.cleaned_data["year"],
                                    actor=request.user,
                                    deadline=form.cleaned_data["deadline"])
    except (Conflict, InvalidInput, AccessDenied) as exc:
        messages.error(request, exc.message)
        return redirect("plans:rounds", plan=plan.code)
    messages.success(request, _("The reporting round for %(year)s has started. The responsible "
                                "units now see their measures to report on.")
                     % {"year": rnd.year})
    return redirect("plans:round_dashboard", plan=plan.code, year=rnd.year)


@require_POST
@role_required(Role.PLAN_OWNER)
def round_close(request, plan, year):
    plan = sel.plan_get(plan)
    rnd = sel.round_get(plan, year)
    try:
        if request.POST.get("handling") == "frist":
            form = DeadlineForm(request.POST)
            if form.is_valid():
                reporting_round_deadline_set(round=rnd, actor=request.user,
                                             deadline=form.cleaned_data["deadline"])
                messages.success(request, _("The deadline has been saved."))
            else:
                messages.error(request, _("Write the deadline as a date."))
        elif request.POST.get("handling") == "gjenapne":
            reporting_round_reopen(round=rnd, actor=request.user)
            messages.success(request, _("The reporting round is open again."))
        else:
            reporting_round_close(round=rnd, actor=request.user)
            messages.success(request, _("The reporting round is closed."))
    except (Conflict, AccessDenied) as exc:
        messages.error(request, exc.message)
    return redirect("plans:round_dashboard", plan=plan.code, year=year)


@role_required(*ANY_ROLE)
def round_dashboard(request, plan, year):
    plan = sel.plan_get(plan)
    rnd = sel.round_get(plan, year)
    matrix = sel.plan_matrix(plan, year=year)
    units = sel.round_dashboard(matrix)
    mine = [u for u in units if request.user.org_unit and u.code == request.user.org_unit.code]
    return render(request, "plans/round_dashboard.html", {
        "plan": plan, "round": rnd, "matrix": matrix, "units": units,
        "progress_spec": progress_spec(matrix.blocks),
        "mine": mine[0] if mine else None, "no_unit": sel.NO_UNIT,
        "is_owner": sel.user_is_plan_owner(request.user),
        # Every row of the table counts, the plan owner's own row included, so the
        # summary above the table never says «all have reported» over missing measures.
        "missing_units": [u for u in units if u.missing],
        "missing_measures": sum(1 for row in matrix.rows if not row.report),
        "deadline_form": DeadlineForm(initial={"deadline": rnd.deadline}),
    })


@role_required(*ANY_ROLE)
def report_edit(request, plan, year, pk):
    plan = sel.plan_get(plan)
    rnd = sel.round_get(plan, year)
    measure = sel.measure_get(plan, pk)
    if not sel.user_may_report(request.user, measure):
        raise deny(request, f"ikke ansvarlig for tiltak {measure.code} i {plan.code}")
    saved = sel.measure_report_get(rnd, measure)
    conflict = None
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                measure_report_save(round=rnd, measure=measure, actor=request.user,
                                    progress=d["progress"], narrative=d["narrative"],
                                    indicator_value=d["indicator_value"],
                                    expected_version=d["version"], deviation=d["deviation"],
                                    deviation_reason=d["deviation_reason"])
            except Conflict as exc:
                conflict = exc.message
                saved = sel.measure_report_get(rnd, measure)
                data = request.POST.copy()
                data["version"] = str(saved.version) if saved else ""
                form = ReportForm(data)
                form.is_valid()
            except InvalidInput as exc:
                add_problems(form, exc)
            except AccessDenied as exc:
                raise deny(request, exc.message) from exc
            else:
                messages.success(request, _("Your report on %(code)s for %(year)s is saved.")
                                 % {"code": measure.code, "year": year})
                if sel.user_is_plan_owner(request.user):
                    return redirect("plans:round_dashboard", plan=plan.code, year=year)
                return redirect("plans:my_measures")
    else:
        form = ReportForm(initial={
            "progress": saved.progress, "narrative": saved.narrative,
            "deviation": saved.deviation, "deviation_reason": saved.deviation_reason,
            "indicator_value": saved.indicator_value, "version": saved.version,
        } if saved else None)
    return render(request, "plans/report_edit.html", {
        "plan": plan, "round": rnd, "measure": measure, "form": form, "saved": saved,
        "conflict": conflict, "evidence": measure_evidence(measure, year),
        **_trend_context(measure),
    }, status=409 if conflict else 200)


@role_required(*ANY_ROLE)
def my_measures(request):
    return render(request, "plans/my_measures.html", {
        "todo": sel.measures_to_report(request.user),
    })


def _report_year(plan, year: int) -> None:
    if not plan.covers_year(year):
        raise Http404("Året er utenfor planperioden.")


@role_required(*ANY_ROLE)
def council_report(request, plan, year):
    plan = sel.plan_get(plan)
    _report_year(plan, year)
    report = plan_report(plan, year)
    charts = []
    items = [(f"chart-{row.measure.pk}", row, row.measure.link) for row in report.rows
             if row.measure.link is not None]
    items += [(f"chart-goal-{g.goal.pk}", g, g.goal.link) for b in report.blocks
              for g in b.goals if g.goal.link is not None]
    for chart_id, item, link in items:
        item.chart = chart_spec(item.points, link, rows=item.trend)
        item.chart_alt = trend_alt_text(link, item.trend)
        if item.chart:
            charts.append((chart_id, item.chart))
    progress = progress_spec(report.blocks)
    return render(request, "plans/council_report.html", {
        "plan": plan, "report": report, "charts": charts, "progress_spec": progress,
        "has_charts": bool(charts or progress),
        "job": job_followed(request.user, request.GET.get("jobb", ""), REPORT_TASK,
                            plan_id=plan.pk, year=year),
        "last_report": _last_report(plan, year),
    })


REPORT_TASK = "plans.council_report"


def _last_report(plan, year: int):
    """The newest finished report of the plan and year, with the links to its files that
    are still there (None when none was made)."""
    job = job_last_done(REPORT_TASK, plan_id=plan.pk, year=year)
    links = jobs.job_file_links(
        job, REPORT_FOLDER, report_formats(),
        lambda key: reverse("plans:report_file", args=[plan.code, year, job.pk, key]))
    return {"job": job, "links": links} if links else None


@role_required(*ANY_ROLE)
@require_POST
def council_report_start(request, plan, year):
    """«Lag rapporten»: the PDF and Word report made by the job worker, followed on the
    page. A second click while it runs follows the same job."""
    plan = sel.plan_get(plan)
    _report_year(plan, year)
    job = jobs.enqueue(REPORT_TASK, started_by=request.user, plan_id=plan.pk, year=year)
    return redirect(f"{reverse('plans:council_report', args=[plan.code, year])}?jobb={job.pk}")


@role_required(*ANY_ROLE)
def report_file(request, plan, year, job_id, fmt):
    """A file the report job made: for whoever may read the plan's report (as the direct
    download), only a file of a report job of this plan and year."""
    plan = sel.plan_get(plan)
    _report_year(plan, year)
    job = job_run_of(REPORT_TASK, job_id, plan_id=plan.pk, year=year)
    path = jobs.job_file(job, REPORT_FOLDER, fmt)
    audit_request(request, kind=Kind.ACTIONPLAN_REPORT_EXPORT, obj=job,
                  detail=f"{plan.code} {year} ({fmt}, laget "
                         f"{timezone.localtime(job.finished_at):%d.%m.%Y %H:%M})")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name,
                        content_type="application/pdf" if fmt == "pdf" else DOCX)


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@role_required(*ANY_ROLE)
def report_download(request, plan, fmt, year=None):
    if fmt not in {"pdf", "docx"}:
        raise Http404("Ukjent format.")
    plan = sel.plan_get(plan)
    if year is not None:
        _report_year(plan, year)
    if fmt == "pdf" and year is not None:
        # The yearly report's PDF is made by the job worker («Lag rapporten» on the page).
        return redirect("plans:council_report", plan=plan.code, year=year)
    report = plan_report(plan, year)
    if fmt == "pdf":
        from levekar.plans.reports.pdf import render_pdf

        return _download(render_pdf(report), safe_filename(report, "pdf"), "application/pdf")
    from levekar.plans.reports.docx import render_docx

    return _download(render_docx(report), safe_filename(report, "docx"), DOCX)


@role_required(Role.PLAN_OWNER)
def plan_export_yaml(request, plan):
    plan = sel.plan_get(plan)
    text = dump_yaml(plan_document(sel.plan_matrix(plan)))
    return _download(text.encode("utf-8"), f"{plan.code}.yaml", "application/yaml")

