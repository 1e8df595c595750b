"""Pages of the case: the family list, opening a case, the case page, members, status and
the caseload."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.core.access import role_required
from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.errors import DomainError
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role, user_roles
from levekar.followup import selectors, services
from levekar.followup.access import CaseAccess, case_view
from levekar.followup.duties import LEVEL_DUTIES
from levekar.followup.forms import (
    CaseStatusForm,
    HouseholdForm,
    MemberForm,
    MemberFormSet,
    as_initial,
    member_rows_again,
)
from levekar.followup.models import BtiLevel, InfoPart
from levekar.followup.selectors import caseload_for, work_items
from levekar.followup.tabs import case_page_context
from levekar.followup.views._common import CASE_ROLES
from levekar.followup.views._worklist import dress


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
        audit_request(request, kind=Kind.CASE_LIST_READ, object_type="followup.case",
                      persons=persons)
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
            return render(request, "followup/people/case_create.html", {
                "form": HouseholdForm(zones=zones, units=units, initial=as_initial(form)),
                "formset": member_rows_again(data)})
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
                add_problems(form, exc, request=request)
            else:
                messages.success(request, _("The case is opened. Record the family's consent "
                                            "next."))
                return redirect("followup:case_detail", case_pk=case.pk)
    else:
        form = HouseholdForm(zones=zones, units=units)
        formset = MemberFormSet(prefix="person", initial=[{"role": "parent"}])
    return render(request, "followup/people/case_create.html",
                  {"form": form, "formset": formset})


def bti_level_groups(children) -> list[tuple]:
    """The children grouped by BTI level, highest first, each group with its level's
    duties: the duties apply to each child at that level."""
    levels = sorted({c.bti_level for c in children}, reverse=True)
    return [(LEVEL_DUTIES[level], [c for c in children if c.bti_level == level])
            for level in levels]


@case_view(purpose=Purpose.CASE_OVERVIEW)
def case_detail(request, access: CaseAccess):
    members = selectors.case_members(access.case)
    labels = dict(InfoPart.choices)
    visible_parts = [p for p in InfoPart.values if access.can_see(p)]
    coverage = [(m, [(labels[p], access.can_see_person_part(m.person_id, p))
                     for p in visible_parts]) for m in members]
    children = selectors.bti_children(access.case)
    ctx = case_page_context(request, access, "overview", members=members, coverage=coverage,
                        visible_part_labels=[labels[p] for p in visible_parts],
                        bti_groups=bti_level_groups(children),
                        individual_plans=selectors.individual_plans_of(access.case))
    # Strengthened address protection: the address is the case's coordinator's alone.
    household = access.case.household
    ctx["address_visible"] = (not household.address_protected
                              or access.case.coordinator_id == request.user.pk)
    if access.full:
        ctx["addresses"] = selectors.address_history(access.case, members)
        ctx["crowding_ended"] = selectors.crowding_ended(ctx["addresses"])
        ctx["handovers"] = selectors.handovers_of(access.case)
        ctx["is_own_coordinator"] = access.case.coordinator_id == request.user.pk
        ctx["active_consents"] = selectors.consent_active_count(access.case)
        ctx["children_without_consent"] = selectors.bti_children_without_consent(
            access.case, children)
        ctx["needs_ip_prompt"] = (access.case.bti_level == BtiLevel.EXTENSIVE
                                  and not ctx["individual_plans"])
    return render(request, "followup/case/detail.html", ctx)


@case_view(full=True, purpose=Purpose.CASE_FORM_NEW_MEMBER)
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
                add_problems(form, exc, request=request)
            else:
                messages.success(request, _("The person is added to the family."))
                return redirect("followup:case_detail", case_pk=case.pk)
    else:
        form = MemberForm(initial={"taking_part": True})
    return render(request, "followup/people/member_add.html",
                  case_page_context(request, access, "overview", form=form))


@case_view(full=True, purpose=Purpose.CASE_FORM_STATUS)
def case_status(request, access: CaseAccess):
    case = access.case
    form = CaseStatusForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_status_change(actor=request.user, case=case,
                                        status=form.cleaned_data["status"],
                                        reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The status of the case is changed."))
            return redirect("followup:case_detail", case_pk=case.pk)
    return render(request, "followup/case/status.html",
                  case_page_context(request, access, "overview", form=form))


@role_required(Role.COORDINATOR)
def worklist(request):
    rows = caseload_for(request.user)
    items = dress(rows, work_items(rows))
    # One audit event for the whole list: it names every family member shown.
    audit_request(request, kind=Kind.CASE_LIST_READ, object_type="followup.case",
                  persons=[m.person_id for r in rows for m in r.members],
                  purpose=Purpose.WORKLIST)
    return render(request, "followup/work/worklist.html", {
        "rows": rows, "items": items, "today": timezone.localdate(),
        "attention": sum(1 for r in rows if r.attention),
    })
