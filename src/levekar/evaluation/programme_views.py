"""Group programmes (ICDP parent guidance …) under /evaluering/programmer/ and /kurs/:
the programmes and their courses' aggregated change for everyone who sees the evaluation;
a course's working page (participants, sessions, questionnaires) for its group leaders and
the BTI leader only."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core.access import role_required
from levekar.core.errors import InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.roles import Role, has_role
from levekar.evaluation import datafiles
from levekar.evaluation import programme_services as services
from levekar.evaluation.models import Phase
from levekar.evaluation.programme_forms import (
    CourseForm,
    ParticipantForm,
    ProgrammeForm,
    QuestionnaireForm,
    SessionForm,
)
from levekar.evaluation.selectors import programmes as selectors
from levekar.plans.models import Measure

VIEW_ROLES = (Role.PLAN_OWNER, Role.ANALYST, Role.BTI_COORDINATOR, Role.ADMIN)
EDIT_ROLES = (Role.PLAN_OWNER, Role.BTI_COORDINATOR, Role.ADMIN)
# Group leaders are staff of the services (helsestasjon, familieteamet …).
LEADER_ROLES = (Role.SERVICE_PARTNER, Role.COORDINATOR, Role.BTI_COORDINATOR, Role.ADMIN)


def _measures():
    return Measure.objects.select_related("plan").order_by("plan", "position", "pk")


def _leaders():
    return (get_user_model().objects.filter(is_active=True, groups__name__in=[
        str(r) for r in LEADER_ROLES]).select_related("org_unit").distinct()
        .order_by("first_name", "last_name"))


@role_required(*VIEW_ROLES)
def programmes(request):
    return render(request, "evaluation/programmes.html", {
        "results": selectors.programme_results(),
        "can_edit": has_role(request.user, *EDIT_ROLES)})


@role_required(*EDIT_ROLES)
def programme_new(request):
    form = ProgrammeForm(request.POST or None, measures=_measures())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            programme = services.programme_create(
                actor=request.user, name=d["name"], description=d["description"],
                measure=d["measure"], questionnaire=d["questionnaire"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The programme is created."))
            return redirect("evaluation:programme", programme_id=programme.pk)
    return render(request, "evaluation/programme_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@role_required(*VIEW_ROLES)
def programme_detail(request, programme_id: int):
    programme = selectors.programme_get(programme_id)
    result = selectors.programme_results([programme.pk])[0]
    return render(request, "evaluation/programme.html", {
        "result": result, "can_edit": has_role(request.user, *EDIT_ROLES)})


@role_required(*EDIT_ROLES)
def course_new(request, programme_id: int):
    programme = selectors.programme_get(programme_id)
    form = CourseForm(request.POST or None, leaders=_leaders())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            course = services.course_create(
                actor=request.user, programme=programme, name=d["name"],
                language=d["language"], place=d["place"], starts_on=d["starts_on"],
                leaders=list(d["leaders"]), co_leader=d["co_leader"],
                co_leader_note=d["co_leader_note"], open_to_all=d["open_to_all"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The course is created."))
            return redirect("evaluation:programme", programme_id=course.programme_id)
    return render(request, "evaluation/course_form.html", {"form": form, "programme": programme},
                  status=400 if request.method == "POST" else 200)


@role_required(*LEADER_ROLES)
def my_courses(request):
    return render(request, "evaluation/my_courses.html",
                  {"courses": selectors.courses_led_by(request.user)})


def _course_page(request, course, *, participant_form=None, session_form=None, status=200):
    participants = list(course.participants.all())
    q = datafiles.questionnaires().get(course.programme.questionnaire)
    rows = [(p, {r.phase for r in p.responses.all()},
             sum(1 for s in course.sessions.all() if p in s.attended.all()))
            for p in participants]
    return render(request, "evaluation/course.html", {
        "course": course, "rows": rows, "questionnaire": q,
        "sessions": list(course.sessions.all()),
        "participant_form": participant_form or ParticipantForm(),
        "session_form": session_form or SessionForm(
            participants=course.participants.all()),
        "phases": Phase}, status=status)


@role_required(*LEADER_ROLES)
def course_work(request, course_id: int):
    course = selectors.course_get_for_work(request, course_id)
    return _course_page(request, course)


@require_POST
@role_required(*LEADER_ROLES)
def participant_add(request, course_id: int):
    course = selectors.course_get_for_work(request, course_id)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.participant_register(
                actor=request.user, course=course, name=d["name"], phone=d["phone"],
                consent=d["consent"], consent_on=d["consent_on"],
                from_followup=d["from_followup"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The participant is registered."))
            return redirect("evaluation:course", course_id=course.pk)
    return _course_page(request, course, participant_form=form, status=400)


@require_POST
@role_required(*LEADER_ROLES)
def session_add(request, course_id: int):
    course = selectors.course_get_for_work(request, course_id)
    form = SessionForm(request.POST, participants=course.participants.all())
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.session_record(actor=request.user, course=course, held_on=d["held_on"],
                                    theme=d["theme"], attended=list(d["attended"]))
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The session is recorded."))
            return redirect("evaluation:course", course_id=course.pk)
    return _course_page(request, course, session_form=form, status=400)


@role_required(*LEADER_ROLES)
def questionnaire(request, course_id: int, participant_id: int, phase: str):
    course = selectors.course_get_for_work(request, course_id)
    participant = next((p for p in course.participants.all() if p.pk == participant_id), None)
    q = datafiles.questionnaires().get(course.programme.questionnaire)
    if participant is None or phase not in Phase.values or q is None:
        raise Http404("Fant ikke deltakeren.")
    existing = next((r for r in participant.responses.all() if r.phase == phase), None)
    form = QuestionnaireForm(request.POST or None, questionnaire=q,
                             initial=QuestionnaireForm.initial_for(existing))
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_answer(actor=request.user, participant=participant,
                                          phase=phase, answers=form.answers(),
                                          answered_on=form.cleaned_data["answered_on"])
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The answers are saved."))
            return redirect("evaluation:course", course_id=course.pk)
    return render(request, "evaluation/questionnaire.html", {
        "form": form, "course": course, "participant": participant,
        "phase_label": Phase(phase).label, "questionnaire": q},
        status=400 if request.method == "POST" else 200)
