"""The worker process (``levekar worker``): ticks the schedule, runs due jobs, beats."""

import logging
import os
import signal
import socket
import threading

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.utils.crypto import get_random_string

from levekar.core.jobs.runner import heartbeat, run_pending, schedule_due

log = logging.getLogger("levekar.jobs")


def _beat_forever(worker_id: str, stop: threading.Event, every: float) -> None:
    hostname, pid = socket.gethostname(), os.getpid()
    try:
        while not stop.is_set():
            try:
                heartbeat(worker_id, hostname=hostname, pid=pid)
            except OperationalError:
                # A busy or briefly unavailable database: try again next beat.
                log.warning("heartbeat failed", exc_info=True)
            stop.wait(every)
    finally:
        connection.close()


def work(*, interval: float = 2.0, once: bool = False, worker_id: str | None = None,
         stop: threading.Event | None = None) -> str:
    """Run until stopped (SIGTERM/SIGINT), or one round with ``once``.

    A running job is finished before the process stops. The heartbeat runs in its own
    thread so that a long job does not make the worker look dead on ``/healthz``.
    """
    worker_id = worker_id or f"{socket.gethostname()}-{os.getpid()}-{get_random_string(6)}"
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread() and not once:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    heartbeat(worker_id, hostname=socket.gethostname(), pid=os.getpid())
    beat_every = max(1.0, settings.LEVEKAR_WORKER_STALE_SECONDS / 4)
    beater = threading.Thread(target=_beat_forever, args=(worker_id, stop, beat_every),
                              daemon=True, name="levekar-heartbeat")
    if not once:
        beater.start()
    log.info("worker started", extra={"worker_id": worker_id})
    try:
        while not stop.is_set():
            close_old_connections()
            try:
                schedule_due()
                run_pending(worker_id=worker_id)
            except OperationalError:
                log.warning("database busy; trying again", exc_info=True)
            if once:
                break
            stop.wait(interval)
    finally:
        stop.set()
        log.info("worker stopped", extra={"worker_id": worker_id})
    return worker_id
