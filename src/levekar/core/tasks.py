"""Core's own scheduled jobs."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core import jobs
from levekar.core.models import Job, WorkerHeartbeat

JOB_HISTORY_DAYS = 90


@jobs.task("core.prune_jobs", schedule="30 3 * * *", label=_("Prune old job history"))
def prune_jobs() -> dict:
    """Forget finished jobs and dead workers' heartbeats older than 90 days."""
    cutoff = timezone.now() - timedelta(days=JOB_HISTORY_DAYS)
    deleted, _rows = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED],
                                        created_at__lt=cutoff).delete()
    WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return {"deleted": deleted, "message": f"{deleted} gamle jobber slettet."}
