"""The people around a family who take part in the follow-up: staff with an account,
and people without one (a teacher, kindergarten staff, a Røde Kors volunteer), named
with their service and how to reach them. Plan actions name them as responsible."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.followup.models.case import Case


class Participant(models.Model):
    """A named person taking part in one case: a user, or someone without an account."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("service or organisation"), max_length=150, blank=True)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("unit"))
    contact = models.CharField(_("contact (phone or e-mail)"), max_length=150, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="participations",
                             verbose_name=_("user account"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], condition=Q(user__isnull=False),
                                    name="participant_user_once_per_case"),
            models.CheckConstraint(condition=~Q(name=""), name="participant_has_name"),
        ]

    def __str__(self) -> str:
        service = self.organisation or (str(self.unit) if self.unit_id else "")
        return f"{self.name} ({service})" if service else self.name
