"""The BTI level's history along the handlingsveileder, and emergency access (break the glass)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.followup.models.case import BtiLevel, Case, CaseMember


class BtiLevelChange(models.Model):
    """History of a child's BTI level: who, when, why, and who held the baton."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="bti_changes")
    # The child; empty for the opening of the case, and for changes recorded for the
    # whole family before BTI followed each child that had no child to carry them.
    member = models.ForeignKey(CaseMember, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="bti_changes", verbose_name=_("child"))
    from_level = models.PositiveSmallIntegerField(choices=BtiLevel.choices, null=True)
    to_level = models.PositiveSmallIntegerField(choices=BtiLevel.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"))
    holder = models.ForeignKey("followup.Participant", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("stafettholder"))

    class Meta:
        ordering = ["-changed_at", "-pk"]


class BreakGlassCategory(models.TextChoices):
    """Why a coordinator breaks the glass: a category the leader can count, plus free text."""

    ACUTE_DANGER = "acute_danger", _("Acute danger for the child")
    FAMILY_CONTACT = "family_contact", _("The family got in touch")
    COORDINATOR_ABSENT = "coordinator_absent", _("Follow-up while the coordinator is away")
    OTHER = "other", _("Other")


class BreakGlassAccess(models.Model):
    """Emergency access to another coordinator's case: a reason, a time limit, an audit
    trail, and the BTI leader's review (a grant can be marked unjustified afterwards)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="break_glass_accesses")
    category = models.CharField(_("reason category"), max_length=20,
                                choices=BreakGlassCategory.choices)
    reason = models.CharField(_("reason"), max_length=500)
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    unjustified_at = models.DateTimeField(_("marked unjustified at"), null=True, blank=True)
    unjustified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    unjustified_reason = models.CharField(_("why it was unjustified"), max_length=500,
                                          blank=True, default="")

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "case", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_has_reason"),
            models.CheckConstraint(condition=Q(expires_at__gte=models.F("granted_at")),
                                   name="break_glass_expires_after_grant"),
            models.CheckConstraint(condition=Q(category__in=BreakGlassCategory.values),
                                   name="break_glass_known_category"),
            # A review is whole: when, by whom and why, or nothing.
            models.CheckConstraint(
                condition=(Q(unjustified_at__isnull=True, unjustified_by__isnull=True,
                             unjustified_reason="")
                           | (Q(unjustified_at__isnull=False, unjustified_by__isnull=False)
                              & ~Q(unjustified_reason=""))),
                name="break_glass_review_complete"),
        ]

    def is_active(self, now=None) -> bool:
        return (now or timezone.now()) < self.expires_at


class IndividualPlan(models.Model):
    """An individuell plan for a family or one child (prompted at BTI level 3), with its
    status and dates, the person responsible for the plan and the barnekoordinator — both
    participants of the case, with or without an account. Each edit is audited with the
    changed fields (``changes``), so the history of the plan is the audit trail of it."""

    class Status(models.TextChoices):
        ASSESSING = "assessing", pgettext_lazy("individual plan", "Being assessed")
        IN_PROGRESS = "in_progress", pgettext_lazy("individual plan", "In progress")
        ADOPTED = "adopted", pgettext_lazy("individual plan", "Adopted")
        ENDED = "ended", pgettext_lazy("individual plan", "Ended")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="individual_plans")
    # The child the plan is for; empty for a plan for the whole family.
    member = models.ForeignKey(CaseMember, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="individual_plans", verbose_name=_("child"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.ASSESSING)
    started_on = models.DateField(_("work started"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    responsible = models.ForeignKey("followup.Participant", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("responsible for the plan"))
    child_coordinator = models.ForeignKey("followup.Participant", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+",
                                          verbose_name=_("child coordinator"))
    coordinator_appointed_on = models.DateField(_("child coordinator appointed"), null=True,
                                                blank=True)
    coordinator_ended_on = models.DateField(_("child coordinator ended"), null=True,
                                            blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "-created_at", "-pk"]
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(adopted_on__isnull=True) | Q(started_on__isnull=True)
                | Q(adopted_on__gte=models.F("started_on")),
                name="individual_plan_adopted_after_start"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="individual_plan_ended_after_start"),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False),
                name="individual_plan_ended_has_date"),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_on__isnull=False),
                name="individual_plan_adopted_has_date"),
            models.CheckConstraint(
                condition=Q(coordinator_ended_on__isnull=True)
                | Q(coordinator_appointed_on__isnull=True)
                | Q(coordinator_ended_on__gte=models.F("coordinator_appointed_on")),
                name="individual_plan_coordinator_ended_after_appointed"),
        ]

    def __str__(self) -> str:
        return f"{_('individual plan')} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ENDED

    @property
    def coordinator_is_current(self) -> bool:
        """A barnekoordinator is named and their appointment has not ended."""
        return self.child_coordinator_id is not None and self.coordinator_ended_on is None
