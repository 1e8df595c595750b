"""The outbox: queue messages in the caller's transaction, send them from a job."""

import contextlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.utils import timezone

from levekar.core import jobs
from levekar.core.messaging.backends import send_sms
from levekar.core.models import Job, OutboundMessage

log = logging.getLogger("levekar.messaging")
SEND_TASK = "core.send_messages"
LEASE = timedelta(minutes=10)  # a claimed message is left alone this long by other runs
RETRY_BASE_SECONDS = 60


def _kick(run_after: datetime | None = None) -> None:
    """Make sure a send job is queued (one queued at a time is enough)."""
    waiting = Job.objects.filter(name=SEND_TASK, status=Job.Status.QUEUED)
    if run_after is None:
        if waiting.filter(Q(next_attempt_at__isnull=True)).exists():
            return
    elif waiting.filter(Q(next_attempt_at__isnull=True) |
                        Q(next_attempt_at__lte=run_after)).exists():
        return
    jobs.enqueue(SEND_TASK, dedupe=False, run_after=run_after)


def queue(*, channel: str, to: str, body: str, subject: str = "", reference: str = "",
          attachment: tuple[str, bytes, str] | None = None) -> OutboundMessage:
    """Queue one message; it is sent after the current transaction commits."""
    if not to:
        raise ValueError("En melding må ha en mottaker.")
    name, content, mimetype = attachment or ("", None, "")
    message = OutboundMessage.objects.create(
        channel=channel, to=to, subject=subject[:200], body=body, reference=reference[:200],
        attachment_name=name, attachment=content, attachment_type=mimetype,
        max_attempts=settings.LEVEKAR_MESSAGE_MAX_ATTEMPTS)
    _kick()
    return message


def queue_sms(*, to: str, text: str, reference: str = "") -> OutboundMessage:
    return queue(channel=OutboundMessage.Channel.SMS, to=to, body=text, reference=reference)


def queue_email(*, to: str, subject: str, body: str, reference: str = "",
                attachment: tuple[str, bytes, str] | None = None) -> OutboundMessage:
    return queue(channel=OutboundMessage.Channel.EMAIL, to=to, subject=subject, body=body,
                 reference=reference, attachment=attachment)


def _deliver(message: OutboundMessage, connection) -> str:
    if message.channel == OutboundMessage.Channel.SMS:
        return send_sms(to=message.to, text=message.body, reference=f"levekar-{message.pk}")
    email = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL,
                         [message.to], connection=connection,
                         headers={"X-Levekar-Message": str(message.pk)})
    if message.attachment_name and message.attachment is not None:
        email.attach(message.attachment_name, bytes(message.attachment),
                     message.attachment_type or "application/octet-stream")
    sent = email.send(fail_silently=False)
    if sent != 1:
        raise RuntimeError("E-posttjeneren tok ikke imot meldingen.")
    return ""


def _due(now: datetime):
    return OutboundMessage.objects.filter(
        Q(status=OutboundMessage.Status.QUEUED) | Q(status=OutboundMessage.Status.RETRYING),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def send_due(*, now: datetime | None = None, limit: int = 5000) -> dict:
    """Send every message that is due, each once; returns counts.

    Each message is claimed with a conditional update (a lease), so two workers never
    send the same message; a crash after the claim means the message is tried again
    after the lease (at-least-once). A failure is recorded on the message and retried
    after 1, 2, 4 … minutes until its last attempt, then the message is ``failed``.
    """
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    connection = None
    done = 0
    try:
        while done < limit:
            now_ = now or timezone.now()
            batch = list(_due(now_).order_by("pk").values_list("pk", "attempts")[:200])
            if not batch:
                break
            total = done + len(batch)
            for pk, attempts in batch:
                claimed = OutboundMessage.objects.filter(pk=pk, attempts=attempts).filter(
                    Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now_)).update(
                    attempts=F("attempts") + 1, next_attempt_at=now_ + LEASE)
                done += 1
                if not claimed:
                    continue
                message = OutboundMessage.objects.get(pk=pk)
                if message.channel == OutboundMessage.Channel.EMAIL and connection is None:
                    connection = get_connection(fail_silently=False)
                try:
                    provider_id = _deliver(message, connection)
                except Exception as exc:
                    error = f"{type(exc).__name__}: {exc}"[:2000]
                    if message.attempts >= message.max_attempts:
                        status, retry_at = OutboundMessage.Status.FAILED, None
                    else:
                        status = OutboundMessage.Status.RETRYING
                        retry_at = timezone.now() + timedelta(
                            seconds=RETRY_BASE_SECONDS * 2 ** (message.attempts - 1))
                    OutboundMessage.objects.filter(pk=pk).update(
                        status=status, next_attempt_at=retry_at, last_error=error)
                    counts[status] += 1
                    log.warning("message not sent", extra={
                        "message_id": pk, "channel": message.channel, "attempt":
                        message.attempts, "final": status == OutboundMessage.Status.FAILED,
                        "error": error})
                    if connection is not None and message.channel == "email":
                        connection = None  # a broken SMTP session is opened anew
                    continue
                OutboundMessage.objects.filter(pk=pk).update(
                    status=OutboundMessage.Status.SENT, sent_at=timezone.now(),
                    provider_id=provider_id[:200], next_attempt_at=None, last_error="")
                counts["sent"] += 1
                jobs.progress(done, total, "meldinger")
            if now is not None:
                break  # a fixed clock (tests, catch-up): one pass
    finally:
        if connection is not None:
            with contextlib.suppress(Exception):  # closing a dead SMTP session
                connection.close()
    # Retries waiting: make sure a job wakes up for the earliest of them.
    nxt = (OutboundMessage.objects.filter(status=OutboundMessage.Status.RETRYING)
           .order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())
    if nxt is not None:
        _kick(run_after=nxt)
    counts["message"] = (f"{counts['sent']} sendt, {counts['retrying']} prøves igjen, "
                         f"{counts['failed']} feilet.")
    return counts
