"""Building a plan in the browser (plan owner): create, import a file, add and change its
parts, link measures and goals to indicators, revise into a successor. Thin views:
load → validate → one service → redirect or render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from levekar.core.access import role_required
from levekar.core.errors import AccessDenied, Conflict, InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role
from levekar.plans import selectors as sel
from levekar.plans.forms import (
    FocusAreaForm,
    GoalForm,
    IndicatorLinkForm,
    MeasureCreateForm,
    MeasureMoveForm,
    ObjectiveForm,
    PlanCreateForm,
    PlanUploadForm,
    ReviseForm,
)
from levekar.plans.indicators import label_links, link_choices
from levekar.plans.services import (
    LinkValues,
    focus_area_save,
    goal_save,
    indicator_link_remove,
    indicator_link_save,
    measure_create,
    measure_move,
    plan_create,
    plan_import,
    plan_objective_add,
    plan_revise,
)


@role_required(Role.PLAN_OWNER)
def plan_new(request):
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = plan_create(actor=request.user, code=d["code"],
                               municipality=d["municipality"], title=d["title"],
                               period_start=d["period_start"], period_end=d["period_end"],
                               adopted_date=d["adopted_date"], adopted_body=d["adopted_body"],
                               structure=d["structure"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The plan has been created. Add its parts below."))
            return redirect("plans:plan_build", plan=plan.code)
    return render(request, "plans/plan_new.html", {"form": form})


@role_required(Role.PLAN_OWNER)
def plan_upload(request):
    """Import a plan file: the same validation and messages as ``levekar plans import``."""
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("%(name)s is not a text file in UTF-8.")
                           % {"name": upload.name})
        else:
            try:
                result = plan_import(text=text, filename=upload.name, actor=request.user)
            except InvalidInput as exc:
                problems = exc.problems
            else:
                messages.success(request, result.summary())
                return redirect("plans:plan_detail", plan=result.plan.code)
    return render(request, "plans/plan_upload.html", {"form": form, "problems": problems},
                  status=400 if problems else 200)


@role_required(Role.PLAN_OWNER)
def plan_build(request, plan):
    """The plan's parts with forms to add a delmål, a focus area, a goal and a measure."""
    plan = sel.plan_get(plan)
    matrix = sel.plan_matrix(plan)
    which = request.POST.get("del", "") if request.method == "POST" else ""
    forms = {
        "objective": ObjectiveForm(request.POST if which == "objective" else None,
                                   prefix="objective"),
        "focus_area": FocusAreaForm(request.POST if which == "focus_area" else None,
                                    prefix="focus_area"),
        "goal": GoalForm(request.POST if which == "goal" else None, plan=plan, prefix="goal"),
        "measure": MeasureCreateForm(request.POST if which == "measure" else None, plan=plan,
                                     prefix="measure"),
    }
    if which in forms and forms[which].is_valid():
        d = forms[which].cleaned_data
        try:
            if which == "objective":
                plan_objective_add(plan=plan, actor=request.user, code=d["code"],
                                   title=d["title"], text=d["text"])
                messages.success(request, _("The sub-goal has been added."))
            elif which == "focus_area":
                focus_area_save(plan=plan, actor=request.user, code=d["code"],
                                title=d["title"], objective=d["objective"])
                messages.success(request, _("The focus area has been added."))
            elif which == "goal":
                goal_save(plan=plan, actor=request.user, focus_area=d["focus_area"],
                          code=d["code"], text=d["text"])
                messages.success(request, _("The goal has been added."))
            else:
                measure = measure_create(
                    plan=plan, actor=request.user, goal=d["goal"], title=d["title"],
                    code=d["code"], status=d.get("status", ""), how=d.get("how", ""),
                    unit_ids=[u.pk for u in d["units"]])
                messages.success(request, _("Measure %(code)s has been added.")
                                 % {"code": measure.code})
                return redirect("plans:measure_detail", plan=plan.code, pk=measure.pk)
        except InvalidInput as exc:
            add_problems(forms[which], exc)
        else:
            return redirect("plans:plan_build", plan=plan.code)
    return render(request, "plans/plan_build.html", {
        "plan": plan, "matrix": matrix, "forms": forms, "words": plan.words, "is_owner": True,
    }, status=400 if which in forms and forms[which].errors else 200)


