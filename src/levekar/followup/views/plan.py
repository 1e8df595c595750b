"""Familiens plan: the plan page, goals, actions and the child's voice."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core.access import role_required
from levekar.core.errors import DomainError
from levekar.followup import services
from levekar.followup.forms import (
    ActionForm,
    ActionStatusForm,
    ChildVoiceForm,
    GoalForm,
    PlanWishesForm,
)
from levekar.followup.models import CaseMember, Goal
from levekar.followup.selectors import action_get, goal_get, plan_for_case
from levekar.followup.views._common import (
    READ_ROLES,
    WRITE_ROLES,
    audit_view,
    case_context,
    form_errors,
    load,
    require_full,
)


@role_required(*READ_ROLES)
def plan(request, case_pk: int):
    access = load(request, case_pk)
    ctx = case_context(request, access, "plan")
    ctx.update(plan_for_case(access))
    ctx["status_form"] = ActionStatusForm()
    audit_view(request, access, ctx["members"], "så Familiens plan")
    return render(request, "followup/work/plan.html", ctx)


def _form_page(request, access, ctx, *, title, form, submit, cancel, purpose, intro=""):
    ctx.update({"title": title, "form": form, "submit_label": submit, "cancel_url": cancel,
                "intro": intro})
    audit_view(request, access, ctx["members"], purpose)
    return render(request, "followup/work/form.html", ctx)


@role_required(*WRITE_ROLES)
def plan_wishes(request, case_pk: int):
    access = load(request, case_pk)
    require_full(request, access)
    ctx = case_context(request, access, "plan")
    current = getattr(getattr(access.case, "family_plan", None), "family_wishes", "")
    form = PlanWishesForm(request.POST or None, initial={"family_wishes": current})
    if request.method == "POST" and form.is_valid():
        services.plan_wishes_update(actor=request.user, case=access.case,
                                    family_wishes=form.cleaned_data["family_wishes"],
                                    request=request)
        messages.success(request, _("The family's wishes are saved."))
        return redirect("followup:plan", case_pk)
    return _form_page(request, access, ctx, title=_("What matters most to the family"),
                      form=form, submit=_("Save"), cancel=_plan_url(case_pk),
                      purpose="skjema: familiens ønsker")


def _plan_url(case_pk):
    return reverse("followup:plan", args=[case_pk])


def _goal_form(request, access, members, goal=None):
    effect_goals = [g for g in Goal.objects.filter(plan__case=access.case, kind=Goal.Kind.EFFECT)
                    if goal is None or g.pk != goal.pk]
    initial = {}
    if goal is not None:
        initial = {"title": goal.title, "area": goal.area, "kind": goal.kind,
                   "member": str(goal.member_id or ""), "parent": str(goal.parent_id or ""),
                   "target_date": goal.target_date, "description": goal.description,
                   "status": goal.status}
    return GoalForm(request.POST or None, initial=initial, members=members,
                    effect_goals=effect_goals, editing=goal is not None)


@role_required(*WRITE_ROLES)
def goal_create(request, case_pk: int):
    access = load(request, case_pk)
    require_full(request, access)
    ctx = case_context(request, access, "plan")
    form = _goal_form(request, access, ctx["members"])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            goal = services.goal_create(actor=request.user, case=access.case, area=d["area"],
                                        kind=d["kind"], title=d["title"], member=d["member"],
                                        parent=d["parent"], description=d["description"],
                                        target_date=d["target_date"], request=request)
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The goal is added to the family plan."))
            return redirect(f"{_plan_url(case_pk)}#mal-{goal.pk}")
    return _form_page(request, access, ctx, title=_("New goal"), form=form,
                      submit=_("Add goal"), cancel=_plan_url(case_pk),
                      purpose="skjema: nytt mål")


@role_required(*WRITE_ROLES)
def goal_edit(request, case_pk: int, goal_pk: int):
    access = load(request, case_pk)
    require_full(request, access)
    ctx = case_context(request, access, "plan")
    goal = goal_get(access, goal_pk)
    form = _goal_form(request, access, ctx["members"], goal)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.goal_update(actor=request.user, goal=goal, area=d["area"], kind=d["kind"],
                                 title=d["title"], member=d["member"], parent=d["parent"],
                                 description=d["description"], target_date=d["target_date"],
                                 status=d["status"], request=request)
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect(f"{_plan_url(case_pk)}#mal-{goal.pk}")
    return _form_page(request, access, ctx, title=_("Change goal"), form=form,
                      submit=_("Save"), cancel=_plan_url(case_pk), purpose="skjema: endre mål")


@role_required(*WRITE_ROLES)
def action_create(request, case_pk: int, goal_pk: int):
    access = load(request, case_pk)
    require_full(request, access)
    ctx = case_context(request, access, "plan")
    goal = goal_get(access, goal_pk)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.action_create(actor=request.user, goal=goal, description=d["description"],
                                   responsible_unit=d["responsible_unit"],
                                   responsible_person=d["responsible_person"],
                                   deadline=d["deadline"], request=request)
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The action is added."))
            return redirect(f"{_plan_url(case_pk)}#mal-{goal.pk}")
    return _form_page(request, access, ctx, title=_("New action"), form=form,
                      submit=_("Add action"), cancel=_plan_url(case_pk),
                      intro=_("Goal: %(goal)s") % {"goal": goal.title},
                      purpose="skjema: nytt tiltak")


@require_POST
@role_required(*WRITE_ROLES)
def action_status(request, case_pk: int, action_pk: int):
    access = load(request, case_pk)
    require_full(request, access)
    action = action_get(access, action_pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_status_set(actor=request.user, action=action,
                                   status=form.cleaned_data["status"], request=request)
        messages.success(request, _("The status of the action is saved."))
    else:
        messages.error(request, _("Choose a status."))
        audit_view(request, access, [], "ugyldig statusendring")
    return redirect(f"{_plan_url(case_pk)}#mal-{action.goal_id}")


@role_required(*WRITE_ROLES)
def child_voice_create(request, case_pk: int, goal_pk: int):
    access = load(request, case_pk)
    require_full(request, access)
    ctx = case_context(request, access, "plan")
    goal = goal_get(access, goal_pk)
    children = [m for m in ctx["members"] if m.role == CaseMember.Role.CHILD]
    initial = {"child": str(goal.member_id)} if goal.member_id else {}
    form = ChildVoiceForm(request.POST or None, children=children, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.child_voice_record(actor=request.user, goal=goal, child=d["child"],
                                        words=d["words"], gathered_how=d["gathered_how"],
                                        gathered_on=d["gathered_on"], child_age=d["child_age"],
                                        request=request)
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The child's voice is recorded."))
            return redirect(f"{_plan_url(case_pk)}#mal-{goal.pk}")
    return _form_page(request, access, ctx, title=_("The child's voice"), form=form,
                      submit=_("Save the child's words"), cancel=_plan_url(case_pk),
                      intro=_("Goal: %(goal)s") % {"goal": goal.title},
                      purpose="skjema: barnets stemme")
