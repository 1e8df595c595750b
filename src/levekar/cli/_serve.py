"""``levekar serve``: gunicorn and the job worker as two child processes, one command.

Either child stopping stops the other, and the command exits with its code, so systemd
(or whoever runs it) sees the failure. SIGTERM/SIGINT stop both gracefully.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


class StartError(Exception):
    pass


def prepare(*, setup: bool) -> None:
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command

    from levekar.core.checks import refuse_unsafe_production

    try:
        refuse_unsafe_production()
    except ImproperlyConfigured as exc:
        raise StartError(str(exc)) from exc
    if setup:
        call_command("migrate", interactive=False, verbosity=0)
        collect_static()


def _static_fingerprint() -> str:
    """Names, sizes and times of every static source file: unchanged means nothing to do."""
    import hashlib

    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static() -> bool:
    """Collect the hashed, compressed static files WhiteNoise serves with DEBUG off.

    Compressing takes ~25 s on two cores, so it is skipped when no source file changed
    since the last run (a fingerprint kept beside the manifest). Returns whether it ran.
    """
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    stamp = root / ".levekar-fingerprint"
    fingerprint = _static_fingerprint()
    manifest = root / "staticfiles.json"
    if manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


def commands(*, host: str, port: int, workers: int) -> tuple[list[str], list[str]]:
    config = Path(__file__).resolve().parent.parent / "config" / "gunicorn.py"
    web = [sys.executable, "-m", "gunicorn", "-c", str(config), "--bind", f"{host}:{port}"]
    if workers:
        web += ["--workers", str(workers)]
    web.append("levekar.config.wsgi:application")
    worker = [sys.executable, "-m", "levekar.cli.main", "worker"]
    return web, worker


def run(*, host: str, port: int, workers: int, with_worker: bool, setup: bool) -> int:
    prepare(setup=setup)
    web_cmd, worker_cmd = commands(host=host, port=port, workers=workers)
    env = dict(os.environ, LEVEKAR_DEBUG="0")
    children = [subprocess.Popen(web_cmd, env=env)]  # noqa: S603 (our own argv)
    if with_worker:
        children.append(subprocess.Popen(worker_cmd, env=env))  # noqa: S603
    print(f"Levekår kjører på http://{host}:{port}/ (Ctrl+C stopper)", flush=True)

    stopping = False

    def stop(*_args):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    while not stopping:
        ended = [c for c in children if c.poll() is not None]
        if ended:
            code = ended[0].returncode or 1
            break
        time.sleep(0.5)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 40
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    return 0 if stopping else code
