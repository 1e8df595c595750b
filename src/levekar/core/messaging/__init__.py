"""Outgoing SMS and e-mail to residents (docs/deploy.md, "Messages").

Callers queue a message inside the transaction that decided it::

    from levekar.core import messaging
    messaging.queue_sms(to="+4791234567", text="…", reference="lending.reminder:…")
    messaging.queue_email(to="a@b.no", subject="…", body="…",
                          attachment=("brev.pdf", pdf_bytes, "application/pdf"))

The message is an ``OutboundMessage`` row; the job ``core.send_messages`` (queued in the
same transaction, so it runs only after the commit) hands it to the SMTP server or the
SMS gateway, records the outcome per message (``sent`` only when accepted), and retries
a failure with backoff until ``LEVEKAR_MESSAGE_MAX_ATTEMPTS``, then marks it ``failed``.
"""

from levekar.core.messaging.backends import (
    ConsoleSms,
    HttpSmsGateway,
    MemorySms,
    SmsError,
    memory_outbox,
    send_sms,
    sms_backend,
)
from levekar.core.messaging.outbox import queue, queue_email, queue_sms, send_due

__all__ = [
    "ConsoleSms",
    "HttpSmsGateway",
    "MemorySms",
    "SmsError",
    "memory_outbox",
    "queue",
    "queue_email",
    "queue_sms",
    "send_due",
    "send_sms",
    "sms_backend",
]
