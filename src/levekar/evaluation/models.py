"""Evaluere: evaluation designs, outcome changes per mapping, lovende-praksis assessments.

``MappingChange`` is derived data: one row per later mapping and outcome domain, with the
family's verdict against its start mapping (kept in step by signals on followup's
``Assessment``). It carries no answers and no person, and is read only in aggregate.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.core.models import OrgUnit
from levekar.followup.models import Assessment, Case
from levekar.plans.models import Frequency, Measure


class FollowUpModel(models.Model):
    """A way of following families up (Nye mønstre's family coordinator, BTI stafett …).

    A case belongs to the model whose units include the case's responsible unit.
    """

    code = models.SlugField(pgettext_lazy("evaluation", "identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="+",
                                   verbose_name=_("units that follow families up this way"))
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("plan measure it carries out"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("follow-up model")
        verbose_name_plural = _("follow-up models")

    def __str__(self) -> str:
        return self.name


class GoalKind(models.TextChoices):
    EFFECT = "effect", _("Effect goal")
    RESULT = "result", _("Result goal")


class DataSource(models.TextChoices):
    STATISTICS = "statistics", _("Statistics indicator")
    MAPPING = "mapping", _("Mapping domain (follow-up)")
    FEEDBACK = "feedback", _("Feedback score (FIT)")
    SERVICE = "service", _("Service data (passes, loans …)")
    OTHER = "other", _("Other source")


class EvaluationGoal(models.Model):
    """One effect or result goal of an evaluation design, for a measure or a follow-up model."""

    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("plan measure"))
    followup_model = models.ForeignKey(FollowUpModel, null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="goals",
                                       verbose_name=_("follow-up model"))
    kind = models.CharField(_("kind of goal"), max_length=10, choices=GoalKind.choices)
    title = models.CharField(_("goal"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=300)
    source = models.CharField(_("where the data comes from"), max_length=12,
                              choices=DataSource.choices)
    source_detail = models.CharField(_("source details"), max_length=200, blank=True)
    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    target = models.CharField(pgettext_lazy("evaluation", "target"), max_length=100)
    frequency = models.CharField(_("measured"), max_length=20, choices=Frequency.choices)
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("evaluation goal")
        verbose_name_plural = _("evaluation goals")
        constraints = [
            models.CheckConstraint(
                condition=(Q(measure__isnull=False, followup_model__isnull=True)
                           | Q(measure__isnull=True, followup_model__isnull=False)),
                name="evaluation_goal_one_owner"),
        ]

    def __str__(self) -> str:
        return self.title


class MappingChange(models.Model):
    """A family's verdict in one outcome domain at one later mapping, against its start.

    ``follow_index`` is 1 for the first mapping after the start, 2 for the next …
    The case's BTI level, unit and start year are copied here (and kept in step when the
    case changes) so the aggregation is one indexed GROUP BY without a join.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    follow_index = models.PositiveSmallIntegerField()
    domain = models.CharField(max_length=40)
    verdict = models.SmallIntegerField()
    bti_level = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    start_year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"],
                                    name="mapping_change_once_per_domain"),
            models.CheckConstraint(condition=Q(verdict__gte=-1, verdict__lte=1),
                                   name="mapping_change_verdict_range"),
        ]
        # Covering the aggregation: the counting reads the index only.
        indexes = [models.Index(fields=["follow_index", "domain", "verdict", "bti_level",
                                        "unit", "start_year"], name="mapping_change_counting")]


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class PracticeAssessment(models.Model):
    """A measure's yearly self-assessment against the elements of lovende praksis."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("plan measure"))
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(pgettext_lazy("evaluation", "summary"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("promising-practice assessment")
        verbose_name_plural = _("promising-practice assessments")
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"],
                                    name="practice_assessment_once_a_year"),
        ]


class PracticeRating(models.Model):
    """One element's rating in an assessment, with its evidence."""

    assessment = models.ForeignKey(PracticeAssessment, on_delete=models.CASCADE,
                                   related_name="ratings")
    element = models.CharField(max_length=40)
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("link to evidence"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "element"],
                                    name="practice_rating_once"),
        ]


# --- Sjumilssteget ----------------------------------------------------------------------------

class Arena(models.TextChoices):
    """Where the interdisciplinary meeting is held (Lenvik's three arenas, seeds/002)."""

    HEALTH_STATION = "helsestasjon", _("Health station")
    KINDERGARTEN = "barnehage", _("Kindergarten")
    SCHOOL = "skole", _("School")


