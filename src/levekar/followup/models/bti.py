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


class BreakGlassAccess(models.Model):
    """Emergency access to another coordinator's case: a reason, a time limit, an audit trail."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="break_glass_accesses")
    reason = models.CharField(_("reason"), max_length=500)
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "case", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_has_reason"),
            models.CheckConstraint(condition=Q(expires_at__gte=models.F("granted_at")),
                                   name="break_glass_expires_after_grant"),
        ]

    def is_active(self, now=None) -> bool:
        return (now or timezone.now()) < self.expires_at
