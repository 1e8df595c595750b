"""Core's own scheduled jobs."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core import backup, jobs, messaging
from levekar.core.messaging.outbox import SEND_TASK
from levekar.core.models import Job, WorkerHeartbeat

JOB_HISTORY_DAYS = 90


@jobs.task("core.prune_jobs", schedule="30 3 * * *", label=_("Prune old job history"))
def prune_jobs() -> dict:
    """Forget finished jobs and dead workers' heartbeats older than 90 days, and the files
    (reports) those jobs made."""
    cutoff = timezone.now() - timedelta(days=JOB_HISTORY_DAYS)
    deleted, _rows = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED],
                                        created_at__lt=cutoff).delete()
    WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    folders = jobs.prune_job_files()
    return {"deleted": deleted, "folders": folders,
            "message": f"{deleted} gamle jobber og {folders} mapper med jobbfiler slettet."}


@jobs.task(SEND_TASK, schedule="*/15 * * * *", label=_("Send SMS and e-mail"),
           max_attempts=5, backoff_seconds=30)
def send_messages() -> dict:
    """Send queued messages (started when a message is queued; every 15 minutes as a
    safety net for retries)."""
    return messaging.send_due()


@jobs.task("core.backup", schedule="15 2 * * *", label=_("Nightly backup of the database"),
           max_attempts=3, backoff_seconds=300)
def nightly_backup() -> dict:
    path = backup.backup()
    size_mb = path.stat().st_size / 1e6
    return {"file": str(path), "size_mb": round(size_mb, 1),
            "message": f"Sikkerhetskopi skrevet: {path.name} ({size_mb:.1f} MB)."}
