"""Familiens plan: the plan page, goals, actions and the child's voice."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core.access import role_required
from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.errors import AccessDenied, Conflict, DomainError
from levekar.core.form_errors import add_problems, form_errors_as_messages
from levekar.followup import services
from levekar.followup.access import (
    CaseAccess,
    WriteRefused,
    can_add_action,
    can_note_goal,
    can_update_action,
    case_view,
    write_refusal,
)
from levekar.followup.forms import (
    ActionForm,
    ActionStatusForm,
    ActionUpdateForm,
    ChildVoiceForm,
    GoalForm,
    GoalNoteForm,
    ParticipantForm,
    PlanWishesForm,
    with_version,
)
from levekar.followup.models import CaseMember, FamilyPlan, Goal, GoalAction
from levekar.followup.plan_print import family_plan_pdf, print_language
from levekar.followup.selectors import (
    action_get,
    goal_get,
    my_actions,
    offer_catalogue,
    participants_of,
    plan_for_case,
    stafettholder_choices,
)
from levekar.followup.views._common import (
    READ_ROLES,
    case_context,
    posted_with_version,
)


@case_view(purpose=Purpose.PLAN_PAGE)
def plan(request, access: CaseAccess):
    ctx = case_context(request, access, "plan")
    ctx.update(plan_for_case(access))
    ctx["status_form"] = ActionStatusForm()
    # Actions link to the offers catalogue and follow an entitlement's application.
    ctx["offer_names"] = {o.id: o.name for o in offer_catalogue().offers}
    ctx["application_choices"] = GoalAction.Application.choices
    return render(request, "followup/work/plan.html", ctx)


def _form_page(request, access, ctx, *, title, form, submit, cancel, intro="", conflict=None,
               saved=()):
    ctx.update({"title": title, "form": form, "submit_label": submit, "cancel_url": cancel,
                "intro": intro, "conflict": conflict, "saved": saved})
    return render(request, "followup/work/form.html", ctx, status=409 if conflict else 200)


@case_view(full=True, purpose=Purpose.PLAN_FORM_WISHES)
def plan_wishes(request, access: CaseAccess):
    ctx = case_context(request, access, "plan")
    saved_plan = FamilyPlan.objects.filter(case=access.case).first()
    form = with_version(PlanWishesForm(request.POST or None, initial={
        "family_wishes": saved_plan.family_wishes if saved_plan else ""}),
        saved_plan.version if saved_plan else 1)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_wishes_update(actor=request.user, case=access.case,
                                        family_wishes=form.cleaned_data["family_wishes"],
                                        expected_version=form.cleaned_data["version"],
                                        request=request)
        except Conflict as exc:
            conflict = exc.message
            saved_plan = FamilyPlan.objects.get(case=access.case)
            form = with_version(PlanWishesForm(posted_with_version(request, saved_plan)),
                                saved_plan.version)
        else:
            messages.success(request, _("The family's wishes are saved."))
            return redirect("followup:plan", access.case.pk)
    return _form_page(request, access, ctx, title=_("What matters most to the family"),
                      form=form, submit=_("Save"), cancel=_plan_url(access.case.pk),
                      conflict=conflict, saved=[(_("What matters most to the family"),
                                                 saved_plan.family_wishes)] if conflict else ())


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


@case_view(full=True, purpose=Purpose.GOAL_FORM_NEW)
def goal_create(request, access: CaseAccess):
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
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The goal is added to the family plan."))
            return redirect(f"{_plan_url(access.case.pk)}#mal-{goal.pk}")
    return _form_page(request, access, ctx, title=_("New goal"), form=form,
                      submit=_("Add goal"), cancel=_plan_url(access.case.pk))


@case_view(full=True, purpose=Purpose.GOAL_FORM_EDIT)
def goal_edit(request, access: CaseAccess, goal_pk: int):
    ctx = case_context(request, access, "plan")
    goal = goal_get(access, goal_pk)
    form = with_version(_goal_form(request, access, ctx["members"], goal), goal.version)
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.goal_update(actor=request.user, goal=goal, area=d["area"], kind=d["kind"],
                                 title=d["title"], member=d["member"], parent=d["parent"],
                                 description=d["description"], target_date=d["target_date"],
                                 status=d["status"], expected_version=d["version"],
                                 request=request)
        except Conflict as exc:
            conflict = exc.message
            goal = goal_get(access, goal_pk)
            request.POST = posted_with_version(request, goal)
            form = with_version(_goal_form(request, access, ctx["members"], goal), goal.version)
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect(f"{_plan_url(access.case.pk)}#mal-{goal.pk}")
    saved = [(_("Goal"), goal.title), (_("Status"), goal.get_status_display()),
             (_("Target date"), goal.target_date), (_("How we will know"), goal.description)]
    return _form_page(request, access, ctx, title=_("Change goal"), form=form,
                      submit=_("Save"), cancel=_plan_url(access.case.pk), conflict=conflict,
                      saved=saved if conflict else ())


def _refused(what: str):
    """A write the access rule refuses (``access.can_*``), before any form is read: the
    "Ingen tilgang" page with the reason, audited by ``case_view``."""
    return WriteRefused(write_refusal(what))


@case_view(purpose=Purpose.ACTION_FORM_NEW)
def action_create(request, access: CaseAccess, goal_pk: int):
    ctx = case_context(request, access, "plan")
    goal = goal_get(access, goal_pk)
    if not can_add_action(access, goal):
        raise _refused(services.ADD_ACTION)
    own_unit = None if access.full else access.unit_id
    form = ActionForm(request.POST or None, participants=participants_of(access.case),
                      me=request.user, own_unit=own_unit, offers=offer_catalogue().offers,
                      area=goal.area, municipality_id=access.case.unit.municipality_id,
                      initial={"offer": request.GET.get("tilbud", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = d["responsible"]
        try:
            services.action_create(
                actor=request.user, goal=goal, description=d["description"],
                responsible_unit=d.get("responsible_unit"),
                responsible_participant=None if chosen == ActionForm.ME else chosen,
                responsible_user=request.user if chosen == ActionForm.ME else None,
                deadline=d["deadline"], offer=d["offer"], access=access, request=request)
        except AccessDenied as exc:
            raise WriteRefused(exc.message, audited=True) from exc
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The action is added."))
            return redirect(f"{_plan_url(access.case.pk)}#mal-{goal.pk}")
    intro = _("Goal: %(goal)s") % {"goal": goal.title}
    if own_unit is not None:
        intro += " " + _("The action will be your unit's responsibility.")
    return _form_page(request, access, ctx, title=_("New action"), form=form,
                      submit=_("Add action"), cancel=_plan_url(access.case.pk), intro=intro)


@require_POST
@case_view()
def action_status(request, access: CaseAccess, action_pk: int):
    """The quick status change in the plan's table; recorded as an update like the form,
    with the version the table was read at: a stale change gets the conflict page."""
    action = action_get(access, action_pk)
    if not can_update_action(access, action):
        raise _refused(services.UPDATE_ACTION)
    form = with_version(ActionStatusForm(request.POST), action.version)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(f"{_plan_url(access.case.pk)}#mal-{action.goal_id}")
    try:
        services.action_update(actor=request.user, access=access, action=action,
                               status=form.cleaned_data["status"], deadline=action.deadline,
                               expected_version=form.cleaned_data["version"], request=request)
    except AccessDenied as exc:
        raise WriteRefused(exc.message, audited=True) from exc
    except Conflict as exc:
        # The user's choice on the full update form, beside what is saved now.
        action = action_get(access, action_pk)
        form = with_version(ActionUpdateForm({"status": form.cleaned_data["status"],
                                              "deadline": action.deadline or "",
                                              "version": action.version}), action.version)
        return _action_update_page(request, access, action, form, conflict=exc.message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The status of the action is saved."))
    return redirect(f"{_plan_url(access.case.pk)}#mal-{action.goal_id}")


def _action_update_page(request, access, action, form, conflict=None):
    ctx = case_context(request, access, "plan")
    saved = [(_("Status"), action.get_status_display()), (_("Deadline"), action.deadline)]
    latest_note = action.updates.exclude(note="").order_by("-written_at", "-pk").first()
    if latest_note is not None:
        saved.append((_("Latest progress note"), latest_note.note))
    return _form_page(request, access, ctx, title=_("Update action"), form=form,
                      submit=_("Save"), cancel=_plan_url(access.case.pk), conflict=conflict,
                      saved=saved if conflict else (),
                      intro=_("Action: %(action)s") % {"action": action.description})


@case_view(purpose=Purpose.ACTION_FORM_UPDATE)
def action_update(request, access: CaseAccess, action_pk: int):
    action = action_get(access, action_pk)
    if not can_update_action(access, action):
        raise _refused(services.UPDATE_ACTION)
    initial = {"status": action.status, "deadline": action.deadline}
    form = with_version(ActionUpdateForm(request.POST or None, initial=initial), action.version)
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.action_update(actor=request.user, access=access, action=action,
                                   status=d["status"], deadline=d["deadline"], note=d["note"],
                                   expected_version=d["version"], request=request)
        except AccessDenied as exc:
            raise WriteRefused(exc.message, audited=True) from exc
        except Conflict as exc:
            conflict = exc.message
            action = action_get(access, action_pk)
            form = with_version(ActionUpdateForm(posted_with_version(request, action)),
                                action.version)
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The action is updated."))
            return redirect(f"{_plan_url(access.case.pk)}#tiltak-{action.pk}")
    return _action_update_page(request, access, action, form, conflict=conflict)


@case_view(purpose=Purpose.GOAL_FORM_NOTE)
def goal_note_create(request, access: CaseAccess, goal_pk: int):
    ctx = case_context(request, access, "plan")
    goal = goal_get(access, goal_pk)
    if not can_note_goal(access, goal):
        raise _refused(services.NOTE_GOAL)
    form = GoalNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_note_add(actor=request.user, access=access, goal=goal,
                                   text=form.cleaned_data["text"], request=request)
        except AccessDenied as exc:
            raise WriteRefused(exc.message, audited=True) from exc
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The note is saved."))
            return redirect(f"{_plan_url(access.case.pk)}#mal-{goal.pk}")
    return _form_page(request, access, ctx, title=_("Note on the goal"), form=form,
                      submit=_("Save note"), cancel=_plan_url(access.case.pk),
                      intro=_("Goal: %(goal)s") % {"goal": goal.title})


@case_view(purpose=Purpose.PARTICIPANTS_PAGE)
def participants(request, access: CaseAccess):
    ctx = case_context(request, access, "plan")
    form = ParticipantForm(request.POST or None, users=stafettholder_choices())
    if request.method == "POST":
        if not access.full:
            raise Http404("bare koordinatoren legger til deltakere")
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.participant_add(actor=request.user, case=access.case, name=d["name"],
                                         organisation=d["organisation"], contact=d["contact"],
                                         user=d["user"], request=request)
            except DomainError as exc:
                add_problems(form, exc, request=request)
            else:
                messages.success(request, _("The participant is added."))
                return redirect("followup:participants", access.case.pk)
    ctx.update({"participants": participants_of(access.case), "form": form})
    return render(request, "followup/work/participants.html", ctx)


@case_view(full=True, purpose=Purpose.CHILD_VOICE_FORM)
def child_voice_create(request, access: CaseAccess, goal_pk: int):
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
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The child's voice is recorded."))
            return redirect(f"{_plan_url(access.case.pk)}#mal-{goal.pk}")
    return _form_page(request, access, ctx, title=_("The child's voice"), form=form,
                      submit=_("Save the child's words"), cancel=_plan_url(access.case.pk),
                      intro=_("Goal: %(goal)s") % {"goal": goal.title})


@role_required(*READ_ROLES)
def my_actions_page(request):
    """Mine tiltak: the actions the user or their unit answers for, across families."""
    include_closed = request.GET.get("alle") == "1"
    rows, persons = my_actions(request.user, include_closed=include_closed)
    # One audit event for the whole list: it names every family member shown.
    audit_request(request, kind=Kind.PLAN_ACTIONS_READ, object_type="followup.goalaction",
                  persons=persons)
    return render(request, "followup/work/my_actions.html", {
        "rows": rows, "include_closed": include_closed,
        "overdue": sum(1 for r in rows if r.overdue)})


@case_view(full=True, purpose=Purpose.PLAN_PRINT)
def plan_print(request, access: CaseAccess):
    """Familiens plan as an A4 PDF in plain language, in Norwegian or English (``?sprak=en``),
    for the coordinator to give the family. The read is audited by ``case_view``."""
    data = plan_for_case(access)
    language = print_language(request.GET.get("sprak"))
    pdf = family_plan_pdf(case=access.case, areas=data["areas"], language=language,
                          family_wishes=data["plan"].family_wishes if data["plan"] else "")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="familiens-plan-{access.case.pk}-{language}.pdf"')
    return response
