"""Levekår as a municipality runs it: ``levekar serve`` in production mode on SQLite.

The server starts from nothing but the checkout (a new, empty var folder and static
folder: migrations and collectstatic happen at start), serves pages, hashed static files
and its own error pages, and refuses to start when messages would go nowhere.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LEVEKAR = [sys.executable, "-m", "levekar.cli.main"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "LEVEKAR_", "DATABASE_URL"))}
    env.update(
        LEVEKAR_ENV="production",
        LEVEKAR_SECRET_KEY="p" * 40 + "-Zq8!xW3vB7nM1kL0",
        LEVEKAR_ALLOWED_HOSTS="127.0.0.1,levekar.kommune.example",
        LEVEKAR_VAR_DIR=str(tmp_path / "var"),
        LEVEKAR_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'levekar.sqlite3'}",
        LEVEKAR_SMTP_HOST="127.0.0.1", LEVEKAR_SMTP_PORT="2525",
        LEVEKAR_SMS_URL="http://127.0.0.1:9/sms",
        LEVEKAR_WEB_WORKERS="2",
    )
    env.update(extra)
    return env


def get(url: str):
    """GET as the reverse proxy would forward it (HTTPS terminated in front)."""
    request = urllib.request.Request(url, headers={  # noqa: S310 (http://127.0.0.1 only)
        "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture
def production_server(tmp_path):
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115
    proc = subprocess.Popen([*LEVEKAR, "serve", "--port", str(port)], cwd=REPO,
                            env=production_env(tmp_path), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            pytest.fail(f"levekar serve stoppet: {log.read()}")
        try:
            if get(f"{base}/healthz")[0] in (200, 503):
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        log.seek(0)
        pytest.fail(f"levekar serve startet ikke innen 240 s: {log.read()[-4000:]}")
    yield base, tmp_path
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()


def test_the_production_server_serves_pages_static_files_and_its_own_error_pages(
        production_server):
    base, tmp_path = production_server
    status, headers, body = get(f"{base}/logg-inn/")
    html = body.decode()
    assert status == 200 and "Logg inn" in html
    assert headers["X-Request-ID"]
    assert "Strict-Transport-Security" in headers
    # Static files are collected with hashed names and served (compressed) by WhiteNoise.
    css = re.findall(r'/static/[^"]+\.[0-9a-f]{12}\.css', html)
    assert css, html[:500]
    status, headers, body = get(base + css[0])
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert headers.get("Content-Encoding") == "gzip"
    assert "max-age=315360000" in headers.get("Cache-Control", "")
    assert (tmp_path / "static" / "staticfiles.json").exists()
    # The product's own Norwegian 404, never Django's debug page.
    status, _h, body = get(f"{base}/finnes-ikke/")
    assert status == 404
    assert "Fant ikke siden" in body.decode() and "URLconf" not in body.decode()
    # A staff page asks for a login.
    request = urllib.request.Request(f"{base}/drift/",  # noqa: S310
                                     headers={"X-Forwarded-Proto": "https"})
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=20)
    assert redirect.value.code == 302 and "/logg-inn/" in redirect.value.headers["Location"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_production_start_with_a_console_message_backend_is_refused(tmp_path):
    env = production_env(
        tmp_path, LEVEKAR_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        LEVEKAR_SMS_BACKEND="levekar.core.messaging.ConsoleSms")
    result = subprocess.run([*LEVEKAR, "serve", "--port", str(_free_port())], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Levekår starter ikke" in result.stderr
    assert "E-post sendes med django.core.mail.backends.console.EmailBackend" in result.stderr
    assert not (tmp_path / "static" / "staticfiles.json").exists()

    check = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=REPO,
                           env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode != 0
    assert "levekar.E001" in check.stderr and "levekar.E003" in check.stderr

    worker = subprocess.run([*LEVEKAR, "worker", "--once"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert worker.returncode != 0 and "Levekår starter ikke" in worker.stderr


def test_production_without_an_smtp_host_or_sms_gateway_is_refused(tmp_path):
    env = production_env(tmp_path)
    del env["LEVEKAR_SMTP_HOST"], env["LEVEKAR_SMS_URL"]
    check = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=REPO,
                           env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode != 0
    assert "levekar.E002" in check.stderr and "levekar.E004" in check.stderr
