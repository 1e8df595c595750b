"""Scheduled and background jobs: the one façade every app uses (docs/jobs.md).

    from levekar.core import jobs

    @jobs.task("lending.send_reminders", schedule="0 7 * * *", label=_("Loan reminders"))
    def send_reminders(*, today: str | None = None, dry_run: bool = False) -> dict: ...

    job = jobs.enqueue("passes.letters", started_by=request.user, scheme_id=3)
    jobs.progress(done, total, "tekst")      # inside a running task

Tasks live in ``<app>/tasks.py`` and are imported from the app's ``AppConfig.ready()``.
Arguments are JSON keywords. The queue underneath is django-tasks with its database
backend (``django_tasks_db``); this package adds what it lacks: a ``Job`` row people
can read (progress, attempts, error, result), retries with exponential backoff,
idempotent enqueueing, and a cron schedule that runs once per period however many
workers tick it.
"""

from levekar.core.jobs.files import (
    job_file,
    job_file_exists,
    job_file_links,
    job_folder,
    make_job_files,
    prune_job_files,
    write_job_files,
)
from levekar.core.jobs.registry import TaskSpec, get_task, registered_tasks, task
from levekar.core.jobs.runner import (
    JobReporter,
    current_job,
    enqueue,
    last_heartbeat,
    progress,
    progress_callback,
    rerun,
    run_pending,
    schedule_due,
    today_or_dry_run,
)
from levekar.core.models import Job

__all__ = [
    "Job",
    "JobReporter",
    "TaskSpec",
    "current_job",
    "enqueue",
    "get_task",
    "job_file",
    "job_file_exists",
    "job_file_links",
    "job_folder",
    "last_heartbeat",
    "make_job_files",
    "progress",
    "progress_callback",
    "prune_job_files",
    "registered_tasks",
    "rerun",
    "run_pending",
    "schedule_due",
    "task",
    "today_or_dry_run",
    "write_job_files",
]
