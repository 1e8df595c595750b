"""The mapping (kartlegging) and the possible entitlements."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core.audit import Purpose
from levekar.core.errors import Conflict, DomainError
from levekar.core.form_errors import add_problems
from levekar.followup import instruments, services
from levekar.followup.access import CaseAccess, case_view
from levekar.followup.forms import ApplicationForm, AssessmentForm, with_version
from levekar.followup.models import Assessment
from levekar.followup.selectors import (
    action_get,
    answers_changed,
    assessment_get,
    assessment_sections,
    assessment_trend,
    assessments_of,
    entitlements_for_case,
    instrument_of,
)
from levekar.followup.views._common import (
    case_context,
    posted_with_version,
)


@case_view(purpose=Purpose.MAPPINGS_PAGE)
def mapping_list(request, access: CaseAccess):
    ctx = case_context(request, access, "mapping")
    assessments = assessments_of(access)
    start = next((a for a in assessments if a.kind == Assessment.Kind.START), None)
    latest = assessments[-1] if assessments else None
    ctx.update({"assessments": assessments, "start": start, "latest": latest,
                "change": (assessment_trend(access, assessments, ctx["members"])
                           if start and latest and latest.pk != start.pk else None),
                "next_kind": Assessment.Kind.YEARLY if start else Assessment.Kind.START})
    return render(request, "followup/work/mapping_list.html", ctx)


@case_view(full=True, purpose=Purpose.MAPPING_FORM_NEW)
def mapping_create(request, access: CaseAccess):
    ctx = case_context(request, access, "mapping")
    instrument = instruments.registry().current("mapping")
    has_start = access.case.assessments.filter(kind=Assessment.Kind.START).exists()
    kind = request.GET.get("type") or (Assessment.Kind.YEARLY if has_start
                                       else Assessment.Kind.START)
    form = AssessmentForm(request.POST or None, instrument=instrument, members=ctx["members"],
                          initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                actor=request.user, case=access.case, kind=form.cleaned_data["kind"],
                performed_on=form.cleaned_data["performed_on"], answers=form.answers(),
                instrument=instrument, request=request)
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The mapping is saved."))
            return redirect("followup:mapping_detail", access.case.pk, assessment.pk)
    ctx.update({"form": form, "instrument": instrument, "title": _("New mapping"),
                "instrument_title": instruments.tr(instrument.title)})
    return render(request, "followup/work/mapping_form.html", ctx)


@case_view(full=True, purpose=Purpose.MAPPING_FORM_CORRECT)
def mapping_edit(request, access: CaseAccess, pk: int):
    ctx = case_context(request, access, "mapping")
    assessment = assessment_get(access, pk)
    instrument = instrument_of(assessment)
    def make_form(data):
        return with_version(AssessmentForm(
            data, instrument=instrument, members=ctx["members"], answers=assessment.answers,
            editing=True, initial={"performed_on": assessment.performed_on}),
            assessment.version)

    form = make_form(request.POST or None)
    conflict, changed = None, []
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(actor=request.user, assessment=assessment,
                                       answers=form.answers(),
                                       performed_on=form.cleaned_data["performed_on"],
                                       expected_version=form.cleaned_data["version"],
                                       request=request)
        except Conflict as exc:
            conflict = exc.message
            posted = form.answers()
            assessment = assessment_get(access, pk)
            form = make_form(posted_with_version(request, assessment))
            changed = answers_changed(instrument, assessment.answers, posted, ctx["members"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The mapping is saved."))
            return redirect("followup:mapping_detail", access.case.pk, assessment.pk)
    ctx.update({"form": form, "instrument": instrument, "assessment": assessment,
                "title": _("Correct the mapping"),
                "instrument_title": instruments.tr(instrument.title), "conflict": conflict,
                "saved": [(_("Date of the mapping"), assessment.performed_on),
                          *changed] if conflict else ()})
    return render(request, "followup/work/mapping_form.html", ctx,
                  status=409 if conflict else 200)


@case_view(purpose=Purpose.MAPPING_PAGE)
def mapping_detail(request, access: CaseAccess, pk: int):
    ctx = case_context(request, access, "mapping")
    assessment = assessment_get(access, pk)
    assessments = assessments_of(access)
    instrument = instrument_of(assessment)
    ctx.update({"assessment": assessment, "instrument": instrument,
                "instrument_title": instruments.tr(instrument.title),
                "sections": assessment_sections(access, assessment, ctx["members"]),
                "is_latest": assessments[-1].pk == assessment.pk})
    if ctx["is_latest"]:
        ctx["ent"] = entitlements_for_case(access, ctx["members"], assessments)
    return render(request, "followup/work/mapping_detail.html", ctx)


@case_view(purpose=Purpose.ENTITLEMENTS_PAGE)
def entitlements(request, access: CaseAccess):
    ctx = case_context(request, access, "entitlements")
    ctx["ent"] = entitlements_for_case(access, ctx["members"], assessments_of(access))
    return render(request, "followup/work/entitlements.html", ctx)


@require_POST
@case_view(full=True)
def entitlement_action(request, access: CaseAccess, scheme_id: str):
    """One click: a possible entitlement becomes an action in Familiens plan."""
    try:
        action = services.action_from_entitlement(actor=request.user, case=access.case,
                                                  scheme_id=scheme_id, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("followup:entitlements", access.case.pk)
    messages.success(request, _("The action is added to the family's plan. Follow the "
                                "application there."))
    return redirect(f"{reverse('followup:plan', args=[access.case.pk])}#tiltak-{action.pk}")


@require_POST
@case_view(full=True)
def action_application(request, access: CaseAccess, action_pk: int):
    """Follow an entitlement action's application: applied, granted or refused."""
    action = action_get(access, action_pk)
    form = ApplicationForm(request.POST)
    if form.is_valid():
        try:
            services.action_application_set(actor=request.user, action=action,
                                            application=form.cleaned_data["application"],
                                            on=form.cleaned_data["on"], request=request)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The application status is saved."))
    else:
        messages.error(request, _("Choose applied, granted or refused."))
    return redirect(f"{reverse('followup:plan', args=[access.case.pk])}#tiltak-{action.pk}")
