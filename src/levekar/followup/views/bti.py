"""Pages of the BTI level, individual plan, break the glass and the BTI overview."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from levekar.core import selectors as core_selectors
from levekar.core.access import role_required
from levekar.core.audit import Kind, audit_request
from levekar.core.errors import DomainError
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
from levekar.followup.models import BtiLevel
from levekar.followup.selectors.overview import bti_overview as build_bti_overview
from levekar.followup.tabs import case_page_context


@case_view(full=True, purpose="så BTI-nivå og historikk")
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


@case_view(full=True, purpose="skjema: individuell plan")
def individual_plan(request, access: CaseAccess):
    case = access.case
    form = IndividualPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.case_individual_plan_record(actor=request.user, case=case,
                                             assessment=form.cleaned_data["assessment"])
        messages.success(request, _("The assessment is recorded."))
        return redirect("followup:case_detail", case_pk=case.pk)
    return render(request, "followup/case/individual_plan.html",
                  case_page_context(request, access, "bti", form=form))


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
                  purpose="vurderte en nødtilgang")
    return render(request, "followup/case/break_glass_review.html",
                  {"grant": grant, "form": form})


@role_required(Role.BTI_COORDINATOR)
def bti_overview(request):
    return render(request, "followup/case/bti_overview.html",
                  {"overview": build_bti_overview(), "levels": list(BtiLevel.choices)})


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
