"""What ``/healthz`` checks: the database can be written, the disk has room, and the job
worker has beaten recently. Any failure answers 503, so a load balancer or monitor
notices a read-only database, a full disk or a dead worker — not only a dead server."""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from levekar.core.models import WorkerHeartbeat


def _database() -> str:
    try:
        connection.ensure_connection()
        # Write a row and roll it back: proves the database takes writes, leaves nothing.
        with transaction.atomic():
            WorkerHeartbeat.objects.create(worker_id="healthz-probe")
            transaction.set_rollback(True)
    except DatabaseError as exc:
        text = str(exc).lower()
        if "read-only" in text or "readonly" in text or "read only" in text:
            return "read-only"
        return "unavailable"
    return "ok"


def _disk() -> tuple[str, int]:
    folder = Path(settings.VAR_DIR)
    free_mb = shutil.disk_usage(folder).free // (1024 * 1024)
    return ("ok" if free_mb >= settings.LEVEKAR_MIN_FREE_DISK_MB else "full"), free_mb


def _worker() -> tuple[str, int | None]:
    try:
        beat = WorkerHeartbeat.objects.exclude(worker_id="healthz-probe") \
            .order_by("-seen_at").values_list("seen_at", flat=True).first()
    except DatabaseError:
        return "unknown", None
    if beat is None:
        return "missing", None
    age = int((timezone.now() - beat).total_seconds())
    return ("ok" if age <= settings.LEVEKAR_WORKER_STALE_SECONDS else "stale"), age


def report() -> tuple[int, dict]:
    """(HTTP status, JSON body) for ``/healthz``."""
    database = _database()
    disk, free_mb = _disk()
    worker, age = ("unknown", None) if database == "unavailable" else _worker()
    body = {"database": database, "disk": disk, "disk_free_mb": free_mb, "worker": worker,
            "worker_heartbeat_age_s": age}
    ok = database == "ok" and disk == "ok" and (
        worker == "ok" or not settings.LEVEKAR_HEALTH_REQUIRE_WORKER)
    body = {"status": "ok" if ok else "error", **body}
    return (200 if ok else 503), body
