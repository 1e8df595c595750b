"""Min side's own rows: the link from an ID-porten session to ours (for logout)."""

from django.db import models
from django.utils import timezone


class CitizenSession(models.Model):
    """An ID-porten session id (``sid``) and the Django session it opened, so that the
    provider's front-channel logout can end our session even without our cookie."""

    sid = models.CharField(max_length=200, db_index=True)
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
