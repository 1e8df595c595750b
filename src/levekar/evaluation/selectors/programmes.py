"""Reads of the group programmes: the courses and their aggregated change (for everyone
who sees the evaluation: counts only), and a course's working page with names (only its
group leaders and the BTI leader, audited).

A participant's change compares the questionnaire before with the one after
(``lib.questionnaire_verdict``); a participant who answered only before, or only after,
is counted as missing, never as change. Every share goes through the small-cell rule with
its secondary suppression (``lib.suppress_rows``), over the courses of a programme.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.http import Http404

from levekar.core.access import deny
from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.lib.suppression import DEFAULT_RULE, SuppressionRule
from levekar.core.roles import Role, has_role
from levekar.evaluation import datafiles
from levekar.evaluation.lib import (
    IMPROVED,
    UNCHANGED,
    WORSE,
    Row,
    questionnaire_score,
    questionnaire_verdict,
    suppress_rows,
)
from levekar.evaluation.models import (
    Course,
    CourseSession,
    Participant,
    Phase,
    Programme,
    QuestionnaireResponse,
)

WORK_ROLES = (Role.BTI_COORDINATOR, Role.ADMIN)


@dataclass
class Change:
    """One course's (or the programme's) aggregated change."""

    key: object
    participants: int
    sessions: int
    compared: int            # answered both before and after
    missing: int             # answered only one of the two, or neither
    row: Row                 # improved / unchanged / worse, suppressed
    mean_before: float | None = None
    mean_after: float | None = None

    @property
    def means_hidden(self) -> bool:
        return self.mean_before is None

    @property
    def participants_text(self) -> str:
        return ":" if DEFAULT_RULE.hides_count(self.participants) else str(self.participants)


@dataclass
class CourseLine:
    course: Course
    change: Change


@dataclass
class ProgrammeResult:
    programme: Programme
    questionnaire: datafiles.Questionnaire | None
    courses: list[CourseLine] = field(default_factory=list)
    total: Change | None = None


def _items(q: datafiles.Questionnaire | None) -> list[tuple[str, str]]:
    return [(i.id, i.direction) for i in q.items] if q else []


def programme_results(programme_ids=None, *, rule: SuppressionRule = DEFAULT_RULE
                      ) -> list[ProgrammeResult]:
    """Every programme (or those in ``programme_ids``) with its courses and their change.
    Five queries, whatever the number of courses and participants; the answers are read
    as bare dictionaries, never with a name."""
    programmes = Programme.objects.select_related("measure", "measure__plan").order_by("name")
    if programme_ids is not None:
        programmes = programmes.filter(pk__in=list(programme_ids))
    programmes = list(programmes)
    courses = list(Course.objects.filter(programme__in=programmes)
                   .annotate(n_participants=Count("participants", distinct=True),
                             n_sessions=Count("sessions", distinct=True))
                   .prefetch_related("leaders").order_by("-starts_on", "name"))
    answers: dict[int, dict[str, dict]] = defaultdict(dict)
    course_of: dict[int, int] = {}
    for pid, course_id, phase, given in (
            QuestionnaireResponse.objects.filter(participant__course__in=courses)
            .values_list("participant_id", "participant__course_id", "phase", "answers")):
        answers[pid][phase] = given
        course_of[pid] = course_id
    forms = datafiles.questionnaires()
    by_programme: dict[int, list[Course]] = defaultdict(list)
    for c in courses:
        by_programme[c.programme_id].append(c)
    out = []
    order = {IMPROVED: 0, UNCHANGED: 1, WORSE: 2}
    for programme in programmes:
        q = forms.get(programme.questionnaire)
        items = _items(q)
        counts = {c.pk: [0, 0, 0] for c in by_programme[programme.pk]}
        scores = {c.pk: ([], []) for c in by_programme[programme.pk]}
        for pid, phases in answers.items():
            cid = course_of[pid]
            if cid not in counts or Phase.BEFORE not in phases or Phase.AFTER not in phases:
                continue
            verdict = questionnaire_verdict(items, phases[Phase.BEFORE], phases[Phase.AFTER])
            if verdict is None:
                continue
            counts[cid][order[verdict]] += 1
            scores[cid][0].append(questionnaire_score(items, phases[Phase.BEFORE], q.low, q.high))
            scores[cid][1].append(questionnaire_score(items, phases[Phase.AFTER], q.low, q.high))
        course_list = by_programme[programme.pk]
        rows = suppress_rows([(c.pk, counts[c.pk]) for c in course_list], rule)
        lines = [CourseLine(c, _change(c.pk, c.n_participants, c.n_sessions, row, scores[c.pk],
                                       rule))
                 for c, row in zip(course_list, rows, strict=True)]
        total_counts = [sum(counts[c.pk][i] for c in course_list) for i in range(3)]
        all_scores = ([s for c in course_list for s in scores[c.pk][0]],
                      [s for c in course_list for s in scores[c.pk][1]])
        total = _change(programme.pk, sum(c.n_participants for c in course_list),
                        sum(c.n_sessions for c in course_list),
                        suppress_rows([(programme.pk, total_counts)], rule)[0], all_scores, rule)
        out.append(ProgrammeResult(programme, q, lines, total))
    return out


def _change(key, participants: int, sessions: int, row: Row, scores, rule) -> Change:
    compared = row.total
    before, after = scores
    show_means = compared >= rule.min_denominator and not row.hidden
    return Change(key, participants, sessions, compared, participants - compared, row,
                  round(sum(before) / len(before), 2) if show_means else None,
                  round(sum(after) / len(after), 2) if show_means else None)


def programme_get(programme_id: int) -> Programme:
    programme = Programme.objects.select_related("measure", "measure__plan") \
        .filter(pk=programme_id).first()
    if programme is None:
        raise Http404("Fant ikke programmet.")
    return programme


def may_work_with(user, course: Course) -> bool:
    """The course's group leaders and the BTI leader (and admin) see its participants."""
    return has_role(user, *WORK_ROLES) or course.leaders.filter(pk=user.pk).exists()


def course_get_for_work(request, course_id: int) -> Course:
    """The course with its participants, sessions and answers, for someone who may see the
    names; anyone else is refused (403, audited). The read itself is audited."""
    course = (Course.objects.select_related("programme").filter(pk=course_id)
              .prefetch_related(
                  "leaders",
                  Prefetch("participants", queryset=Participant.objects.prefetch_related(
                      "responses")),
                  Prefetch("sessions", queryset=CourseSession.objects.prefetch_related(
                      "attended")))
              .first())
    if course is None:
        raise Http404("Fant ikke kurset.")
    if not may_work_with(request.user, course):
        raise deny(request, "gruppekurs: ikke gruppeleder")
    audit_request(request, kind=Kind.PROGRAMME_COURSE_READ, obj=course,
                  purpose=Purpose.PROGRAMME_COURSE_PAGE)
    return course


def courses_led_by(user) -> list[Course]:
    """The courses ``user`` leads (all of them for the BTI leader), newest first."""
    courses = Course.objects.select_related("programme").annotate(
        n_participants=Count("participants", distinct=True)).order_by("-starts_on", "name")
    if not has_role(user, *WORK_ROLES):
        courses = courses.filter(leaders=user)
    return list(courses)
