"""Writes of the group programmes (ICDP parent guidance …): a programme and its courses,
participants registered with their consent, sessions with attendance, and the
questionnaire before and after. One transaction each, an audit event whenever a
participant's data is written, and Norwegian errors naming the field."""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from levekar.core.audit import Kind, Purpose, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.evaluation import datafiles
from levekar.evaluation.models import (
    Course,
    CourseSession,
    Participant,
    Phase,
    Programme,
    QuestionnaireResponse,
)
from levekar.plans.models import Measure


def _required(value: str, field: str, message: str) -> list[Problem]:
    return [] if value.strip() else [Problem(message, field=field)]


@transaction.atomic
def programme_create(*, actor, name: str, questionnaire: str, description: str = "",
                     measure: Measure | None = None, code: str = "") -> Programme:
    problems = _required(name, "navn", "Skriv navnet på programmet.")
    if questionnaire not in datafiles.questionnaires():
        problems.append(Problem("Velg spørreskjemaet deltakerne svarer på før og etter.",
                                field="spørreskjema"))
    code = slugify(code or name)[:60]
    if code and Programme.objects.filter(code=code).exists():
        problems.append(Problem("Det finnes allerede et program med dette navnet.", field="navn"))
    if problems:
        raise InvalidInput(problems)
    programme = Programme.objects.create(code=code, name=name.strip(),
                                         description=description.strip(), measure=measure,
                                         questionnaire=questionnaire, created_by=actor)
    audit_record(actor=actor, kind=Kind.PROGRAMME_CREATE, obj=programme)
    return programme


@transaction.atomic
def course_create(*, actor, programme: Programme, name: str, language: str, place: str,
                  starts_on: dt.date | None, leaders: Sequence, co_leader: str = "",
                  co_leader_note: str = "", open_to_all: bool = True) -> Course:
    problems = (_required(name, "navn på gruppen", "Gi gruppen et navn.")
                + _required(language, "språk", "Skriv hvilket språk gruppen holdes på.")
                + _required(place, "sted", "Skriv hvor gruppen møtes."))
    if starts_on is None:
        problems.append(Problem("Skriv datoen for første samling.", field="første samling"))
    if not leaders:
        problems.append(Problem("Velg minst én gruppeleder (veileder).", field="gruppeledere"))
    if problems:
        raise InvalidInput(problems)
    course = Course.objects.create(
        programme=programme, name=name.strip(), language=language.strip(), place=place.strip(),
        starts_on=starts_on, co_leader=co_leader.strip(), co_leader_note=co_leader_note.strip(),
        open_to_all=open_to_all, created_by=actor)
    course.leaders.set(leaders)
    audit_record(actor=actor, kind=Kind.PROGRAMME_COURSE_CREATE, obj=course)
    return course


@transaction.atomic
def participant_register(*, actor, course: Course, name: str, consent: bool,
                         consent_on: dt.date | None = None, phone: str = "",
                         from_followup: bool = False) -> Participant:
    """Register a parent in ``course``; without their consent nothing is stored."""
    problems = _required(name, "navn", "Skriv deltakerens navn.")
    if not consent:
        problems.append(Problem("Deltakeren må samtykke til å bli registrert (navn, oppmøte og "
                                "svar på skjemaene).", field="samtykke"))
    consent_on = consent_on or timezone.localdate()
    if consent_on > timezone.localdate():
        problems.append(Problem("Datoen for samtykket kan ikke være fram i tid.",
                                field="samtykke gitt"))
    if from_followup is False and not course.open_to_all:
        problems.append(Problem("Gruppen er bare for foreldre henvist fra familieoppfølgingen.",
                                field="henvist fra familieoppfølging"))
    if problems:
        raise InvalidInput(problems)
    participant = Participant.objects.create(
        course=course, name=name.strip(), phone=phone.strip(), consent_on=consent_on,
        from_followup=from_followup, registered_by=actor)
    audit_record(actor=actor, kind=Kind.PROGRAMME_PARTICIPANT_ADD, obj=participant,
                 purpose=Purpose.PROGRAMME_PARTICIPANT)
    return participant


@transaction.atomic
def session_record(*, actor, course: Course, held_on: dt.date | None, theme: str = "",
                   attended: Sequence[Participant] = ()) -> CourseSession:
    """Record the course's next session and who came (numbered 1, 2, … in order)."""
    problems = []
    if held_on is None:
        problems.append(Problem("Skriv datoen for samlingen.", field="dato"))
    elif held_on > timezone.localdate():
        problems.append(Problem("Samlingen kan ikke registreres før den er holdt.", field="dato"))
    strangers = [p for p in attended if p.course_id != course.pk]
    if strangers:
        problems.append(Problem("Bare deltakere i denne gruppen kan føres som til stede.",
                                field="til stede"))
    if problems:
        raise InvalidInput(problems)
    top = CourseSession.objects.filter(course=course).aggregate(n=Max("number"))["n"] or 0
    session = CourseSession.objects.create(course=course, number=top + 1, held_on=held_on,
                                           theme=theme.strip())
    session.attended.set(attended)
    audit_record(actor=actor, kind=Kind.PROGRAMME_ATTENDANCE_RECORD, obj=session,
                 purpose=Purpose.PROGRAMME_ATTENDANCE)
    return session


@transaction.atomic
def questionnaire_answer(*, actor, participant: Participant, phase: str, answers: dict,
                         answered_on: dt.date | None = None) -> QuestionnaireResponse:
    """Record (or correct) a participant's answers before or after the course. Items left
    blank are kept out; an answer outside the scale is refused, naming the question."""
    programme = participant.course.programme
    form = datafiles.questionnaires().get(programme.questionnaire)
    problems = []
    if phase not in Phase.values:
        problems.append(Problem("Velg om skjemaet er besvart før eller etter kurset.",
                                field="når"))
    if form is None:
        raise InvalidInput([Problem("Programmet har ikke et kjent spørreskjema.",
                                    field="spørreskjema")])
    known = {i.id: i for i in form.items}
    clean = {}
    for item_id, value in answers.items():
        item = known.get(item_id)
        if item is None:
            problems.append(Problem("Ukjent spørsmål.", field=item_id))
        elif value is not None and not (isinstance(value, int)
                                        and form.low <= value <= form.high):
            problems.append(Problem(f"Svaret må være et tall fra {form.low} til {form.high}.",
                                    field=item.text))
        elif value is not None:
            clean[item_id] = value
    if not clean and not problems:
        problems.append(Problem("Svar på minst ett spørsmål.", field="svar"))
    answered_on = answered_on or timezone.localdate()
    if answered_on > timezone.localdate():
        problems.append(Problem("Datoen kan ikke være fram i tid.", field="besvart"))
    if problems:
        raise InvalidInput(problems)
    response, _created = QuestionnaireResponse.objects.update_or_create(
        participant=participant, phase=phase,
        defaults={"questionnaire": form.id, "answers": clean, "answered_on": answered_on,
                  "recorded_by": actor})
    audit_record(actor=actor, kind=Kind.PROGRAMME_QUESTIONNAIRE_RECORD, obj=response,
                 detail=f"gruppekurs: spørreskjema {Phase(phase).label}")
    return response
