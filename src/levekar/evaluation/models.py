"""Evaluere: evaluation designs, outcome changes per mapping, lovende-praksis assessments.

``MappingChange`` is derived data: one row per later mapping and outcome domain, with the
family's verdict against its start mapping (kept in step by signals on followup's
``Assessment``). It carries no answers and no person, and is read only in aggregate.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.followup.models import Assessment, Case
from levekar.plans.models import Frequency, Measure


class FollowUpModel(models.Model):
    """A way of following families up (Nye mønstre's family coordinator, BTI stafett …).

    A case belongs to the model whose units include the case's responsible unit.
    """

    code = models.SlugField(_("identifier"), max_length=60, unique=True)
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
    target = models.CharField(_("target"), max_length=100)
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
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    follow_index = models.PositiveSmallIntegerField()
    domain = models.CharField(max_length=40)
    verdict = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"],
                                    name="mapping_change_once_per_domain"),
            models.CheckConstraint(condition=Q(verdict__gte=-1, verdict__lte=1),
                                   name="mapping_change_verdict_range"),
        ]
        indexes = [models.Index(fields=["follow_index", "domain"])]


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class PracticeAssessment(models.Model):
    """A measure's yearly self-assessment against the elements of lovende praksis."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("plan measure"))
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("summary"), blank=True)
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
