"""Consent (samtykke): who lets which service see which part of the family's information."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.followup.models.case import Case, InfoPart
from levekar.people.models import Person


class Consent(models.Model):
    """Samtykke: who consented, to which units, for which parts, from when to when.

    ``subject`` is the person whose information the consent covers; empty means the
    whole family (given by a parent). A young person consents for their own information
    from the ages in ``followup/data/consent_ages.json``.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    given_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents_given",
                                 verbose_name=_("given by"))
    subject = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="consents_about",
                                verbose_name=_("about (empty = the whole family)"))
    valid_from = models.DateField(_("valid from"), default=dt.date.today)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    # Empty when the family recorded the consent themselves on Min side (``given_by``).
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) |
                                   Q(valid_to__gte=models.F("valid_from")),
                                   name="consent_valid_period"),
        ]

    def __str__(self) -> str:
        return f"Samtykke {self.pk}"

    def is_active_on(self, day: dt.date) -> bool:
        return (self.withdrawn_at is None and self.valid_from <= day
                and (self.valid_to is None or day <= self.valid_to))


class ConsentGrant(models.Model):
    """One (unit, part) a consent opens. Access checks are one query over these rows."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="grants")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="consent_grants")
    part = models.CharField(max_length=20, choices=InfoPart.choices)
    # A consent can be withdrawn for one unit only ("not helsestasjon any more"); the
    # rest of it stays. Withdrawing the whole consent sets ``Consent.withdrawn_at``.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consent", "unit", "part"], name="consent_grant_once"),
        ]
        indexes = [models.Index(fields=["unit", "part"])]
