"""What the worklist sent: the daily and weekly digests and the leader's reminders, one row
per recipient, kind and period, so nothing is sent twice (the jobs are idempotent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorklistNotice(models.Model):
    """One digest or reminder sent to a member of staff: counts and links, never names."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("Daily digest to a coordinator")
        WEEKLY = "weekly", _("Weekly digest to the BTI leader")
        REMINDER = "reminder", _("Reminder from the BTI leader")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="worklist_notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The day (daily, reminder) or the Monday of the week (weekly) the notice is for.
    period = models.DateField()
    # What a reminder is about: blank for the whole worklist, else the overview's metric
    # (``mappings_overdue``, ``no_stafettholder``, ``consent_expiring``, ``without_consent``).
    topic = models.CharField(max_length=20, blank=True, default="")
    counts = models.JSONField(default=dict)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "topic", "period"],
                                    name="worklist_notice_once_per_topic_and_period"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} → {self.recipient_id}"