@role_required(Role.PLAN_OWNER)
def focus_area_edit(request, plan, pk):
    plan = sel.plan_get(plan)
    focus_area = sel.focus_area_get(plan, pk)
    form = FocusAreaForm(request.POST or None, initial={
        "code": focus_area.code, "title": focus_area.title, "objective": focus_area.objective})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            focus_area_save(plan=plan, actor=request.user, focus_area=focus_area,
                            code=d["code"], title=d["title"], objective=d["objective"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The change has been saved."))
            return redirect("plans:plan_build", plan=plan.code)
    return render(request, "plans/part_edit.html", {
        "plan": plan, "form": form, "heading": plan.words.focus_heading(focus_area)})


@role_required(Role.PLAN_OWNER)
def goal_edit(request, plan, pk):
    plan = sel.plan_get(plan)
    goal = sel.goal_get(plan, pk)
    form = GoalForm(request.POST or None, plan=plan, initial={
        "focus_area": goal.focus_area_id, "code": goal.code, "text": goal.text})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            goal_save(plan=plan, actor=request.user, goal=goal, focus_area=d["focus_area"],
                      code=d["code"], text=d["text"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The change has been saved."))
            return redirect("plans:plan_build", plan=plan.code)
    return render(request, "plans/part_edit.html", {
        "plan": plan, "form": form, "heading": f"{goal.code} {goal.text}"})


def _link_page(request, plan, *, measure=None, goal=None):
    link = (measure or goal).link
    choices = link_choices(plan)
    form = IndicatorLinkForm(request.POST or None, choices=choices,
                             initial=IndicatorLinkForm.initial_for(link))
    back = (redirect("plans:measure_detail", plan=plan.code, pk=measure.pk) if measure
            else redirect("plans:plan_build", plan=plan.code))
    if request.method == "POST" and request.POST.get("handling") == "fjern" and link:
        indicator_link_remove(actor=request.user, link=link)
        messages.success(request, _("The link to the indicator has been removed."))
        return back
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        values = LinkValues(
            indicator=d["indicator"], area=d["area"], group=d["group"],
            threshold_scope=d["threshold_scope"], baseline=d["baseline"],
            baseline_period=d["baseline_period"], target=d["target"],
            target_year=d["target_year"], direction=d["direction"])
        try:
            indicator_link_save(actor=request.user, values=values, measure=measure, goal=goal)
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The indicator and the target have been saved."))
            return back
    label_links([link])
    return render(request, "plans/link_edit.html", {
        "plan": plan, "measure": measure, "goal": goal, "link": link, "form": form,
    }, status=400 if form.errors else 200)


@role_required(Role.PLAN_OWNER)
def measure_link(request, plan, pk):
    plan = sel.plan_get(plan)
    return _link_page(request, plan, measure=sel.measure_get(plan, pk))


@role_required(Role.PLAN_OWNER)
def goal_link(request, plan, pk):
    plan = sel.plan_get(plan)
    return _link_page(request, plan, goal=sel.goal_get(plan, pk))


@role_required(Role.PLAN_OWNER)
def plan_revise_view(request, plan):
    plan = sel.plan_get(plan)
    end = plan.period_end
    form = ReviseForm(request.POST or None, initial={
        "title": plan.title, "period_start": end + 1 if end else None,
        "period_end": end + 1 + (end - plan.period_start) if end and plan.period_start
        else None})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            new = plan_revise(plan=plan, actor=request.user, code=d["code"], title=d["title"],
                              period_start=d["period_start"], period_end=d["period_end"])
        except (InvalidInput, Conflict, AccessDenied) as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The new plan has been made from %(old)s. Its "
                                        "measures continue the old ones (status V); mark "
                                        "those that are strengthened with F.")
                             % {"old": plan.title})
            return redirect("plans:plan_detail", plan=new.code)
    return render(request, "plans/plan_revise.html", {"plan": plan, "form": form,
                                                       "is_owner": True})


@role_required(Role.PLAN_OWNER)
def measure_move_view(request, plan, pk):
    """Move a measure to another goal of its plan: choose the goal, then confirm. The form
    carries the measure's version; a move after someone else's save answers 409."""
    plan = sel.plan_get(plan)
    measure = sel.measure_get(plan, pk)
    form = MeasureMoveForm(request.POST or None, plan=plan, measure=measure,
                           initial={"version": measure.version})
    conflict, target, status = None, None, 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        target = sel.goal_in_plan(plan, d["goal"])
        confirmed = request.POST.get("bekreft") == "ja"
        # Unconfirmed, to a goal it can move to: show what will happen and ask. Confirmed,
        # or a goal the move refuses: the service moves it or says why.
        if confirmed or target is None or target.pk == measure.goal_id:
            target = None
            try:
                moved = measure_move(measure_id=measure.pk, expected_version=d["version"],
                                     goal_id=d["goal"], actor=request.user)
            except Conflict as exc:
                conflict = exc.message
                measure = sel.measure_get(plan, pk)
                form = MeasureMoveForm(plan=plan, measure=measure,
                                       initial={"version": measure.version})
            except InvalidInput as exc:
                add_problems(form, exc)
            else:
                messages.success(request, _("Measure %(code)s has been moved to goal "
                                            "%(goal)s.") % {"code": moved.code,
                                                            "goal": moved.goal.code})
                return redirect("plans:measure_detail", plan=plan.code, pk=moved.pk)
    if conflict:
        status = 409
    elif form.errors:
        status = 400
    return render(request, "plans/measure_move.html", {
        "plan": plan, "measure": measure, "form": form, "target": target,
        "conflict": conflict}, status=status)
