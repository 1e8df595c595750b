"""The analyst's page «Beregninger»: start a computation, manage and compare result sets."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core import jobs
from levekar.core.access import role_required
from levekar.core.errors import InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role
from levekar.stats import services
from levekar.stats.forms import CompareForm, ComputationForm, DataChoiceForm, RenameForm
from levekar.stats.models import Group, Indicator, ResultSet
from levekar.stats.selectors import stats_context
from levekar.stats.selectors.results import result_sets_compare
from levekar.stats.services.results import import_choices, import_dir


def _result_set(pk: int) -> ResultSet:
    result_set = ResultSet.objects.filter(pk=pk).first()
    if result_set is None:
        raise Http404
    return result_set


def _page(request, *, form=None, status: int = 200):
    ctx = stats_context(user=request.user)
    job = None
    if request.GET.get("jobb", "").isdigit():
        job = jobs.Job.objects.filter(pk=int(request.GET["jobb"]),
                                      started_by=request.user).first()
    default = next((r for r in ctx.result_sets if r.is_default),
                   ctx.result_sets[0] if ctx.result_sets else None)
    recent = jobs.Job.objects.filter(name="stats.compute").order_by("-pk")[:5]
    return render(request, "stats/results.html", {
        "ctx": ctx, "can_import": True, "job": job, "recent_jobs": recent,
        "default_pk": default.pk if default else None,
        "form": form or ComputationForm(import_choices=import_choices()),
        "import_dir": import_dir(),
        "compare": CompareForm(None, result_sets=ctx.result_sets),
    }, status=status)


@role_required(Role.ANALYST)
def results(request):
    return _page(request)


@require_POST
@role_required(Role.ANALYST)
def computation_start(request):
    form = ComputationForm(request.POST, request.FILES, import_choices=import_choices())
    if form.is_valid():
        d = form.cleaned_data
        try:
            job = services.computation_start(
                source=d["source"], first_year=d["first_year"], actor=request.user,
                uploads=d["files"], import_name=d["import_name"], params=form.params(),
                notes=d["notes"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The computation has started. You can leave the "
                                        "page; the result appears in the list when done."))
            return redirect(f"{reverse('stats:results')}?jobb={job.pk}")
    return _page(request, form=form, status=400)


@require_POST
@role_required(Role.ANALYST)
def result_default(request, pk: int):
    result_set = services.result_set_make_default(result_set=_result_set(pk),
                                                  actor=request.user)
    messages.success(request, _("«%(name)s» is now shown to everyone unless they choose "
                                "another.") % {"name": result_set.source})
    return redirect("stats:results")


@role_required(Role.ANALYST)
def result_rename(request, pk: int):
    result_set = _result_set(pk)
    form = RenameForm(request.POST or None, initial={"source": result_set.source})
    if request.method == "POST" and form.is_valid():
        try:
            services.result_set_rename(result_set=result_set,
                                       source=form.cleaned_data["source"], actor=request.user)
        except InvalidInput as exc:
            add_problems(form, exc, fields={"navn": "source"})
        else:
            messages.success(request, _("The result is renamed."))
            return redirect("stats:results")
    return render(request, "stats/result_rename.html", {
        "result_set": result_set, "form": form, "can_import": True},
        status=400 if request.method == "POST" else 200)


@role_required(Role.ANALYST)
def result_delete(request, pk: int):
    result_set = _result_set(pk)
    if request.method == "POST":
        name = result_set.source
        services.result_set_delete(result_set=result_set, actor=request.user)
        messages.success(request, _("«%(name)s» is deleted.") % {"name": name})
        return redirect("stats:results")
    return render(request, "stats/result_delete.html", {
        "result_set": result_set, "can_import": True})


@role_required(Role.ANALYST)
def results_compare(request):
    ctx = stats_context(user=request.user, municipality=request.GET.get("kommune"))
    form = CompareForm(request.GET or None, result_sets=ctx.result_sets)
    if not form.is_valid():
        return redirect("stats:results")
    a, b = _result_set(form.cleaned_data["a"]), _result_set(form.cleaned_data["b"])
    choice = DataChoiceForm(request.GET, ctx=ctx, fields=("kommune", "gruppe", "indikator"))
    indicator = choice.get("indikator") or Indicator.PERSISTENT_LOW_INCOME_60
    group = choice.get("gruppe") or Group.CHILDREN
    comparison = result_sets_compare(a=a, b=b, indicator=indicator, group=group,
                                     municipality=ctx.municipality,
                                     period=request.GET.get("periode"))
    return render(request, "stats/results_compare.html", {
        "ctx": ctx, "can_import": True, "comparison": comparison, "choice": choice,
        "compare": form, "indicator_label": Indicator(indicator).label,
        "group_label": Group(group).label})