class SevenStepAssessment(models.Model):
    """A service's yearly self-assessment against the seven steps (levels from the data file)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("service"))
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(pgettext_lazy("evaluation", "summary"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "unit__name"]
        verbose_name = _("Sjumilssteget assessment")
        verbose_name_plural = _("Sjumilssteget assessments")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="seven_step_once_a_year"),
        ]


class SevenStepRating(models.Model):
    assessment = models.ForeignKey(SevenStepAssessment, on_delete=models.CASCADE,
                                   related_name="ratings")
    step = models.CharField(max_length=40)
    level = models.PositiveSmallIntegerField(_("level"))
    note = models.TextField(_("what we do"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "step"], name="seven_step_rating_once"),
        ]


class SevenStepAction(models.Model):
    """An action that follows from an assessment, for one step, tied to a plan measure."""

    assessment = models.ForeignKey(SevenStepAssessment, on_delete=models.CASCADE,
                                   related_name="actions")
    step = models.CharField(_("step"), max_length=40)
    description = models.CharField(pgettext_lazy("evaluation", "action"), max_length=300)
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("plan measure"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["step", "pk"]
        verbose_name = _("Sjumilssteget action")
        verbose_name_plural = _("Sjumilssteget actions")


class InterdisciplinaryMeeting(models.Model):
    """Det tverrfaglige møtet: when, where, which services, how many children — no names."""

    held_on = models.DateField(_("date"))
    arena = models.CharField(_("arena"), max_length=15, choices=Arena.choices)
    host = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("held at"))
    services = models.ManyToManyField(OrgUnit, related_name="+",
                                      verbose_name=_("participating services"))
    children_discussed = models.PositiveSmallIntegerField(_("number of children discussed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("interdisciplinary meeting")
        verbose_name_plural = _("interdisciplinary meetings")
        constraints = [
            models.CheckConstraint(condition=Q(children_discussed__lte=200),
                                   name="interdisciplinary_meeting_children_bound"),
        ]


# --- group programmes (ICDP parent guidance …) -------------------------------------------------

class Programme(models.Model):
    """A group programme such as ICDP parent guidance, carrying out a plan measure; its
    courses are evaluated with a questionnaire (from the data file) before and after."""

    code = models.SlugField(pgettext_lazy("evaluation", "identifier"), max_length=60,
                            unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("plan measure it carries out"))
    questionnaire = models.CharField(_("questionnaire before and after"), max_length=60)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("group programme")
        verbose_name_plural = _("group programmes")

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """One group: where, in which language, led by trained veiledere (staff users) with a
    co-leader — e.g. one with a minority background in a language-adapted group."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="courses",
                                  verbose_name=_("programme"))
    name = models.CharField(_("name of the group"), max_length=200)
    language = models.CharField(_("language of the group"), max_length=60)
    place = models.CharField(_("place"), max_length=200)
    starts_on = models.DateField(_("first session"))
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+",
                                     verbose_name=_("group leaders (veiledere)"))
    co_leader = models.CharField(_("co-leader"), max_length=200, blank=True)
    co_leader_note = models.CharField(_("about the co-leader"), max_length=200, blank=True)
    open_to_all = models.BooleanField(_("open to parents without a case in follow-up"),
                                      default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """A parent in a course, registered with their consent. Names are seen only by the
    course's leaders and the BTI leader; every other page counts participants."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    consent_on = models.DateField(_("consent given"))
    from_followup = models.BooleanField(_("referred from family follow-up"), default=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session no."))
    held_on = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    attended = models.ManyToManyField(Participant, blank=True, related_name="sessions",
                                      verbose_name=_("present"))

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_session_once"),
        ]


class Phase(models.TextChoices):
    BEFORE = "before", _("Before the course")
    AFTER = "after", _("After the course")


class QuestionnaireResponse(models.Model):
    """A participant's answers before or after the course ({item id: value})."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE,
                                    related_name="responses")
    phase = models.CharField(_("when"), max_length=6, choices=Phase.choices)
    questionnaire = models.CharField(max_length=60)
    answers = models.JSONField(default=dict)
    answered_on = models.DateField(_("answered"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "phase"],
                                    name="questionnaire_response_once_per_phase"),
        ]


class OutcomesVersion(models.Model):
    """One row: a number raised in the same transaction as every write that can change the
    outcome figures (mappings and their outcome rows, cases, result goals, session feedback,
    follow-up models), so the outcomes page can be cached per data version."""

    number = models.PositiveBigIntegerField(default=0)
    # Made anew with the row, so a database rebuilt or restored (a test, a restore from a
    # backup) never meets figures cached for another database's version of the same number.
    token = models.UUIDField(default=uuid.uuid4)
