"""Outgoing SMS and e-mail: queued with the work that decided them, sent after the commit
by a job, through a real SMTP server (aiosmtpd) and a real HTTP SMS gateway (a local
receiver), with the delivery recorded per message and retried until the last try."""

import email
import json
import os
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from levekar.core import jobs, messaging
from levekar.core.models import Job, OutboundMessage

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[4]


class _Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                              "data": envelope.content, "login": session.authenticated})
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"levekar" and auth_data.password == b"hemmelig-passord"
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server(settings):
    handler = _Collect()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port,
                            authenticator=_authenticator, auth_require_tls=False)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "levekar", "hemmelig-passord"
    settings.DEFAULT_FROM_EMAIL = "fritid@lillestrom.kommune.example"
    yield handler
    controller.stop()


class Gateway:
    """A local HTTP SMS gateway: records requests, answers with the statuses given."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[int] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                gateway.requests.append({"path": self.path, "headers": dict(self.headers),
                                         "body": json.loads(self.rfile.read(length))})
                status = gateway.answers.pop(0) if gateway.answers else 202
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                answer = {"messageId": f"gw-{len(gateway.requests)}"} if status < 300 else \
                    {"error": "tjenesten er midlertidig utilgjengelig"}
                self.wfile.write(json.dumps(answer).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    gw = Gateway()
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.HttpSmsGateway"
    settings.LEVEKAR_SMS_URL = gw.url
    settings.LEVEKAR_SMS_TOKEN = "token-123"
    settings.LEVEKAR_SMS_SENDER = "Lillestrom"
    settings.LEVEKAR_SMS_PAYLOAD = ('{"recipients": [{"msisdn": "{to}"}], "content": '
                                    '{"text": "{text}", "sender": "{sender}"}, '
                                    '"ref": "{reference}"}')
    yield gw
    gw.close()


def test_an_email_goes_through_smtp_with_login_and_its_pdf_after_the_commit(smtp_server):
    with transaction.atomic():
        message = messaging.queue_email(
            to="amina@example.org", subject="Fritidskortet ditt", body="Hei! Her er kortet.",
            reference="passes.letter:household=7",
            attachment=("fritidskort.pdf", b"%PDF-1.7 test", "application/pdf"))
        # Inside the transaction nothing has left, and a send job waits in the queue.
        assert smtp_server.messages == []
        assert Job.objects.filter(name="core.send_messages", status="queued").count() == 1
    jobs.run_pending()
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1 and message.sent_at
    [received] = smtp_server.messages
    assert received["to"] == ["amina@example.org"]
    assert received["from"] == "fritid@lillestrom.kommune.example"
    assert received["login"] is True
    parsed = email.message_from_bytes(received["data"])
    assert parsed["Subject"] == "Fritidskortet ditt"
    parts = {p.get_filename(): p.get_payload(decode=True) for p in parsed.walk()
             if p.get_filename()}
    assert parts == {"fritidskort.pdf": b"%PDF-1.7 test"}


def test_a_message_of_a_rolled_back_transaction_is_never_sent(smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        messaging.queue_email(to="a@example.org", subject="x", body="y")
        raise RuntimeError("the work failed")
    assert not OutboundMessage.objects.exists() and not Job.objects.exists()
    jobs.run_pending()
    assert smtp_server.messages == []


def test_an_sms_goes_to_the_http_gateway_in_the_configured_shape(gateway):
    text = 'Hei "Ola"! Skiene er klare.\nHilsen utstyrsbanken'
    message = messaging.queue_sms(to="+4791234567", text=text, reference="lending.x")
    jobs.run_pending()
    [request] = gateway.requests
    assert request["path"] == "/api/sms"
    assert request["headers"]["Authorization"] == "Bearer token-123"
    assert request["body"] == {"recipients": [{"msisdn": "+4791234567"}],
                               "content": {"text": text, "sender": "Lillestrom"},
                               "ref": f"levekar-{message.pk}"}
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("sent", "gw-1")


def test_a_failed_send_is_retried_and_ends_failed_after_the_last_try_visible_on_drift(
        gateway, settings, client_as):
    settings.LEVEKAR_MESSAGE_MAX_ATTEMPTS = 3
    gateway.answers = [503, 503, 503]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        message = messaging.queue_sms(to="+4791234567", text="Påminnelse", reference="r")
        jobs.run_pending()
        message.refresh_from_db()
        assert message.status == "retrying" and message.attempts == 1
        assert message.last_error.startswith("SmsError: SMS-tjenesten svarte 503")
        assert message.sent_at is None
    # Backoff 1 minute, then 2: the job woken for the retry sends again.
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        jobs.run_pending()
    message.refresh_from_db()
    assert message.status == "retrying" and message.attempts == 2
    with time_machine.travel(start + timedelta(seconds=61 + 121), tick=False):
        jobs.run_pending()
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 3 and message.sent_at is None
    assert len(gateway.requests) == 3

    page = client_as("admin").get(reverse("core:operations")).content.decode()
    assert "Feilet: 1" in page and "SMS-tjenesten svarte 503" in page
    assert "+4791234567" not in page and "+47…67" in page


def test_a_gateway_that_recovers_gets_the_message_once(gateway):
    gateway.answers = [500]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        message = messaging.queue_sms(to="+4790000000", text="Hei", reference="r")
        jobs.run_pending()
    with time_machine.travel(start + timedelta(seconds=90), tick=False):
        jobs.run_pending()
        jobs.run_pending()
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    assert len(gateway.requests) == 2  # one failed, one accepted; never a third


def test_smtp_and_the_sms_gateway_are_configured_from_the_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LEVEKAR_"))}
    env.update(LEVEKAR_SMTP_HOST="smtp.kommune.example", LEVEKAR_SMTP_PORT="465",
               LEVEKAR_SMTP_USER="levekar", LEVEKAR_SMTP_PASSWORD="pw",
               LEVEKAR_FROM_EMAIL="ikke-svar@kommune.example",
               LEVEKAR_SMS_URL="https://sms.example/send", LEVEKAR_SMS_USER="u")
    code = ("from django.conf import settings as s; print(s.EMAIL_HOST, s.EMAIL_PORT, "
            "s.EMAIL_USE_SSL, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER, s.DEFAULT_FROM_EMAIL, "
            "s.LEVEKAR_SMS_URL, s.LEVEKAR_SMS_USER)")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == (
        "smtp.kommune.example 465 True False levekar ikke-svar@kommune.example "
        "https://sms.example/send u")
