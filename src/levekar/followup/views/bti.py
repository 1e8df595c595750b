"""Pages of the BTI level, individual plan, break the glass and the BTI overview."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from levekar.core import selectors as core_selectors
from levekar.core.access import role_required
from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.errors import Conflict, DomainError
from levekar.core.form_errors import add_problems
from levekar.core.models import User
from levekar.core.roles import Role
from levekar.followup import selectors, services
from levekar.followup.access import CaseAccess, case_view, no_access
from levekar.followup.duties import LEVEL_DUTIES
from levekar.followup.forms import (
    BreakGlassForm,
    BreakGlassReviewForm,
    BtiLevelForm,
    IndividualPlanForm,
)
from levekar.followup.forms._common import with_version
from levekar.followup.forms.household import ReassignForm
from levekar.followup.models import BtiLevel, IndividualPlan
from levekar.followup.selectors.overview import bti_overview as build_bti_overview
from levekar.followup.tabs import case_page_context
from levekar.followup.views._common import posted_with_version


@case_view(full=True, purpose=Purpose.BTI_PAGE)
def bti_level(request, access: CaseAccess):
    """Each child's level and stafettholder, one form for one child (``?barn=<member>``
    chooses whose values the form starts from), the duties and the history."""
    case = access.case
    children = selectors.bti_children(case)
    wanted = request.GET.get("barn", "")
    child = next((c for c in children if str(c.pk) == wanted), None)
    form = BtiLevelForm(request.POST or None, children=children, child=child,
                        holders=selectors.bti_holder_choices(case))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.bti_level_change(actor=request.user, member=d["member"],
                                      to_level=d["to_level"], reason=d["reason"],
                                      stafettholder=d["stafettholder"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The BTI level of %(name)s is recorded.")
                             % {"name": d["member"].person.first_name})
            return redirect("followup:case_detail", case_pk=case.pk)
    return render(request, "followup/case/bti.html", case_page_context(
        request, access, "bti", form=form, children=children,
        history=list(selectors.bti_history(case)), levels=list(LEVEL_DUTIES.values())))


@case_view(full=True, purpose=Purpose.INDIVIDUAL_PLAN_PAGE)
def individual_plan(request, access: CaseAccess):
    """The case's individual plans with their barnekoordinator, open ones first."""
    return render(request, "followup/case/individual_plan.html", case_page_context(
        request, access, "bti", plans=selectors.individual_plans_of(access.case)))


def _plan_form(request, access: CaseAccess, **kwargs) -> IndividualPlanForm:
    return IndividualPlanForm(request.POST or None, children=selectors.bti_children(access.case),
                              participants=list(selectors.bti_holder_choices(access.case)),
                              **kwargs)


def _plan_values(form: IndividualPlanForm) -> dict:
    d = form.cleaned_data
    new = form.new_coordinator()
    return {"member": d["member"], "status": d["status"], "started_on": d["started_on"],
            "adopted_on": d["adopted_on"], "ended_on": d["ended_on"],
            "responsible": d["responsible"], "child_coordinator": d["child_coordinator"],
            "new_coordinator": services.NewPerson(**new) if new else None,
            "coordinator_appointed_on": d["coordinator_appointed_on"],
            "coordinator_ended_on": d["coordinator_ended_on"], "note": d["note"]}


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def _plan_page(request, access, *, title, form, submit, conflict=None, saved=()):
    return render(request, "followup/work/form.html", case_page_context(
        request, access, "bti", title=title, form=form, submit_label=submit,
        cancel_url=reverse("followup:individual_plan", args=[access.case.pk]),
        intro=_("Children and young people with complex, long-lasting needs have a right to "
                "an individual plan (individuell plan) and a child coordinator "
                "(barnekoordinator)."),
        conflict=conflict, saved=saved), status=409 if conflict else 200)


