"""Contacts and meetings, follow-up tasks and session feedback."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from levekar.core.audit import Purpose
from levekar.core.errors import AccessDenied, Conflict, DomainError
from levekar.core.form_errors import add_problems
from levekar.core.redirects import safe_next
from levekar.followup import instruments, services
from levekar.followup.access import (
    CaseAccess,
    WriteRefused,
    can_read_meeting_notes,
    case_view,
    write_refusal,
)
from levekar.followup.forms import FeedbackForm, MeetingForm, TaskForm, with_version
from levekar.followup.models import InfoPart, Meeting
from levekar.followup.selectors import (
    FLAG_TEXT,
    feedback_chart_spec,
    feedback_for_case,
    meeting_get,
    meetings_for_case,
    task_get,
)
from levekar.followup.views._common import (
    case_context,
    posted_with_version,
)


def _municipality(access: CaseAccess) -> int:
    """The unit pickers offer the units of the case's own municipality."""
    return access.case.unit.municipality_id


def _list_url(case_pk):
    return reverse("followup:meeting_list", args=[case_pk])


@case_view(purpose=Purpose.MEETINGS_PAGE)
def meeting_list(request, access: CaseAccess):
    ctx = case_context(request, access, "meetings")
    ctx.update(meetings_for_case(access, request.user))
    ctx["can_record"] = bool(_recordable_parts(access))
    return render(request, "followup/work/meetings.html", ctx)


def _recordable_parts(access: CaseAccess) -> list[str] | None:
    """The parts a partner's form offers (None: full access, any part): those their
    consent names. Whether it covers the members present is the service's check."""
    if access.full:
        return None
    return [p for p in InfoPart.values if p in access.parts] if access.unit_id else []


def _meeting_form_page(request, access, ctx, form, title, conflict=None, saved=()):
    ctx.update({"title": title, "form": form, "submit_label": _("Save"),
                "cancel_url": _list_url(access.case.pk), "intro": "", "conflict": conflict,
                "saved": saved})
    return render(request, "followup/work/form.html", ctx, status=409 if conflict else 200)


@case_view(purpose=Purpose.MEETING_FORM_NEW)
def meeting_create(request, access: CaseAccess):
    """A new contact: the coordinator's, or a meeting a service partner held with the
    family in a part their consent covers (their unit takes part)."""
    parts = _recordable_parts(access)
    if parts is not None and not parts:
        raise WriteRefused(write_refusal(services.RECORD_MEETING))
    ctx = case_context(request, access, "meetings")
    form = MeetingForm(request.POST or None, members=ctx["members"], parts=parts,
                       municipality_id=_municipality(access),
                       initial={"status": Meeting.Status.HELD, "kind": Meeting.Kind.HOME_VISIT})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.meeting_create(
                actor=request.user, case=access.case, kind=d["kind"], starts_at=form.starts_at(),
                status=d["status"], place=d["place"], units=list(d.get("units") or []),
                members=d["members"], notes=d["notes"], part=d["part"], access=access,
                request=request)
        except AccessDenied as exc:
            raise WriteRefused(exc.message, audited=True) from exc
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The contact is saved."))
            return redirect("followup:meeting_detail", access.case.pk, meeting.pk)
    return _meeting_form_page(request, access, ctx, form, _("New contact or meeting"))


@case_view(full=True, purpose=Purpose.MEETING_FORM_EDIT)
def meeting_edit(request, access: CaseAccess, pk: int):
    ctx = case_context(request, access, "meetings")
    meeting = meeting_get(access, request.user, pk)
    local = timezone.localtime(meeting.starts_at)
    form = with_version(MeetingForm(request.POST or None, members=ctx["members"],
                                    municipality_id=_municipality(access), initial={
        "kind": meeting.kind, "date": local.date(), "time": local.time().replace(second=0),
        "status": meeting.status, "place": meeting.place, "notes": meeting.notes,
        "part": meeting.part, "members": [str(m.pk) for m in meeting.members.all()],
        "units": list(meeting.units.all())}), meeting.version)
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.meeting_update(actor=request.user, meeting=meeting, kind=d["kind"],
                                    starts_at=form.starts_at(), status=d["status"],
                                    place=d["place"], units=list(d["units"]),
                                    members=d["members"], notes=d["notes"],
                                    part=d["part"], expected_version=d["version"], request=request)
        except Conflict as exc:
            conflict = exc.message
            meeting = meeting_get(access, request.user, pk)
            form = with_version(MeetingForm(posted_with_version(request, meeting),
                                            members=ctx["members"],
                                            municipality_id=_municipality(access)),
                                meeting.version)
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The contact is saved."))
            return redirect("followup:meeting_detail", access.case.pk, meeting.pk)
    saved = [(_("Kind of contact"), meeting.get_kind_display()),
             (pgettext("followup", "Time"), timezone.localtime(meeting.starts_at)),
             (_("Status"), meeting.get_status_display()),
             (pgettext("followup", "Place"), meeting.place),
             (pgettext("followup", "Notes"), meeting.notes)]
    return _meeting_form_page(request, access, ctx, form, _("Change contact or meeting"),
                              conflict=conflict, saved=saved if conflict else ())


