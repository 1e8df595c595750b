"""The work of a case: Familiens plan (goals, actions, the child's voice), the mapping
(kartlegging, ``Assessment``), contacts and meetings with follow-up tasks, and session
feedback (Feedback-Informed Treatment)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.followup.models.case import Case, CaseMember

__all__ = [
    "Assessment",
    "ChildVoice",
    "FamilyPlan",
    "FollowUpTask",
    "Goal",
    "GoalAction",
    "Meeting",
    "PlanArea",
    "SessionFeedback",
]


class PlanArea(models.TextChoices):
    """The areas of Familiens plan (Nye mønstre's result goals, seeds/003)."""

    WORK_ECONOMY = "work_economy", _("Work and economy")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    SCHOOL = "school", _("Kindergarten and school")
    LEISURE = "leisure", _("Leisure")
    PARENTING = "parenting", _("Parenting")
    LANGUAGE = "language", _("Language")


class FamilyPlan(models.Model):
    """Familiens plan: one per case, written together with the family."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="family_plan")
    family_wishes = models.TextField(_("what matters most to the family"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("family plan")
        verbose_name_plural = _("family plans")

    def __str__(self) -> str:
        return f"Familiens plan {self.case_id}"


class Goal(models.Model):
    """A goal for the family (``member`` empty) or for one member, in one area.

    Effect goals (effektmål) are the lasting change the family works towards ("Mor i
    arbeid"); result goals (resultatmål) are concrete, dated and checkable, and may sit
    under an effect goal (``parent``) — the two levels of Nye mønstre.
    """

    class Kind(models.TextChoices):
        EFFECT = "effect", _("Effect goal")
        RESULT = "result", _("Result goal")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Working on it")
        ACHIEVED = "achieved", _("Achieved")
        CHANGED = "changed", _("Replaced by another goal")
        STOPPED = "stopped", _("Stopped")

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="goals")
    member = models.ForeignKey(CaseMember, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="goals", verbose_name=_("for whom"))
    area = models.CharField(_("area"), max_length=20, choices=PlanArea.choices)
    kind = models.CharField(_("kind of goal"), max_length=10, choices=Kind.choices,
                            default=Kind.RESULT)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="result_goals", verbose_name=_("part of effect goal"))
    title = models.CharField(_("goal"), max_length=200)
    description = models.TextField(_("how we will know"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "target_date", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(condition=Q(parent__isnull=True) | Q(kind="result"),
                                   name="goal_only_result_goals_have_parent"),
            models.CheckConstraint(condition=~Q(status="achieved") | Q(achieved_on__isnull=False),
                                   name="goal_achieved_has_date"),
        ]

    def __str__(self) -> str:
        return self.title


class GoalAction(models.Model):
    """Tiltak: who does what by when to reach a goal."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("what will be done"), max_length=300)
    responsible_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("responsible unit"))
    responsible_person = models.CharField(_("responsible person"), max_length=150, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False),
                                   name="action_done_has_date"),
        ]

    def __str__(self) -> str:
        return self.description

    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)


class ChildVoice(models.Model):
    """Barnets stemme: the child's own words about a goal, with age and how they were heard."""

    class How(models.TextChoices):
        CONVERSATION = "conversation", _("Conversation with the child")
        HOME_VISIT = "home_visit", _("During a home visit")
        PLAY_DRAWING = "play_drawing", _("Through play or drawing")
        WRITTEN = "written", _("The child wrote it")
        AT_SCHOOL = "at_school", _("At school or kindergarten")
        VIA_PARENT = "via_parent", _("Told by a parent")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="child_voices")
    child = models.ForeignKey(CaseMember, on_delete=models.PROTECT, related_name="voices",
                              verbose_name=_("child"))
    words = models.TextField(_("the child's own words"))
    child_age = models.PositiveSmallIntegerField(_("the child's age"))
    gathered_how = models.CharField(_("how it was gathered"), max_length=15, choices=How.choices)
    gathered_on = models.DateField(_("date"), default=dt.date.today)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["gathered_on", "pk"]
        verbose_name = _("the child's voice")
        verbose_name_plural = _("the child's voice")
        constraints = [
            models.CheckConstraint(condition=Q(child_age__lte=25), name="child_voice_age"),
        ]


class Assessment(models.Model):
    """Kartlegging (the living-conditions mapping), at start and yearly.

    ``answers`` is validated against the instrument ``instrument_id``@``instrument_version``
    (``followup/data/instruments``); keeping the version makes old mappings readable after
    the instrument changes.
    """

    class Kind(models.TextChoices):
        START = "start", _("Start mapping")
        YEARLY = "yearly", _("Yearly mapping")
        END = "end", _("End mapping")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    performed_on = models.DateField(_("date of the mapping"), default=dt.date.today)
    instrument_id = models.CharField(max_length=60)
    instrument_version = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["performed_on", "pk"]
        verbose_name = _("mapping")
        verbose_name_plural = _("mappings")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(kind="start"),
                                    name="assessment_one_start_per_case"),
        ]
        indexes = [models.Index(fields=["case", "performed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.performed_on:%d.%m.%Y}"


class Meeting(models.Model):
    """A contact with the family: home visit, meeting, office talk or phone call."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit")
        RESPONSIBILITY_GROUP = "responsibility_group", _("Responsibility group meeting")
        COOPERATION = "cooperation", _("Cooperation meeting")
        OFFICE = "office", _("Office talk")
        PHONE = "phone", _("Phone call")
        VIDEO = "video", _("Video meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind of contact"), max_length=22, choices=Kind.choices)
    starts_at = models.DateTimeField(_("time"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    place = models.CharField(_("place"), max_length=200, blank=True)
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="+",
                                   verbose_name=_("participating units"))
    members = models.ManyToManyField(CaseMember, blank=True, related_name="meetings",
                                     verbose_name=_("family members present"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["case", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d.%m.%Y}"


class FollowUpTask(models.Model):
    """Oppfølgingspunkt: something agreed, with who, a deadline and done/not done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="tasks")
    description = models.CharField(_("task"), max_length=300)
    responsible_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("responsible unit"))
    responsible_person = models.CharField(_("responsible person"), max_length=150, blank=True)
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        indexes = [models.Index(fields=["case", "deadline"])]

    def __str__(self) -> str:
        return self.description


class SessionFeedback(models.Model):
    """One person's short feedback at the end of a meeting (FIT): outcome and alliance.

    Item scores are kept as given; the totals are stored for lists and outcome statistics.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    member = models.ForeignKey(CaseMember, on_delete=models.PROTECT, related_name="feedback")
    instrument_id = models.CharField(max_length=60)
    instrument_version = models.PositiveSmallIntegerField()
    outcome_scores = models.JSONField(default=list)
    alliance_scores = models.JSONField(default=list)
    outcome_total = models.PositiveSmallIntegerField(_("outcome"))
    alliance_total = models.PositiveSmallIntegerField(_("alliance"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting__starts_at", "pk"]
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="feedback_once_per_meeting"),
        ]
