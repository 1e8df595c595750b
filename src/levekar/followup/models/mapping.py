"""The mapping (kartlegging): answers to a versioned instrument, per household and person."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.followup.models.case import Case


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
