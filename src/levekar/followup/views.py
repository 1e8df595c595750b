"""Pages of the case part: the family list, opening a case with its household, the case
page (shell + the parts the user may see), members, status, consent, BTI level,
individual plan, access log, break the glass, the BTI overview and the subject-access
export. Each view: access check → validate → one service → render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from levekar.core import selectors as core_selectors
from levekar.core.access import role_required
from levekar.core.audit import Action, audit_request
from levekar.core.errors import DomainError
from levekar.core.roles import Role, user_roles
from levekar.followup import export, selectors, services
from levekar.followup.access import CaseAccess, case_view, no_access
from levekar.followup.duties import LEVEL_DUTIES
from levekar.followup.forms import (
    BreakGlassForm,
    BtiLevelForm,
    CaseStatusForm,
    ConsentForm,
    ConsentWithdrawForm,
    HouseholdForm,
    IndividualPlanForm,
    MemberForm,
    MemberFormSet,
    quiet,
)
from levekar.followup.models import BtiLevel, IndividualPlan, InfoPart
from levekar.followup.overview import bti_overview as build_bti_overview
from levekar.followup.tabs import case_page_context
from levekar.followup.work_views._common import audit_view, form_errors

CASE_ROLES = (Role.COORDINATOR, Role.SERVICE_PARTNER)


# --- lists and opening a case ---------------------------------------------------------

@role_required(*CASE_ROLES)
def case_list(request):
    show_closed = request.GET.get("vis") == "avsluttet" and \
        Role.COORDINATOR in user_roles(request.user)
    if show_closed:
        cases = list(selectors.closed_cases_for_coordinator(request.user))
    else:
        cases = list(selectors.case_list_for_user(request.user))
    parts = selectors.visible_parts_by_case(request.user, [c.pk for c in cases])
    labels = dict(InfoPart.choices)
    rows = [(c, [labels[p] for p in parts.get(c.pk, [])]) for c in cases]
    persons = [m.person_id for c in cases for m in c.members.all()]
    if persons:
        audit_request(request, action=Action.VIEW, object_type="followup.case",
                      persons=persons, purpose="liste over familieløp")
    return render(request, "followup/case/list.html", {
        "rows": rows, "show_closed": show_closed,
        "is_coordinator": Role.COORDINATOR in user_roles(request.user),
    })


@role_required(Role.COORDINATOR)
def case_create(request):
    zones = selectors.zones_for_user(request.user)
    units = selectors.referral_units()
    if request.method == "POST":
        data = request.POST.copy()
        form = HouseholdForm(data, zones=zones, units=units)
        if "more" in data:
            # "Flere personer": show the same form with two more empty rows, nothing saved.
            try:
                total = int(data.get("person-TOTAL_FORMS", 4))
            except ValueError:
                total = 4
            data["person-TOTAL_FORMS"] = str(max(1, min(total + 2, 15)))
            return render(request, "followup/people/case_create.html", {
                "form": quiet(form), "formset": quiet(MemberFormSet(data, prefix="person"))})
        formset = MemberFormSet(data, prefix="person")
        if form.is_valid() and formset.is_valid():
            d = form.cleaned_data
            members = [services.MemberInput(
                first_name=f.cleaned_data["first_name"], last_name=f.cleaned_data["last_name"],
                role=f.cleaned_data["role"], national_id=f.cleaned_data["national_id"],
                birth_date=f.cleaned_data["birth_date"], phone=f.cleaned_data["phone"],
                taking_part=f.cleaned_data["taking_part"])
                for f in formset.forms if f.has_changed() and f.cleaned_data]
            try:
                case = services.case_open(
                    actor=request.user, members=members, street=d["street"],
                    postcode=d["postcode"], city=d["city"], zone=d["zone"],
                    preferred_language=d["preferred_language"], referred_by=d["referred_by"],
                    start_date=d["start_date"], planned_years=d["planned_years"])
            except DomainError as exc:
                form_errors(request, form, exc)
            else:
                messages.success(request, _("The case is opened. Record the family's consent "
                                            "next."))
                return redirect("followup:case_detail", pk=case.pk)
    else:
        form = HouseholdForm(zones=zones, units=units)
        formset = MemberFormSet(prefix="person", initial=[{"role": "parent"}])
    return render(request, "followup/people/case_create.html",
                  {"form": form, "formset": formset})


# --- the case page ----------------------------------------------------------------------

@role_required(*CASE_ROLES)
@case_view()
def case_detail(request, access: CaseAccess):
    members = selectors.case_members(access.case)
    audit_view(request, access, members, "så familieløpet")
    labels = dict(InfoPart.choices)
    visible_parts = [p for p in InfoPart.values if access.can_see(p)]
    coverage = [(m, [(labels[p], access.can_see_person_part(m.person_id, p))
                     for p in visible_parts]) for m in members]
    ctx = case_page_context(request, access, "overview", members=members, coverage=coverage,
                        visible_part_labels=[labels[p] for p in visible_parts],
                        duties=LEVEL_DUTIES[access.case.bti_level])
    if access.full:
        ctx["active_consents"] = selectors.consent_active_count(access.case)
        ctx["needs_consent_warning"] = (access.case.bti_level >= BtiLevel.COOPERATION
                                        and ctx["active_consents"] == 0)
        ctx["needs_ip_prompt"] = (access.case.bti_level == BtiLevel.EXTENSIVE and
                                  access.case.individual_plan == IndividualPlan.NOT_ASSESSED)
    return render(request, "followup/case/detail.html", ctx)


@role_required(Role.COORDINATOR)
@case_view(full=True)
def member_add(request, access: CaseAccess):
    case = access.case
    if request.method == "POST":
        form = MemberForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.member_add(actor=request.user, case=case, member=services.MemberInput(
                    first_name=d["first_name"], last_name=d["last_name"], role=d["role"],
                    national_id=d["national_id"], birth_date=d["birth_date"],
                    phone=d["phone"], taking_part=d["taking_part"]))
            except DomainError as exc:
                form_errors(request, form, exc)
            else:
                messages.success(request, _("The person is added to the family."))
                return redirect("followup:case_detail", pk=case.pk)
    else:
        form = MemberForm(initial={"taking_part": True})
    return render(request, "followup/people/member_add.html",
                  case_page_context(request, access, "overview", form=form))


@role_required(Role.COORDINATOR)
@case_view(full=True)
def case_status(request, access: CaseAccess):
    case = access.case
    form = CaseStatusForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_status_change(actor=request.user, case=case,
                                        status=form.cleaned_data["status"],
                                        reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The status of the case is changed."))
            return redirect("followup:case_detail", pk=case.pk)
    return render(request, "followup/case/status.html",
                  case_page_context(request, access, "overview", form=form))


# --- consent --------------------------------------------------------------------------

@role_required(*CASE_ROLES)
@case_view()
def consent_list(request, access: CaseAccess):
    consents = selectors.consents_for_access(access)
    members = selectors.case_members(access.case)
    audit_view(request, access, members, "så samtykkene")
    today = timezone.localdate()
    rows = [(c, c.is_active_on(today)) for c in consents]
    return render(request, "followup/case/consent_list.html",
                  case_page_context(request, access, "consents", rows=rows, today=today))


@role_required(Role.COORDINATOR)
@case_view(full=True)
def consent_create(request, access: CaseAccess):
    case = access.case
    members = selectors.case_members(case)
    form = ConsentForm(request.POST or None, members=members, units=selectors.consent_units())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        by_pk = {m.person_id: m.person for m in members}
        try:
            services.consent_record(
                actor=request.user, case=case, given_by=by_pk[int(d["given_by"])],
                subject=by_pk[int(d["subject"])] if d["subject"] else None,
                grants=form.grant_pairs(), valid_from=d["valid_from"],
                valid_to=d["valid_to"], note=d["note"])
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("followup:consent_list", pk=case.pk)
    return render(request, "followup/case/consent_form.html",
                  case_page_context(request, access, "consents", form=form))


@role_required(Role.COORDINATOR)
@case_view(full=True)
def consent_withdraw(request, access: CaseAccess, consent_pk: int):
    consent = (access.case.consents.select_related("given_by", "subject")
               .prefetch_related("grants__unit").filter(pk=consent_pk).first())
    if consent is None:
        raise Http404("ukjent samtykke")
    if consent.withdrawn_at is not None:
        messages.info(request, _("The consent is already withdrawn."))
        return redirect("followup:consent_list", pk=access.case.pk)
    form = ConsentWithdrawForm(request.POST or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"]
        unit = None
        if scope != "all":
            unit = next(g.unit for g in consent.grants.all() if str(g.unit_id) == scope)
        try:
            services.consent_withdraw(actor=request.user, consent=consent, unit=unit,
                                      reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The consent is withdrawn. It takes effect at once."))
            return redirect("followup:consent_list", pk=access.case.pk)
    return render(request, "followup/case/consent_withdraw.html",
                  case_page_context(request, access, "consents", form=form, consent=consent))


# --- BTI level and individual plan ------------------------------------------------------

@role_required(Role.COORDINATOR)
@case_view(full=True)
def bti_level(request, access: CaseAccess):
    case = access.case
    form = BtiLevelForm(request.POST or None, case=case,
                        staff=selectors.stafettholder_choices())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.bti_level_change(actor=request.user, case=case, to_level=d["to_level"],
                                      reason=d["reason"], stafettholder=d["stafettholder"])
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.success(request, _("The BTI level is recorded."))
            return redirect("followup:case_detail", pk=case.pk)
    members = selectors.case_members(case)
    audit_view(request, access, members, "så BTI-nivå og historikk")
    return render(request, "followup/case/bti.html", case_page_context(
        request, access, "bti", form=form, history=list(selectors.bti_history(case)),
        levels=list(LEVEL_DUTIES.values())))


@role_required(Role.COORDINATOR)
@case_view(full=True)
def individual_plan(request, access: CaseAccess):
    case = access.case
    form = IndividualPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.case_individual_plan_record(actor=request.user, case=case,
                                             assessment=form.cleaned_data["assessment"])
        messages.success(request, _("The assessment is recorded."))
        return redirect("followup:case_detail", pk=case.pk)
    return render(request, "followup/case/individual_plan.html",
                  case_page_context(request, access, "bti", form=form))


# --- privacy: access log, break the glass, export ---------------------------------------

@role_required(Role.COORDINATOR)
@case_view(full=True)
def access_log(request, access: CaseAccess):
    logs = selectors.member_access_logs(access.case)
    audit_view(request, access, [m for m, _events in logs], "så innsynsloggen")
    return render(request, "followup/case/access_log.html",
                  case_page_context(request, access, "access_log", logs=logs))


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def break_glass(request, pk: int):
    try:
        case = selectors.break_glass_case_for_user(request.user, pk)
    except Http404:
        return no_access(request, pk)
    if case.coordinator_id == request.user.pk:
        return redirect("followup:case_detail", pk=case.pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_open(actor=request.user, case=case,
                                      reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_errors(request, form, exc)
        else:
            messages.warning(request, _("You have emergency access to this case for %(hours)s "
                                        "hours. The access is logged and shown to the leader.")
                             % {"hours": services.break_glass_hours()})
            return redirect("followup:case_detail", pk=case.pk)
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
    audit_request(request, action=Action.VIEW, object_type="followup.breakglassaccess",
                  purpose="så listen over nødtilganger")
    return render(request, "followup/case/break_glass_list.html",
                  {"accesses": accesses, "now": timezone.now()})


@role_required(Role.BTI_COORDINATOR)
def bti_overview(request):
    return render(request, "followup/case/bti_overview.html",
                  {"overview": build_bti_overview(), "levels": list(BtiLevel.choices)})


@role_required(Role.COORDINATOR)
def person_export_json(request, person_pk: int):
    person = selectors.person_get_for_export(request.user, person_pk)
    body = export.person_export_json(person)
    audit_request(request, action=Action.EXPORT, obj=person, persons=[person.pk],
                  purpose="innsyn: eksport som JSON")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="innsyn-person-{person.pk}.json"'
    return response


@role_required(Role.COORDINATOR)
def person_export_pdf(request, person_pk: int):
    person = selectors.person_get_for_export(request.user, person_pk)
    pdf = export.person_export_pdf(person)
    audit_request(request, action=Action.EXPORT, obj=person, persons=[person.pk],
                  purpose="innsyn: eksport som PDF")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="innsyn-person-{person.pk}.pdf"'
    return response