@case_view(full=True, purpose=Purpose.INDIVIDUAL_PLAN_FORM_NEW)
def individual_plan_create(request, access: CaseAccess):
    form = _plan_form(request, access, initial={"status": IndividualPlan.Status.ASSESSING,
                                                "started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.individual_plan_create(actor=request.user, case=access.case,
                                            request=request, **_plan_values(form))
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The individual plan is recorded."))
            return redirect("followup:individual_plan", case_pk=access.case.pk)
    return _plan_page(request, access, title=_("New individual plan"), form=form,
                      submit=_("Record the plan"))


@case_view(full=True, purpose=Purpose.INDIVIDUAL_PLAN_FORM_EDIT)
def individual_plan_edit(request, access: CaseAccess, plan_pk: int):
    plan = selectors.individual_plan_get(access.case, plan_pk)
    form = with_version(_plan_form(request, access, initial=IndividualPlanForm.initial_for(plan)),
                        plan.version)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.individual_plan_update(actor=request.user, plan=plan, request=request,
                                            expected_version=form.cleaned_data["version"],
                                            **_plan_values(form))
        except Conflict as exc:
            conflict = exc.message
            plan = selectors.individual_plan_get(access.case, plan_pk)
            request.POST = posted_with_version(request, plan)
            form = with_version(_plan_form(request, access), plan.version)
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The individual plan is saved."))
            return redirect("followup:individual_plan", case_pk=access.case.pk)
    saved = [(_("Status"), plan.get_status_display()),
             (_("Adopted"), _day(plan.adopted_on)), (_("Ended"), _day(plan.ended_on)),
             (_("Child coordinator (barnekoordinator)"),
              str(plan.child_coordinator) if plan.child_coordinator_id else "–"),
             (_("Note"), plan.note)]
    return _plan_page(request, access, title=_("Change individual plan"), form=form,
                      submit=_("Save"), conflict=conflict, saved=saved if conflict else ())


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def break_glass(request, case_pk: int):
    try:
        case = selectors.break_glass_case_for_user(request.user, case_pk)
    except Http404:
        return no_access(request, case_pk)
    if case.coordinator_id == request.user.pk:
        return redirect("followup:case_detail", case_pk=case.pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_open(actor=request.user, case=case,
                                      category=form.cleaned_data["category"],
                                      reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.warning(request, _("You have emergency access to this case for %(hours)s "
                                        "hours. The access is logged and shown to the leader.")
                             % {"hours": services.break_glass_hours()})
            return redirect("followup:case_detail", case_pk=case.pk)
    return render(request, "followup/case/break_glass.html", {
        "case": case, "form": form, "hours": services.break_glass_hours()})


@role_required(Role.BTI_COORDINATOR)
def break_glass_list(request):
    accesses = list(selectors.break_glass_log()[:500])
    # The unit the user had when breaking the glass (not today's), and a flag when the
    # coordinator role was given less than a day before: both from core's privilege log.
    moments = [(a.user_id, a.granted_at) for a in accesses]
    units = core_selectors.unit_names_at(moments)
    recent = core_selectors.role_granted_within(moments, Role.COORDINATOR)
    for a in accesses:
        a.unit_then = units[(a.user_id, a.granted_at)]
        a.role_is_new = (a.user_id, a.granted_at) in recent
    audit_request(request, kind=Kind.BREAK_GLASS_LIST_READ, object_type="followup.breakglassaccess")
    return render(request, "followup/case/break_glass_list.html",
                  {"accesses": accesses, "now": timezone.now()})


@role_required(Role.BTI_COORDINATOR)
@require_http_methods(["GET", "POST"])
def break_glass_review(request, access_pk: int):
    """Confirm, with a reason, that an emergency access was unjustified."""
    grant = selectors.break_glass_get(access_pk)
    if grant.unjustified_at is not None:
        return redirect("followup:break_glass_list")
    form = BreakGlassReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_mark_unjustified(actor=request.user, access=grant,
                                                  reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The emergency access is marked as unjustified."))
            return redirect("followup:break_glass_list")
    audit_request(request, kind=Kind.BREAK_GLASS_REVIEW_READ, obj=grant,
                  purpose=Purpose.BREAK_GLASS_REVIEW)
    return render(request, "followup/case/break_glass_review.html",
                  {"grant": grant, "form": form})


@role_required(Role.BTI_COORDINATOR)
def bti_overview(request):
    municipality_id = selectors.leader_municipality_id(request.user)
    return render(request, "followup/case/bti_overview.html",
                  {"overview": build_bti_overview(municipality_id=municipality_id),
                   "levels": list(BtiLevel.choices)})


REASSIGN_FIELDS = {"saker": "cases", "begrunnelse": "reason", "ny koordinator": "to"}


def _reassign_form(request, coordinator, municipality_id, data):
    rows = selectors.reassign_rows(coordinator, municipality_id)
    candidates = selectors.municipality_coordinators(municipality_id).exclude(pk=coordinator.pk)
    return rows, ReassignForm(data, rows=rows, candidates=list(candidates),
                              users=User.objects.filter(is_active=True))


@role_required(Role.BTI_COORDINATOR)
@require_http_methods(["GET", "POST"])
def caseload_reassign(request, user_pk: int):
    """Fordel saker: the leader hands some of one coordinator's cases to another
    coordinator of the municipality (case numbers, levels and mapping dates; no names)."""
    municipality_id = selectors.leader_municipality_id(request.user)
    coordinator = get_object_or_404(User, pk=user_pk)
    if municipality_id is None or not (
            (coordinator.org_unit_id and coordinator.org_unit.municipality_id == municipality_id)
            or selectors.open_cases(municipality_id).filter(coordinator=coordinator).exists()):
        raise Http404("ikke en koordinator i kommunen")
    rows, form = _reassign_form(request, coordinator, municipality_id, request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            done = services.caseload_reassign(
                actor=request.user, from_coordinator=coordinator, case_ids=d["cases"],
                to=d["to"], reason=d["reason"])
        except Conflict as exc:
            conflict = exc.message
            data = request.POST.copy()
            data.setlist("cases", [])
            rows, form = _reassign_form(request, coordinator, municipality_id, data)
            form.errors.clear()
        except DomainError as exc:
            add_problems(form, exc, fields=REASSIGN_FIELDS, request=request)
        else:
            messages.success(request, ngettext(
                "%(n)s case is handed over to %(name)s, who is notified by e-mail.",
                "%(n)s cases are handed over to %(name)s, who is notified by e-mail.",
                len(done)) % {"n": len(done), "name": d["to"].display_name})
            return redirect("followup:bti_overview")
    persons = selectors.case_member_person_ids([r.case_id for r in rows])
    audit_request(request, kind=Kind.CASE_LIST_READ, object_type="followup.case",
                  persons=persons, purpose=Purpose.BTI_LEADER_ALLOCATION)
    return render(request, "followup/case/bti_reassign.html", {
        "coordinator": coordinator, "rows": rows, "form": form, "conflict": conflict},
        status=409 if conflict else 200)


@require_http_methods(["POST"])
@role_required(Role.BTI_COORDINATOR)
def coordinators_remind_topic(request, topic: str):
    try:
        report = services.coordinators_remind_topic(actor=request.user, topic=topic)
    except DomainError as exc:
        messages.error(request, " ".join(p.message for p in getattr(exc, "problems", [])) or
                       str(exc))
    else:
        messages.success(request, _(
            "Reminders sent: %(sent)s. Already reminded today: %(already)s. "
            "Without an e-mail address: %(no_email)s.")
            % {"sent": report.sent, "already": report.already_sent,
               "no_email": report.no_email})
    return redirect("followup:bti_overview")


@require_http_methods(["POST"])
@role_required(Role.BTI_COORDINATOR)
def coordinator_remind(request, user_pk: int):
    coordinator = get_object_or_404(User, pk=user_pk)
    try:
        services.coordinator_remind(actor=request.user, coordinator=coordinator)
    except DomainError as exc:
        messages.error(request, " ".join(p.message for p in getattr(exc, "problems", [])) or
                       str(exc))
    else:
        messages.success(request, _("A reminder is sent to %(name)s.")
                         % {"name": coordinator.display_name})
    return redirect("followup:bti_overview")
