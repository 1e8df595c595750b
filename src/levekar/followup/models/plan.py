"""Familiens plan: the family's wishes, goals with actions, and the child's own words."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.core.models import OrgUnit
from levekar.followup.models.case import Case, CaseMember


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

    # Optimistic locking: an edit form carries the version it was read at (see
    # ``services._common.version_claim``); a save from an older version is a conflict.
    version = models.PositiveIntegerField(default=1)

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
        STOPPED = "stopped", pgettext_lazy("followup", "Stopped")

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

    # Optimistic locking: an edit form carries the version it was read at (see
    # ``services._common.version_claim``); a save from an older version is a conflict.
    version = models.PositiveIntegerField(default=1)

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
        DONE = "done", pgettext_lazy("followup", "Done")
        CANCELLED = "cancelled", _("Cancelled")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("what will be done"), max_length=300)
    responsible_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("responsible unit"))
    # Kept for actions written before responsible persons were participants; new
    # actions name a ``responsible_participant`` (the data migration moved the old texts).
    responsible_person = models.CharField(_("responsible person"), max_length=150, blank=True)
    responsible_participant = models.ForeignKey(
        "followup.Participant", null=True, blank=True, on_delete=models.PROTECT,
        related_name="actions", verbose_name=_("responsible person"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)

    # Optimistic locking (see ``services._common.version_claim``).
    version = models.PositiveIntegerField(default=1)

    class Application(models.TextChoices):
        """Where an application for a "mulig rettighet" stands (søkt / innvilget / avslått)."""

        NOT_APPLIED = "not_applied", _("Not applied yet")
        APPLIED = "applied", _("Applied")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    # An action made from a possible entitlement names the scheme (entitlements.json id) and
    # follows the application; any action may name an offer of the catalogue (offers.yaml id).
    entitlement = models.CharField(_("possible entitlement"), max_length=60, blank=True)
    application = models.CharField(_("application"), max_length=12, blank=True,
                                   choices=Application.choices)
    application_on = models.DateField(_("application status date"), null=True, blank=True)
    offer = models.CharField(_("offer"), max_length=80, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False),
                                   name="action_done_has_date"),
            models.CheckConstraint(condition=Q(application="") | ~Q(entitlement=""),
                                   name="action_application_needs_entitlement"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def responsible_label(self) -> str:
        """Who answers for the action, as shown: unit and person (participant or old text)."""
        unit = str(self.responsible_unit) if self.responsible_unit_id else ""
        person = self.responsible_person
        if self.responsible_participant_id:
            participant = self.responsible_participant
            # "NAV Lillestrøm – NAV-veileder", not "… – NAV-veileder (NAV Lillestrøm)".
            same_service = unit and (participant.unit_id == self.responsible_unit_id
                                     or participant.organisation == unit)
            person = participant.name if same_service else str(participant)
        return " – ".join(x for x in (unit, person) if x)

    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Still open after its deadline (``overdue_q`` is the same rule for a query)."""
        return (self.is_open() and self.deadline is not None
                and self.deadline < (today or timezone.localdate()))

    @classmethod
    def overdue_q(cls, today: dt.date) -> Q:
        return Q(status__in=[cls.Status.PLANNED, cls.Status.IN_PROGRESS], deadline__lt=today)


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


class ActionUpdate(models.Model):
    """One change to a plan action by one person: a new status, a new deadline and/or a
    progress note. The plan shows them as "who wrote what and when"."""

    action = models.ForeignKey(GoalAction, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    author_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("new status"), max_length=12, blank=True,
                              choices=GoalAction.Status.choices)
    deadline = models.DateField(_("new deadline"), null=True, blank=True)
    note = models.TextField(_("progress note"), blank=True)

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")

    def __str__(self) -> str:
        return f"{self.action_id}: {self.written_at:%Y-%m-%d %H:%M}"


class GoalNote(models.Model):
    """A note on a goal, written by the coordinator or by a service partner whose consent
    covers the goal's part."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    author_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("note on a goal")
        verbose_name_plural = _("notes on goals")

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.written_at:%Y-%m-%d %H:%M}"
