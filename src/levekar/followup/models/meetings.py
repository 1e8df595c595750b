"""Contacts and meetings, the follow-up tasks agreed in them, and session feedback
(Feedback-Informed Treatment)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.core.models import OrgUnit
from levekar.followup.models.case import Case, CaseMember, InfoPart


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
    starts_at = models.DateTimeField(pgettext_lazy("followup", "time"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    place = models.CharField(_("place"), max_length=200, blank=True)
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="+",
                                   verbose_name=_("participating units"))
    members = models.ManyToManyField(CaseMember, blank=True, related_name="meetings",
                                     verbose_name=_("family members present"))
    notes = models.TextField(pgettext_lazy("followup", "notes"), blank=True)
    # The part of the family's information the meeting is about. A service partner
    # records a meeting only in a part the family's consent opens to their unit, and reads
    # the notes of a meeting only where that consent covers its part (``access``). Empty:
    # a general meeting, whose notes only full access reads.
    part = models.CharField(_("about"), max_length=20, blank=True, choices=InfoPart.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    # The writer's unit when they wrote it (a user may later move to another unit).
    created_by_unit = models.ForeignKey(OrgUnit, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Optimistic locking: an edit form carries the version it was read at (see
    # ``services._common.version_claim``); a save from an older version is a conflict.
    version = models.PositiveIntegerField(default=1)

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

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Not done after its deadline (``overdue_q`` is the same rule for a query)."""
        return self.done_on is None and self.deadline < (today or timezone.localdate())

    @staticmethod
    def overdue_q(today: dt.date) -> Q:
        return Q(done_on__isnull=True, deadline__lt=today)


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
