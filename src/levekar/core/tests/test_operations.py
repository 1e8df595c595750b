"""Operations: backup → restore gives the same rows; /healthz notices a read-only
database, a full disk and a dead worker."""

import pytest
from django.db import connection
from django.utils import timezone

from levekar.core import backup
from levekar.core.jobs.runner import heartbeat
from levekar.core.models import Municipality, OrgUnit, User


def _snapshot():
    return {
        "municipalities": sorted(Municipality.objects.values_list("code", "name")),
        "units": sorted(OrgUnit.objects.values_list("name", "kind")),
        "users": sorted(User.objects.values_list("username", "email", "password")),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_the_same_rows(demo_org, tmp_path, settings):
    settings.LEVEKAR_BACKUP_DIR = tmp_path / "backups"
    before = _snapshot()
    assert before["users"]
    path = backup.backup()
    assert path.exists() and path.parent == tmp_path / "backups"

    # Life goes on after the backup: a new unit, a changed name, a deleted user.
    OrgUnit.objects.create(name="Ny enhet etter kopien", kind=OrgUnit.Kind.OTHER,
                           municipality=demo_org["municipality"])
    Municipality.objects.filter(code="3205").update(name="Endret navn")
    User.objects.filter(username="nav1").delete()
    assert _snapshot() != before

    backup.restore(source=path)
    connection.close()  # a fresh connection reads the restored database
    assert _snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_old_backups_beyond_the_number_to_keep_are_removed(db, tmp_path, settings):
    settings.LEVEKAR_BACKUP_DIR = tmp_path
    settings.LEVEKAR_BACKUP_KEEP = 2
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    for n in range(3):
        old = tmp_path / f"levekar-2020010{n}-000000.{suffix}"
        old.write_bytes(b"x")
    backup.backup()
    assert len(list(tmp_path.glob(f"levekar-*.{suffix}"))) == 2


def test_restoring_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite check of the file; pg_restore checks its own")
    bad = tmp_path / "feil.sqlite3"
    bad.write_text("ikke en database")
    with pytest.raises(backup.BackupError, match="er ikke en sikkerhetskopi"):
        backup.restore(source=bad)


@pytest.mark.django_db
def test_healthz_is_ok_with_a_writable_database_room_on_disk_and_a_live_worker(client):
    heartbeat("worker-a")
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["database"], body["disk"], body["worker"]) == \
        ("ok", "ok", "ok", "ok")
    assert body["worker_heartbeat_age_s"] < 60


@pytest.mark.django_db(transaction=True)
def test_healthz_gives_503_on_a_read_only_database(client):
    heartbeat("worker-a")
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON" if connection.vendor == "sqlite"
                       else "SET default_transaction_read_only = on")
    try:
        response = client.get("/healthz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF" if connection.vendor == "sqlite"
                           else "SET default_transaction_read_only = off")
    assert response.status_code == 503
    assert response.json()["database"] == "read-only"


@pytest.mark.django_db
def test_healthz_gives_503_when_the_disk_is_nearly_full(client, settings):
    heartbeat("worker-a")
    settings.LEVEKAR_MIN_FREE_DISK_MB = 10**9  # more than any disk has free
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["disk"] == "full"


@pytest.mark.django_db
def test_healthz_gives_503_when_the_worker_has_not_beaten_lately(client, settings):
    assert client.get("/healthz").json()["worker"] == "missing"
    heartbeat("worker-a")
    from levekar.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timezone.timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["worker"] == "stale"
    settings.LEVEKAR_HEALTH_REQUIRE_WORKER = False
    assert client.get("/healthz").status_code == 200
