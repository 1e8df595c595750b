"""The job runner (levekar.core.jobs): queue, progress, retries, schedule, /drift/."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from levekar.core import jobs
from levekar.core.jobs.registry import unregister
from levekar.core.jobs.worker import work
from levekar.core.models import AuditEvent, Job
from levekar.core.testing import sqlite_file_copy

OSLO = ZoneInfo("Europe/Oslo")
CALLS: list[dict] = []


@pytest.fixture
def registered():
    """Three test tasks: one that counts, one that fails twice then works, one always failing."""
    CALLS.clear()
    state = {"flaky": 0}

    @jobs.task("test.count", label="Telleoppgave")
    def count(*, n: int = 3) -> dict:
        for i in range(n):
            jobs.progress(i + 1, n, "teller")
        CALLS.append({"task": "count", "n": n})
        return {"counted": n, "message": f"Talte til {n}."}

    @jobs.task("test.flaky", max_attempts=3, backoff_seconds=60)
    def flaky() -> dict:
        state["flaky"] += 1
        if state["flaky"] < 3:
            raise RuntimeError(f"SMS-tjenesten svarte 503 (forsøk {state['flaky']})")
        return {"ok": True}

    @jobs.task("test.broken", max_attempts=2, backoff_seconds=30)
    def broken() -> None:
        raise ConnectionError("SMTP-tjeneren svarer ikke")

    @jobs.task("test.nightly", schedule="0 2 * * *")
    def nightly() -> dict:
        CALLS.append({"task": "nightly"})
        return {}

    yield
    for name in ("test.count", "test.flaky", "test.broken", "test.nightly"):
        unregister(name)


@pytest.mark.django_db
def test_a_queued_job_runs_once_and_keeps_its_progress_and_result(registered, demo_org):
    user = demo_org["users"]["fritid1"]
    job = jobs.enqueue("test.count", started_by=user, n=4)
    assert job.status == Job.Status.QUEUED and job.started_by == user
    assert DBTaskResult.objects.count() == 1

    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.progress_done, job.progress_total, job.progress_text) == (4, 4, "teller")
    assert job.result == {"counted": 4, "message": "Talte til 4."}
    assert job.attempts == 1 and job.finished_at is not None
    assert CALLS == [{"task": "count", "n": 4}]
    # Running the queue again does nothing: the job is not run twice.
    assert jobs.run_pending() == 0
    assert len(CALLS) == 1


@pytest.mark.django_db
def test_the_same_work_asked_for_twice_while_queued_is_one_job(registered):
    first = jobs.enqueue("test.count", n=2)
    again = jobs.enqueue("test.count", n=2)
    other = jobs.enqueue("test.count", n=5)
    assert again.pk == first.pk and other.pk != first.pk
    jobs.run_pending()
    # Once done, the same request is new work.
    later = jobs.enqueue("test.count", n=2)
    assert later.pk != first.pk


@pytest.mark.django_db
def test_a_job_asked_for_in_a_transaction_that_rolls_back_does_not_exist(registered):
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue("test.count", n=1)
        raise RuntimeError("the service failed")
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_unknown_tasks_and_arguments_that_are_not_json_are_refused(registered):
    with pytest.raises(LookupError, match="Ukjent oppgave"):
        jobs.enqueue("test.nope")
    with pytest.raises(ValueError, match="JSON"):
        jobs.enqueue("test.count", n=object())
    with pytest.raises(ValueError, match="cron"):
        jobs.task("test.bad", schedule="hver morgen")


@pytest.mark.django_db
def test_a_failing_job_is_retried_with_backoff_until_it_works(registered):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=OSLO)
    with time_machine.travel(start, tick=False):
        job = jobs.enqueue("test.flaky")
        jobs.run_pending()
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED and job.is_retrying
        assert job.attempts == 1 and "forsøk 1" in job.error
        assert job.next_attempt_at == start + timedelta(seconds=60)
        assert jobs.run_pending() == 0  # not before the backoff has passed
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        jobs.run_pending()
        job.refresh_from_db()
        assert job.attempts == 2 and job.next_attempt_at == start + timedelta(seconds=181)
    with time_machine.travel(start + timedelta(seconds=200), tick=False):
        jobs.run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 3 and job.error == ""


@pytest.mark.django_db
def test_a_job_failing_every_try_ends_failed_and_admin_can_rerun_it_from_drift(
        registered, client_as):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=OSLO)
    with time_machine.travel(start, tick=False):
        job = jobs.enqueue("test.broken")
        jobs.run_pending()
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        jobs.run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 2
    assert job.error == "ConnectionError: SMTP-tjeneren svarer ikke"

    client = client_as("admin")
    page = client.get(reverse("core:operations"), {"status": "failed"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "SMTP-tjeneren svarer ikke" in html and "Kjør på nytt" in html

    response = client.post(reverse("core:operations_rerun", args=[job.pk]))
    assert response.status_code == 302
    new = Job.objects.exclude(pk=job.pk).get()
    assert new.name == "test.broken" and new.status == Job.Status.QUEUED
    assert AuditEvent.objects.filter(object_type="core.job", object_id=str(new.pk),
                                     actor__username="admin").exists()
    # A job that did not fail cannot be "run again".
    client.post(reverse("core:operations_rerun", args=[new.pk]))
    assert Job.objects.count() == 2


@pytest.mark.django_db
def test_drift_is_for_admin_only_and_uses_few_queries(registered, client_as,
                                                      django_assert_max_num_queries):
    for n in range(30):
        jobs.enqueue("test.count", n=n)
    client = client_as("admin")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("core:operations")).status_code == 200
    assert client_as("fritid1").get(reverse("core:operations")).status_code == 403


@pytest.mark.django_db
def test_a_page_polls_its_own_job_and_nobody_elses(registered, client_as, demo_org):
    job = jobs.enqueue("test.count", started_by=demo_org["users"]["fritid1"], n=2)
    client = client_as("fritid1")
    fragment = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "venter på å starte" in fragment
    jobs.run_pending()
    fragment = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment and "Talte til 2." in fragment
    assert client_as("utlan1").get(reverse("core:job_progress", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_the_schedule_queues_the_latest_period_once(registered):
    at = datetime(2026, 3, 2, 9, 30, tzinfo=OSLO)
    created = jobs.schedule_due(at)
    nightly = [j for j in created if j.name == "test.nightly"]
    assert [j.scheduled_for for j in nightly] == [datetime(2026, 3, 2, 2, 0, tzinfo=OSLO)]
    assert not [j for j in jobs.schedule_due(at + timedelta(hours=5))
                if j.name == "test.nightly"]
    next_night = jobs.schedule_due(datetime(2026, 3, 3, 2, 0, 5, tzinfo=OSLO))
    assert [j.name for j in next_night if j.name == "test.nightly"] == ["test.nightly"]


@pytest.fixture
def file_database(tmp_path):
    """For threads: on SQLite a file copy of the in-memory test database (as in
    lending's concurrency test); on PostgreSQL the test database itself."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield lambda: None
        return
    settings_dict = sqlite_file_copy(connection, tmp_path / "workers.sqlite3")
    wrapper_class = type(connections["default"])

    def use_file():
        connections["default"] = wrapper_class(settings_dict, alias="default")

    yield use_file


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_job_runs_once_per_period_however_many_workers_run(registered,
                                                                      file_database):
    """Four workers tick the schedule at the same moment, in two periods."""
    outcome: dict = {}

    def round_of_workers(moment, n=4):
        barrier = threading.Barrier(n)
        errors = []

        def one_worker(i):
            try:
                file_database()
                with time_machine.travel(moment, tick=False):
                    barrier.wait(timeout=10)
                    work(once=True, worker_id=f"worker-{i}")
            except Exception as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=one_worker, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []

    round_of_workers(datetime(2026, 3, 2, 9, 0, tzinfo=OSLO))
    round_of_workers(datetime(2026, 3, 2, 23, 0, tzinfo=OSLO))  # same period: nothing new
    round_of_workers(datetime(2026, 3, 3, 2, 1, tzinfo=OSLO))   # the next night

    def read():
        file_database()
        outcome["rows"] = list(Job.objects.filter(name="test.nightly")
                               .order_by("scheduled_for")
                               .values_list("scheduled_for", "status"))
        outcome["beats"] = sorted(jobs.registered_tasks() and
                                  __import__("levekar.core.models", fromlist=["x"])
                                  .WorkerHeartbeat.objects.values_list("worker_id", flat=True))
        connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert [status for _slot, status in outcome["rows"]] == ["done", "done"]
    assert [slot.astimezone(OSLO).day for slot, _s in outcome["rows"]] == [2, 3]
    assert CALLS.count({"task": "nightly"}) == 2
    assert outcome["beats"] == [f"worker-{i}" for i in range(4)]


@pytest.mark.django_db
def test_pruning_old_jobs_removes_the_files_they_made_and_keeps_the_rest(
        registered, settings, tmp_path):
    from levekar.core.tasks import JOB_HISTORY_DAYS, prune_jobs

    settings.MEDIA_ROOT = tmp_path / "media"
    old, recent = (jobs.enqueue("test.count", dedupe=False, n=n) for n in (1, 2))
    for job in (old, recent):
        jobs.write_job_files("rapporter/test", job.pk, {"pdf": ("rapport.pdf", b"%PDF")})
    Job.objects.filter(pk__in=[old.pk, recent.pk]).update(status=Job.Status.DONE)
    Job.objects.filter(pk=old.pk).update(
        created_at=datetime.now(OSLO) - timedelta(days=JOB_HISTORY_DAYS + 1))
    stray = tmp_path / "media" / "rapporter" / "test" / "notes"
    stray.mkdir()

    result = prune_jobs()

    assert result["deleted"] == 1 and result["folders"] == 1
    assert not jobs.job_folder("rapporter/test", old.pk).exists()
    assert (jobs.job_folder("rapporter/test", recent.pk) / "rapport.pdf").read_bytes() == b"%PDF"
    assert stray.is_dir()  # not a job's folder: left alone


def test_job_files_go_under_the_folder_the_pruning_looks_in(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(ValueError, match="rapporter/"):
        jobs.write_job_files("brev", 1, {"pdf": ("a.pdf", b"x")})
