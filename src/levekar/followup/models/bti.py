"""The BTI level's history along the handlingsveileder, and emergency access (break the glass)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
