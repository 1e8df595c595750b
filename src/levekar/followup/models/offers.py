"""The municipality's offers catalogue (tiltaksoversikt) as saved in the browser.

The catalogue is a YAML document (``followup/data/offers.yaml`` ships the first one); each
save from the BTI coordinator's page is a new revision, so the history of who changed the
catalogue and when is kept. The newest revision is the catalogue in use.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OfferCatalogueRevision(models.Model):
    text = models.TextField(_("the catalogue (YAML)"))
    note = models.CharField(_("what was changed"), max_length=300, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at", "-pk"]
        verbose_name = _("offers catalogue revision")
        verbose_name_plural = _("offers catalogue revisions")

    def __str__(self) -> str:
        return f"Tiltaksoversikt {self.saved_at:%d.%m.%Y %H:%M}"