@case_view(purpose=Purpose.MEETING_PAGE)
def meeting_detail(request, access: CaseAccess, pk: int):
    ctx = case_context(request, access, "meetings")
    meeting = meeting_get(access, request.user, pk)
    unit_id = getattr(request.user, "org_unit_id", None)
    tasks = [t for t in meeting.tasks.select_related("responsible_unit").order_by("deadline")
             if access.full or t.responsible_unit_id == unit_id]
    feedback = (list(meeting.feedback.select_related("member__person").order_by("pk"))
                if access.full else [])
    ctx.update({"meeting": meeting, "tasks": tasks, "feedback": feedback,
                "can_read_notes": can_read_meeting_notes(access, meeting),
                "today": timezone.localdate(),
                "task_form": (TaskForm(municipality_id=_municipality(access)) if access.full
                              else None)})
    return render(request, "followup/work/meeting_detail.html", ctx)


@case_view(full=True, purpose=Purpose.TASK_FORM_NEW)
def task_create(request, access: CaseAccess):
    ctx = case_context(request, access, "meetings")
    meeting = None
    if request.GET.get("mote"):
        meeting = meeting_get(access, request.user, int(request.GET["mote"]))
    form = TaskForm(request.POST or None, municipality_id=_municipality(access))
    back = (reverse("followup:meeting_detail", args=[access.case.pk, meeting.pk]) if meeting
            else _list_url(access.case.pk))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.task_create(actor=request.user, case=access.case, meeting=meeting,
                                 description=d["description"], deadline=d["deadline"],
                                 responsible_unit=d["responsible_unit"],
                                 responsible_person=d["responsible_person"], request=request)
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The task is added."))
            return redirect(back)
    ctx.update({"title": _("New follow-up task"), "form": form, "submit_label": _("Add task"),
                "cancel_url": back, "intro": str(meeting) if meeting else ""})
    return render(request, "followup/work/form.html", ctx)


@require_POST
@case_view(full=True)
def task_toggle(request, access: CaseAccess, pk: int):
    """Mark a task done / not done. With htmx, answers with the task's row only."""
    task = task_get(access, pk)
    task = services.task_done_set(actor=request.user, task=task,
                                  done=request.POST.get("done") == "1", request=request)
    if request.headers.get("HX-Request"):
        return render(request, "followup/work/meetings.html#task-row",
                      {"task": task, "case": access.case, "can_write": True,
                       "today": timezone.localdate()})
    messages.success(request, _("The task is saved."))
    return redirect(safe_next(request, request.POST.get("next"), _list_url(access.case.pk)))


@case_view(full=True, purpose=Purpose.FEEDBACK_FORM)
def feedback_record(request, access: CaseAccess, pk: int):
    ctx = case_context(request, access, "meetings")
    meeting = meeting_get(access, request.user, pk)
    instrument = instruments.registry().current("session_feedback")
    present = list(meeting.members.all()) or ctx["members"]
    form = FeedbackForm(request.POST or None, instrument=instrument, members=present)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_record(actor=request.user, meeting=meeting,
                                     member=form.cleaned_data["member"],
                                     outcome=form.scores("outcome"),
                                     alliance=form.scores("alliance"), request=request)
        except DomainError as exc:
            add_problems(form, exc, request=request)
        else:
            messages.success(request, _("The feedback is saved."))
            return redirect("followup:meeting_detail", access.case.pk, meeting.pk)
    ctx.update({"form": form, "meeting": meeting, "instrument": instrument,
                "instrument_title": instruments.tr(instrument.title)})
    return render(request, "followup/work/feedback_form.html", ctx)


# Session feedback is between the coordinator and the family: full access only.
@case_view(full=True, purpose=Purpose.FEEDBACK_PAGE)
def feedback(request, access: CaseAccess):
    ctx = case_context(request, access, "feedback")
    people = feedback_for_case(access)
    ctx["people"] = [{
        "p": p, "chart": feedback_chart_spec(p), "chart_id": f"fit-chart-{p.member.pk}",
        "flags": [_(FLAG_TEXT[f]) for f in p.flags],
        "outcome": p.instrument.measure("outcome"), "alliance": p.instrument.measure("alliance"),
    } for p in people]
    return render(request, "followup/work/feedback.html", ctx)
