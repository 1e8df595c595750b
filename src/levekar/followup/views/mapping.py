"""The mapping (kartlegging) and the possible entitlements."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from levekar.core.access import role_required
from levekar.core.errors import DomainError
from levekar.followup import instruments, services
from levekar.followup.forms import AssessmentForm
from levekar.followup.models import Assessment
from levekar.followup.selectors import (
    assessment_change,
    assessment_get,
    assessment_sections,
    assessments_of,
    entitlements_for_case,
    instrument_of,
)
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
def mapping_list(request, case_pk: int):
    access = load(request, case_pk)
    ctx = case_context(request, access, "mapping")
    assessments = assessments_of(access)
    start = next((a for a in assessments if a.kind == Assessment.Kind.START), None)
    latest = assessments[-1] if assessments else None
    ctx.update({"assessments": assessments, "start": start, "latest": latest,
                "change": (assessment_change(access, start, latest, ctx["members"])
                           if start and latest and latest.pk != start.pk else None),
                "next_kind": Assessment.Kind.YEARLY if start else Assessment.Kind.START})
    audit_view(request, access, ctx["members"], "så kartlegginger og endring siden start")
    return render(request, "followup/work/mapping_list.html", ctx)


@role_required(*WRITE_ROLES)
def mapping_create(request, case_pk: int):
    access = load(request, case_pk)
    require_full(request, access)
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
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The mapping is saved."))
            return redirect("followup:mapping_detail", case_pk, assessment.pk)
    ctx.update({"form": form, "instrument": instrument, "title": _("New mapping"),
                "instrument_title": instruments.tr(instrument.title)})
    audit_view(request, access, ctx["members"], "skjema: ny kartlegging")
    return render(request, "followup/work/mapping_form.html", ctx)


@role_required(*WRITE_ROLES)
def mapping_edit(request, case_pk: int, pk: int):
    access = load(request, case_pk)
    require_full(request, access)
    ctx = case_context(request, access, "mapping")
    assessment = assessment_get(access, pk)
    instrument = instrument_of(assessment)
    form = AssessmentForm(request.POST or None, instrument=instrument, members=ctx["members"],
                          answers=assessment.answers, editing=True,
                          initial={"performed_on": assessment.performed_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(actor=request.user, assessment=assessment,
                                       answers=form.answers(),
                                       performed_on=form.cleaned_data["performed_on"],
                                       request=request)
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The mapping is saved."))
            return redirect("followup:mapping_detail", case_pk, assessment.pk)
    ctx.update({"form": form, "instrument": instrument, "assessment": assessment,
                "title": _("Correct the mapping"),
                "instrument_title": instruments.tr(instrument.title)})
    audit_view(request, access, ctx["members"], "skjema: rette kartlegging")
    return render(request, "followup/work/mapping_form.html", ctx)


@role_required(*READ_ROLES)
def mapping_detail(request, case_pk: int, pk: int):
    access = load(request, case_pk)
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
    audit_view(request, access, ctx["members"], "så kartlegging")
    return render(request, "followup/work/mapping_detail.html", ctx)


@role_required(*READ_ROLES)
def entitlements(request, case_pk: int):
    access = load(request, case_pk)
    ctx = case_context(request, access, "entitlements")
    ctx["ent"] = entitlements_for_case(access, ctx["members"], assessments_of(access))
    audit_view(request, access, ctx["members"], "så mulige rettigheter")
    return render(request, "followup/work/entitlements.html", ctx)
