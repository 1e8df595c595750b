"""Pages of the case over the years: correct a member, a member leaves or dies, the
household moves, its address protection, and handing the case to another coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from levekar.core.audit import Purpose
from levekar.core.errors import Conflict, DomainError
from levekar.core.form_errors import add_problems
from levekar.followup import selectors, services
from levekar.followup.access import CaseAccess, case_view
from levekar.followup.forms._common import with_version
from levekar.followup.forms.household import (
    AddressProtectionForm,
    HandoverForm,
    MemberEditForm,
    MemberLeaveForm,
    MoveForm,
)
from levekar.followup.models import CaseMember
from levekar.followup.tabs import case_page_context


def _posted(request):
    """The posted data, also when empty (an empty POST is invalid, never an unbound form)."""
    return request.POST if request.method == "POST" else None


def _member(access: CaseAccess, member_pk: int) -> CaseMember:
    member = (CaseMember.objects.select_related("person")
              .filter(case_id=access.case.pk, pk=member_pk).first())
    if member is None:
        raise Http404("medlem i et annet familieløp")
    return member


def _page(request, access, *, title, form, submit, intro="", conflict=None, saved=()):
    ctx = case_page_context(request, access, "overview", title=title, form=form,
                            submit_label=submit, intro=intro, conflict=conflict, saved=saved,
                            cancel_url=reverse("followup:case_detail", args=[access.case.pk]))
    return render(request, "followup/work/form.html", ctx, status=409 if conflict else 200)


def _member_initial(member: CaseMember) -> dict:
    p = member.person
    return {"first_name": p.first_name, "last_name": p.last_name,
            "national_id": p.national_id or "", "birth_date": p.birth_date,
            "role": member.role, "phone": p.phone}


@case_view(full=True, purpose=Purpose.MEMBER_FORM_CORRECT)
def member_edit(request, access: CaseAccess, member_pk: int):
    member = _member(access, member_pk)
    form = with_version(MemberEditForm(_posted(request), initial=_member_initial(member)),
                        member.person.version)
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.member_update(
                actor=request.user, case=access.case, member=member,
                first_name=d["first_name"], last_name=d["last_name"],
                national_id=d["national_id"], birth_date=d["birth_date"], phone=d["phone"],
                role=d["role"], expected_version=d["version"])
        except Conflict as exc:
            conflict = exc.message
            member = _member(access, member_pk)
            data = request.POST.copy()
            data["version"] = str(member.person.version)
            form = with_version(MemberEditForm(data), member.person.version)
            form.is_valid()
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The member's details are saved."))
            return redirect("followup:case_detail", case_pk=access.case.pk)
    p = member.person
    saved = [(_("First name"), p.first_name), (_("Last name"), p.last_name),
             (_("Fødselsnummer or D-number"), p.national_id or ""),
             (_("Date of birth"), p.birth_date.strftime("%d.%m.%Y") if p.birth_date else ""),
             (_("Role in the family"), member.get_role_display()), (_("Phone"), p.phone)]
    return _page(request, access, title=_("Correct %(name)s") % {"name": p.full_name},
                 form=form, submit=_("Save"), conflict=conflict,
                 saved=saved if conflict else (),
                 intro=_("Correct the name, add the fødselsnummer when it comes, or replace "
                         "a D-number with the fødselsnummer. Every change is logged."))


@case_view(full=True, purpose=Purpose.MEMBER_FORM_LEAVE)
def member_leave(request, access: CaseAccess, member_pk: int):
    member = _member(access, member_pk)
    form = MemberLeaveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.member_leave(actor=request.user, case=access.case, member=member,
                                  left_on=form.cleaned_data["left_on"],
                                  reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The change in the family is recorded."))
            return redirect("followup:case_detail", case_pk=access.case.pk)
    return _page(request, access, form=form, submit=_("Record"),
                 title=_("%(name)s leaves the household") % {"name": member.person.full_name},
                 intro=_("The person stays in the case's history but no longer takes part."))


@case_view(full=True, purpose=Purpose.HOUSEHOLD_FORM_MOVE)
def household_move(request, access: CaseAccess):
    household = access.case.household
    first_move = not household.addresses.exists()
    zones = selectors.zones_for_user(request.user)
    form = with_version(MoveForm(_posted(request), zones=zones, first_move=first_move),
                        household.version)
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.household_move_record(
                actor=request.user, case=access.case, street=d["street"],
                postcode=d["postcode"], city=d["city"], zone=d["zone"],
                moved_on=d["moved_on"], rooms=d["rooms"],
                previous_rooms=d.get("previous_rooms"), expected_version=d["version"])
        except Conflict as exc:
            conflict = exc.message
            household.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(household.version)
            form = with_version(MoveForm(data, zones=zones,
                                         first_move=not household.addresses.exists()),
                                household.version)
            form.is_valid()
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The move is recorded."))
            return redirect("followup:case_detail", case_pk=access.case.pk)
    saved = ()
    if conflict:
        saved = [(_("Address"), f"{household.street}, {household.postcode} {household.city}"),
                 (pgettext("followup", "Zone"), household.zone.name if household.zone_id else "")]
    return _page(request, access, title=_("Record a move"), form=form,
                 submit=_("Record the move"), conflict=conflict, saved=saved,
                 intro=_("The address before is kept in the case's address history."))


@case_view(full=True, purpose=Purpose.CASE_FORM_HANDOVER)
def case_handover(request, access: CaseAccess):
    candidates = selectors.handover_candidates(access.case)
    form = HandoverForm(_posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_handover(actor=request.user, case=access.case,
                                   to=form.cleaned_data["to"],
                                   reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The case is handed over. The new coordinator is "
                                        "notified by e-mail."))
            return redirect("followup:case_list")
    return _page(request, access, title=_("Hand the case over"), form=form,
                 submit=_("Hand over"),
                 intro=_("The new coordinator becomes the family's contact and gets an "
                         "e-mail with a link (no names). You lose access to the case."))


@case_view(full=True, purpose=Purpose.HOUSEHOLD_FORM_PROTECTION)
def address_protection(request, access: CaseAccess):
    if access.case.coordinator_id != request.user.pk:
        raise Http404("bare koordinatoren")
    form = AddressProtectionForm(_posted(request),
                                 initial={"level": access.case.household.address_protection})
    if request.method == "POST" and form.is_valid():
        try:
            services.address_protection_set(actor=request.user, case=access.case,
                                            level=form.cleaned_data["level"],
                                            reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The address protection is saved."))
            return redirect("followup:case_detail", case_pk=access.case.pk)
    return _page(request, access, title=_("Address protection"), form=form, submit=_("Save"),
                 intro=_("With strengthened address protection the address is shown to "
                         "nobody but you as the family's coordinator, and it is left out of "
                         "every print and export."))
