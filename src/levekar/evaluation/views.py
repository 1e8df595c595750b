"""The evaluation pages under /evaluering/: aggregates for the plan owner, the analyst and
the BTI leader. No page here shows a person, a household or a case."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core import jobs
from levekar.core.access import role_required
from levekar.core.audit import Kind, audit_request
from levekar.core.errors import InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role, has_role
from levekar.core.selectors import job_followed, job_run_of, jobs_last_done_by
from levekar.evaluation import exports, report, services
from levekar.evaluation.forms import (
    GoalForm,
    OutcomeFilterForm,
    PracticeForm,
    ReportForm,
    current_year,
    report_years,
)
from levekar.evaluation.models import DataSource
from levekar.evaluation.selectors import design as design_selectors
from levekar.evaluation.selectors import practice as practice_selectors
from levekar.evaluation.selectors.outcomes import (
    ALL,
    follow_indexes_cached,
    outcomes_cached,
    outcomes_version,
)
from levekar.evaluation.services import GoalInput, RatingInput
from levekar.evaluation.tasks import REPORT_FOLDER, report_formats

VIEW_ROLES = (Role.PLAN_OWNER, Role.ANALYST, Role.BTI_COORDINATOR, Role.ADMIN)
EDIT_ROLES = (Role.PLAN_OWNER, Role.ANALYST, Role.ADMIN)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _page(request, template, *, status: int = 200, **extra):
    return render(request, template, {"can_edit": has_role(request.user, *EDIT_ROLES), **extra},
                  status=status)


@role_required(*VIEW_ROLES)
def overview(request):
    data = outcomes_cached(version=outcomes_version())
    year = current_year()
    lines = practice_selectors.practice_list(year)
    models, plans = design_selectors.designs()
    return _page(request, "evaluation/overview.html", data=data,
                 assessed=[line for line in lines if line.summary.assessment][:5],
                 models=models, plans=plans, year=year)


def _outcomes(request):
    version = outcomes_version()
    indexes = follow_indexes_cached(version)
    form = OutcomeFilterForm(request.GET or None, follow_indexes=indexes)
    data = outcomes_cached(version=version, breakdown=form.get("inndeling", ALL),
                           follow_index=form.get("kartlegging", 1), indexes=indexes)
    return form, data


@role_required(*VIEW_ROLES)
def outcomes_page(request):
    form, data = _outcomes(request)
    query = f"inndeling={data.breakdown}&kartlegging={data.follow_index}"
    return _page(request, "evaluation/outcomes.html", form=form, data=data, query=query)


@role_required(*VIEW_ROLES)
def outcomes_download(request, fmt: str):
    _form, data = _outcomes(request)
    sheet = exports.outcomes_sheet(data)
    body = exports.to_csv(sheet) if fmt == "csv" else exports.to_xlsx(sheet)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"levekar-utfall-{data.breakdown}-kartlegging-{data.follow_index}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- evaluation design --------------------------------------------------------------------


@role_required(*VIEW_ROLES)
def designs_page(request):
    models, plans = design_selectors.designs()
    return _page(request, "evaluation/designs.html", models=models, plans=plans)


def _goal_input(form: GoalForm) -> GoalInput:
    d = form.cleaned_data
    detail = d["domain"] if d["source"] == DataSource.MAPPING else d["source_detail"]
    return GoalInput(kind=d["kind"], title=d["title"], indicator=d["indicator"],
                     source=d["source"], source_detail=detail or "", baseline=d["baseline"],
                     target=d["target"], frequency=d["frequency"])


# The goal service names fields in Norwegian; the form's fields are these.
GOAL_FIELDS = {"type mål": "kind", "mål": "title", "indikator": "indicator",
               "datakilde": "source", "kildedetaljer": "domain", "målverdi": "target",
               "måles": "frequency"}


def _goal_form(request, *, owner_label: str, measure=None, followup_model=None, goal=None):
    form = GoalForm(request.POST or None,
                    initial=GoalForm.initial_for(goal) if goal else {"kind": "result"})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(actor=request.user, data=_goal_input(form), measure=measure,
                               followup_model=followup_model, goal=goal)
        except InvalidInput as exc:
            add_problems(form, exc, fields=GOAL_FIELDS)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect("evaluation:designs")
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluation/goal_form.html",
                  {"form": form, "owner_label": owner_label, "goal": goal}, status=status)


@role_required(*EDIT_ROLES)
def goal_new_for_measure(request, measure_id: int):
    measure = design_selectors.measure_get(measure_id)
    return _goal_form(request, measure=measure,
                      owner_label=_("Measure %(code)s") % {"code": measure.code})


@role_required(*EDIT_ROLES)
def goal_new_for_model(request, model_id: int):
    model = design_selectors.followup_model_get(model_id)
    return _goal_form(request, followup_model=model, owner_label=model.name)


@role_required(*EDIT_ROLES)
def goal_edit(request, goal_id: int):
    goal = design_selectors.goal_get(goal_id)
    owner = (goal.followup_model.name if goal.followup_model_id else
             _("Measure %(code)s") % {"code": goal.measure.code})
    return _goal_form(request, goal=goal, owner_label=owner)


@require_POST
@role_required(*EDIT_ROLES)
def goal_delete(request, goal_id: int):
    goal = design_selectors.goal_get(goal_id)
    services.goal_delete(actor=request.user, goal=goal)
    messages.success(request, _("The goal is deleted."))
    return redirect("evaluation:designs")


# --- lovende praksis ------------------------------------------------------------------------


@role_required(*VIEW_ROLES)
def practice_list(request):
    try:
        year = int(request.GET.get("ar") or current_year())
    except ValueError:
        year = current_year()
    return _page(request, "evaluation/practice_list.html", year=year,
                 lines=practice_selectors.practice_list(year),
                 years=list(range(current_year(), current_year() - 6, -1)))


@role_required(*EDIT_ROLES)
def practice_assess(request, measure_id: int, year: int):
    measure = design_selectors.measure_get(measure_id)
    existing = practice_selectors.assessment_for(measure, year)
    form = PracticeForm(request.POST or None, initial=PracticeForm.initial_for(existing))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ratings = [RatingInput(element=e.id, rating=d[f"{e.id}_rating"],
                               evidence=d[f"{e.id}_evidence"], evidence_url=d[f"{e.id}_url"])
                   for e in form.elements]
        try:
            services.practice_assess(actor=request.user, measure=measure, year=year,
                                     ratings=ratings, note=d["note"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The assessment is saved."))
            return redirect(f"{reverse('evaluation:practice')}?ar={year}")
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluation/practice_form.html",
                  {"form": form, "measure": measure, "year": year, "existing": existing},
                  status=status)


# --- the yearly report ----------------------------------------------------------------------

REPORT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": CONTENT_TYPES["xlsx"],
}


REPORT_TASK = "evaluation.report"


def _report_page(request, *, form=None, status: int = 200):
    years = report_years()
    done = jobs_last_done_by(REPORT_TASK, "year", years)
    rows = []
    for year in years:
        job = done.get(year)
        links = jobs.job_file_links(
            job, REPORT_FOLDER, report_formats(),
            lambda key, job=job: reverse("evaluation:report_file", args=[job.pk, key]))
        rows.append({"year": year, "job": job if links else None, "links": links})
    job = None
    if request.GET.get("jobb"):
        job = job_followed(request.user, request.GET["jobb"], REPORT_TASK)
    return _page(request, "evaluation/report.html", year=current_year(), rows=rows,
                 form=form or ReportForm(initial={"year": current_year()}), job=job,
                 status=status)


@role_required(*VIEW_ROLES)
def report_page(request):
    return _report_page(request)


@role_required(*VIEW_ROLES)
@require_POST
def report_start(request):
    """«Lag rapporten»: the year's PDF, Word and XLSX made by the job worker, followed on
    the page. A second click while it runs follows the same job."""
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _report_page(request, form=form, status=400)
    job = jobs.enqueue(REPORT_TASK, started_by=request.user, year=form.cleaned_data["year"])
    return redirect(f"{reverse('evaluation:report')}?jobb={job.pk}")


@role_required(*VIEW_ROLES)
def report_file(request, job_id: int, fmt: str):
    """A file the report job made, for whoever may read the report (as the direct
    download); only a file of an evaluation report job."""
    job = job_run_of(REPORT_TASK, job_id)
    path = jobs.job_file(job, REPORT_FOLDER, fmt)
    audit_request(request, kind=Kind.EVALUATION_REPORT_EXPORT, obj=job,
                  detail=f"{job.kwargs.get('year')} ({fmt}, laget "
                         f"{timezone.localtime(job.finished_at):%d.%m.%Y %H:%M})")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name,
                        content_type=REPORT_TYPES[fmt])


@role_required(*VIEW_ROLES)
def report_download(request, year: int, fmt: str):
    if fmt == "pdf":
        # The PDF is made by the job worker («Lag rapporten» on the report page).
        return redirect("evaluation:report")
    data = report.build(year)
    body = {"pdf": report.render_pdf, "docx": report.render_docx,
            "xlsx": report.render_xlsx}[fmt](data)
    response = HttpResponse(body, content_type=REPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="evalueringsrapport-{year}.{fmt}"'
    return response
