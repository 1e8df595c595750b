"""Enqueue, run, retry and schedule jobs on top of django-tasks' database backend.

The queue row (``django_tasks_db.DBTaskResult``) is written in the same transaction as
the ``Job`` row, so a job exists exactly when the work that asked for it committed.
"""

import contextvars
import hashlib
import json
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task as django_task

from levekar.core.jobs.registry import get_task, registered_tasks
from levekar.core.models import Job, WorkerHeartbeat

log = logging.getLogger("levekar.jobs")

# The job the current thread is running, for ``progress()``: (job id, last write time).
_current: contextvars.ContextVar[list | None] = contextvars.ContextVar("levekar_job",
                                                                       default=None)
_worker_id: contextvars.ContextVar[str] = contextvars.ContextVar("levekar_worker",
                                                                 default="inline")
PROGRESS_WRITE_INTERVAL = 0.5  # seconds between progress writes; the last one always lands


def _dedupe_key(name: str, kwargs: dict) -> str:
    raw = json.dumps([name, kwargs], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def _dispatch(job: Job, run_after: datetime | None = None) -> None:
    queued = run_job.using(run_after=run_after) if run_after else run_job
    queued.enqueue(job_id=job.pk)


def enqueue(name: str, *, started_by=None, dedupe: bool = True,
            run_after: datetime | None = None, **kwargs) -> Job:
    """Queue the task ``name`` with JSON keyword arguments; returns its ``Job`` row.

    With ``dedupe`` (the default) a second request for the same task and arguments while
    the first is queued or running returns the first job instead of starting another.
    Call it inside the transaction that decided the work is needed: if that transaction
    rolls back, so does the job. ``run_after`` delays the start.
    """
    spec = get_task(name)
    try:
        kwargs = json.loads(json.dumps(kwargs))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Argumentene til {name} må kunne lagres som JSON: {exc}") from exc
    key = _dedupe_key(name, kwargs) if dedupe else ""
    user = started_by if getattr(started_by, "is_authenticated", False) else None
    with transaction.atomic():
        if key:
            existing = Job.objects.filter(name=name, dedupe_key=key,
                                          status__in=Job.ACTIVE).first()
            if existing is not None:
                return existing
        try:
            with transaction.atomic():
                job = Job.objects.create(name=name, kwargs=kwargs, started_by=user,
                                         dedupe_key=key, max_attempts=spec.max_attempts,
                                         next_attempt_at=run_after)
        except IntegrityError:
            # Another request queued the same work a moment ago.
            return Job.objects.get(name=name, dedupe_key=key, status__in=Job.ACTIVE)
        _dispatch(job, run_after=run_after)
    return job


def rerun(job: Job, *, started_by=None) -> Job:
    """Queue a new run of a failed (or finished) job with the same arguments."""
    if job.is_active:
        return job
    return enqueue(job.name, started_by=started_by or job.started_by, **job.kwargs)


def progress(done: int, total: int, text: str = "") -> None:
    """Report progress of the running job (no-op outside a job). Cheap to call often."""
    state = _current.get()
    if state is None:
        return
    job_id, last = state
    now = time.monotonic()
    if done < total and now - last < PROGRESS_WRITE_INTERVAL:
        return
    state[1] = now
    Job.objects.filter(pk=job_id).update(progress_done=max(0, int(done)),
                                         progress_total=max(0, int(total)),
                                         progress_text=str(text)[:200])


def progress_callback(text: str = ""):
    """A ``progress(done, total)`` callable for services that take one."""
    return lambda done, total: progress(done, total, text)


@django_task()
def run_job(job_id: int) -> str:
    """The one django-tasks task: runs the ``Job`` with this id (see ``execute``)."""
    return execute(job_id)


def execute(job_id: int) -> str:
    """Run a queued job once. Idempotent: a job that is not queued is left alone."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, started_at=now,
        next_attempt_at=None, worker_id=_worker_id.get()[:64])
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    token = _current.set([job.pk, 0.0])
    started = time.monotonic()
    try:
        spec = get_task(job.name)
        result = spec.func(**job.kwargs)
        result = json.loads(json.dumps(result, default=str))
    except Exception as exc:
        log.exception("job failed", extra={"job_id": job.pk, "job": job.name,
                                           "attempt": job.attempts})
        _fail(job, f"{type(exc).__name__}: {exc}")
        return "failed"
    finally:
        _current.reset(token)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, result=result, error="", finished_at=timezone.now(),
        progress_done=F("progress_total"))
    log.info("job done", extra={"job_id": job.pk, "job": job.name,
                                "duration_ms": round(1000 * (time.monotonic() - started))})
    return "done"


def _fail(job: Job, error: str) -> None:
    """Record a failed attempt: try again later with backoff, or fail for good."""
    try:
        backoff = get_task(job.name).backoff_seconds
    except LookupError:
        backoff = 60
    if job.attempts < job.max_attempts:
        when = timezone.now() + timedelta(seconds=backoff * 2 ** (job.attempts - 1))
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, error=error,
                                                 next_attempt_at=when)
            _dispatch(job, run_after=when)
    else:
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=error,
                                             finished_at=timezone.now())


def schedule_due(now: datetime | None = None) -> list[Job]:
    """Queue every scheduled task whose latest cron time has no job yet.

    Any number of workers may call this at once: the unique (task, slot) constraint
    lets exactly one of them create the period's job. Only the latest period is caught
    up after downtime, not every missed one.
    """
    now = now or timezone.now()
    created = []
    _reap_stale_running(now)
    for spec in registered_tasks():
        slot = spec.last_slot(now)
        if slot is None or Job.objects.filter(name=spec.name, scheduled_for=slot).exists():
            continue
        try:
            with transaction.atomic():
                job = Job.objects.create(name=spec.name, scheduled_for=slot, kwargs={},
                                         max_attempts=spec.max_attempts, created_at=now)
                _dispatch(job)
        except IntegrityError:
            continue
        created.append(job)
    return created


def _reap_stale_running(now: datetime) -> None:
    """A job left running by a worker that stopped beating counts as a failed attempt."""
    stale = now - timedelta(seconds=settings.LEVEKAR_WORKER_STALE_SECONDS * 5)
    dead = WorkerHeartbeat.objects.filter(seen_at__lt=stale).values_list("worker_id",
                                                                        flat=True)
    for job in Job.objects.filter(status=Job.Status.RUNNING, worker_id__in=list(dead)):
        _fail(job, "Arbeidsprosessen stoppet under kjøringen.")


def run_pending(*, worker_id: str = "inline") -> int:
    """Run every job that is due now in this process, then return how many ran.

    The worker calls this in its loop; tests call it to run what they queued. It takes
    queue rows the way django-tasks' own worker does (locked, claimed in an exclusive
    transaction, then run), but leaves connection handling to the caller, so that it
    can run inside a test's transaction on PostgreSQL too.
    """
    from django.db import OperationalError
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

    token = _worker_id.set(worker_id)
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id=worker_id[:64],
                    excluded_queue_names=[])
    try:
        while True:
            tasks = DBTaskResult.objects.ready().filter(backend_name="default")
            try:
                with exclusive_transaction(tasks.db):
                    task_result = tasks.get_locked()
                    if task_result is not None:
                        task_result.claim(worker_id[:64])
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
                task_result = None  # another worker holds the queue; next round
            if task_result is None:
                return worker._run_tasks
            worker.run_task(task_result)
    finally:
        _worker_id.reset(token)


def heartbeat(worker_id: str, *, hostname: str = "", pid: int = 0) -> None:
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=hostname[:200],
                                       pid=pid, started_at=now, seen_at=now)


def last_heartbeat() -> datetime | None:
    beat = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at",
                                                                    flat=True).first()
    return beat


class JobReporter:
    """A ``core.lib.progress.Reporter`` that reports to the running job's progress."""

    def __init__(self) -> None:
        self.description, self.total, self.done = "", 0, 0

    def start(self, description: str, total: int | None = None) -> None:
        self.description, self.total, self.done = description, total or 0, 0
        progress(0, self.total, description)

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        progress(self.done, max(self.total, self.done), self.description)

    def finish(self) -> None:
        progress(max(self.total, self.done), max(self.total, self.done), self.description)


def today_or_dry_run(today: str | None, dry_run: bool | None):
    """The day a dated task runs for, and whether it is a dry run.

    A run for a day other than today (to test, or to catch up) is a dry run unless the
    caller says ``dry_run=False``: trying next week's reminders must not send them today.
    Returns ``(date, dry_run, now)`` where ``now`` is the real time today, or 09:00 on
    the given day.
    """
    import datetime as dt

    real_today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(today) if today else real_today
    except ValueError:
        raise ValueError(f"«{today}» er ikke en dato (ÅÅÅÅ-MM-DD).") from None
    if dry_run is None:
        dry_run = day != real_today
    now = timezone.now() if day == real_today else timezone.make_aware(
        dt.datetime.combine(day, dt.time(9, 0)))
    return day, dry_run, now


def current_job() -> Job | None:
    """The ``Job`` row of the task running in this thread (for its ``started_by``)."""
    state = _current.get()
    return Job.objects.filter(pk=state[0]).select_related("started_by").first() \
        if state else None
