"""Sjumilssteget pages under /evaluering/sjumilssteget/: the overview per step and year,
a service's self-assessment, actions tied to plan measures, and interdisciplinary meetings."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from levekar.core.access import role_required
from levekar.core.errors import InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role, has_role
from levekar.evaluation import sjumil_services as services
from levekar.evaluation.forms import (
    MeetingForm,
    SevenStepActionForm,
    SevenStepForm,
    current_year,
)
from levekar.evaluation.selectors import sjumil as selectors
from levekar.plans.models import Measure

VIEW_ROLES = (Role.PLAN_OWNER, Role.ANALYST, Role.BTI_COORDINATOR, Role.ADMIN)
EDIT_ROLES = (Role.PLAN_OWNER, Role.BTI_COORDINATOR, Role.ADMIN)


def _year(request) -> int:
    try:
        year = int(request.GET.get("ar") or current_year())
    except ValueError:
        return current_year()
    return year if 2000 <= year <= current_year() + 1 else current_year()


def _back(year: int):
    return redirect(f"{reverse('evaluation:sjumil')}?ar={year}")


@role_required(*VIEW_ROLES)
def overview(request):
    year = _year(request)
    return render(request, "evaluation/sjumil.html", {
        "data": selectors.overview(year), "services": selectors.services_for_children(),
        "years": list(range(current_year(), current_year() - 6, -1)), "year": year,
        "can_edit": has_role(request.user, *EDIT_ROLES)})


@role_required(*EDIT_ROLES)
def assess(request, unit_id: int, year: int):
    unit = selectors.service_get(unit_id)
    existing = selectors.assessment_for(unit, year)
    form = SevenStepForm(request.POST or None, initial=SevenStepForm.initial_for(existing))
    action_form = SevenStepActionForm(measures=Measure.objects.select_related("plan")
                                      .order_by("plan", "position", "pk"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.seven_steps_assess(
                actor=request.user, unit=unit, year=year, note=d["note"],
                steps=[services.StepInput(s.id, d[f"{s.id}_level"], d[f"{s.id}_note"])
                       for s in form.data_file.steps])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The assessment is saved."))
            return redirect("evaluation:sjumil_assess", unit_id=unit.pk, year=year)
    return render(request, "evaluation/sjumil_assess.html", {
        "form": form, "action_form": action_form, "unit": unit, "year": year,
        "existing": existing}, status=400 if request.method == "POST" else 200)


@role_required(*EDIT_ROLES)
def action_add(request, unit_id: int, year: int):
    unit = selectors.service_get(unit_id)
    assessment = selectors.assessment_for(unit, year)
    measures = Measure.objects.select_related("plan").order_by("plan", "position", "pk")
    form = SevenStepActionForm(request.POST or None, measures=measures)
    if assessment is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.seven_steps_action_add(actor=request.user, assessment=assessment,
                                            step=d["step"], description=d["description"],
                                            measure=d["measure"], deadline=d["deadline"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The action is added."))
            return redirect("evaluation:sjumil_assess", unit_id=unit.pk, year=year)
    if assessment is None:
        form.add_error(None, _("Save the assessment of the steps first."))
    return render(request, "evaluation/sjumil_assess.html", {
        "form": SevenStepForm(initial=SevenStepForm.initial_for(assessment)),
        "action_form": form, "unit": unit, "year": year, "existing": assessment}, status=400)


@role_required(*EDIT_ROLES)
def meeting_new(request):
    services_qs = selectors.services_for_children()
    form = MeetingForm(request.POST or None, services=services_qs)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.interdisciplinary_meeting_record(
                actor=request.user, held_on=d["held_on"], arena=d["arena"], host=d["host"],
                services=list(d["services"]), children_discussed=d["children_discussed"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The meeting is recorded."))
            return _back(meeting.held_on.year)
    return render(request, "evaluation/sjumil_meeting.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
