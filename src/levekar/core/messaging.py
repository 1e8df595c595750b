"""Outgoing SMS through a pluggable sender (``LEVEKAR_SMS_BACKEND``).

E-mail uses Django's own pluggable backends (``EMAIL_BACKEND``). In development both
write to the console; a municipality plugs in its SMS gateway by naming a class with a
``send(to: str, text: str) -> None`` method.
"""

import logging
import sys
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class ConsoleSms:
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS til {to}: {text}\n")


@dataclass
class MemorySms:
    """Keeps messages in memory; for tests and previews."""

    outbox: list[tuple[str, str]] = field(default_factory=list)

    def send(self, to: str, text: str) -> None:
        self.outbox.append((to, text))


_memory = MemorySms()


def sms_backend():
    name = settings.LEVEKAR_SMS_BACKEND
    if name == "levekar.core.messaging.MemorySms":
        return _memory
    return import_string(name)()


def memory_outbox() -> list[tuple[str, str]]:
    return _memory.outbox


def send_sms(*, to: str, text: str) -> None:
    sms_backend().send(to, text)
