"""The evaluation pages under /evaluering/: aggregates for the plan owner, the analyst and
the BTI leader. No page here shows a person, a household or a case."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core.access import role_required
from levekar.core.errors import InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role, has_role
from levekar.evaluation import exports, report, services
from levekar.evaluation.forms import GoalForm, OutcomeFilterForm, PracticeForm, current_year
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

VIEW_ROLES = (Role.PLAN_OWNER, Role.ANALYST, Role.BTI_COORDINATOR, Role.ADMIN)
EDIT_ROLES = (Role.PLAN_OWNER, Role.ANALYST, Role.ADMIN)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _page(request, template, **extra):
    return render(request, template, {"can_edit": has_role(request.user, *EDIT_ROLES), **extra})


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


@role_required(*VIEW_ROLES)
def report_page(request):
    return _page(request, "evaluation/report.html", year=current_year(),
                 years=list(range(current_year(), current_year() - 6, -1)))


@role_required(*VIEW_ROLES)
def report_download(request, year: int, fmt: str):
    data = report.build(year)
    body = {"pdf": report.render_pdf, "docx": report.render_docx,
            "xlsx": report.render_xlsx}[fmt](data)
    response = HttpResponse(body, content_type=REPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="evalueringsrapport-{year}.{fmt}"'
    return response
