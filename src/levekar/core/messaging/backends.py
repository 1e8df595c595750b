"""Where an SMS goes: the console (development), memory (tests), or an HTTP gateway.

Every backend has ``send(to, text, reference="") -> str`` returning the provider's id
for the message (or ""), and raises on failure — never returns as if sent.
"""

import base64
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The gateway did not accept the message."""


class ConsoleSms:
    def send(self, to: str, text: str, reference: str = "") -> str:
        sys.stdout.write(f"SMS til {to}: {text}\n")
        return ""


@dataclass
class MemorySms:
    """Keeps messages in memory; for tests and previews."""

    outbox: list[tuple[str, str]] = field(default_factory=list)

    def send(self, to: str, text: str, reference: str = "") -> str:
        self.outbox.append((to, text))
        return f"memory-{len(self.outbox)}"


_memory = MemorySms()


class HttpSmsGateway:
    """A provider-neutral HTTP SMS gateway: POST a JSON body to ``LEVEKAR_SMS_URL``.

    The body is ``LEVEKAR_SMS_PAYLOAD``, a JSON template whose string values may hold
    ``{to}``, ``{text}``, ``{sender}`` and ``{reference}`` (filled after parsing, so the
    text cannot break the JSON). Credentials: ``LEVEKAR_SMS_TOKEN`` as a bearer token,
    or ``LEVEKAR_SMS_USER``/``LEVEKAR_SMS_PASSWORD`` as basic auth. Any 2xx answer is
    accepted; the provider's id is read from ``id``, ``messageId`` or ``message_id``.
    """

    def __init__(self) -> None:
        self.url = settings.LEVEKAR_SMS_URL
        if not self.url.startswith(("http://", "https://")):
            raise SmsError("LEVEKAR_SMS_URL må begynne med http:// eller https://.")
        try:
            self.template = json.loads(settings.LEVEKAR_SMS_PAYLOAD)
        except ValueError as exc:
            raise SmsError(f"LEVEKAR_SMS_PAYLOAD er ikke gyldig JSON: {exc}") from exc

    def _fill(self, value, fields: dict[str, str]):
        if isinstance(value, str):
            for key, replacement in fields.items():
                value = value.replace("{" + key + "}", replacement)
            return value
        if isinstance(value, dict):
            return {k: self._fill(v, fields) for k, v in value.items()}
        if isinstance(value, list):
            return [self._fill(v, fields) for v in value]
        return value

    def send(self, to: str, text: str, reference: str = "") -> str:
        body = self._fill(self.template, {"to": to, "text": text, "reference": reference,
                                          "sender": settings.LEVEKAR_SMS_SENDER})
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if settings.LEVEKAR_SMS_TOKEN:
            headers["Authorization"] = f"Bearer {settings.LEVEKAR_SMS_TOKEN}"
        elif settings.LEVEKAR_SMS_USER:
            pair = f"{settings.LEVEKAR_SMS_USER}:{settings.LEVEKAR_SMS_PASSWORD}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        request = urllib.request.Request(self.url, data=json.dumps(body).encode(),  # noqa: S310
                                         headers=headers, method="POST")
        try:
            with urllib.request.urlopen(  # noqa: S310 (scheme checked in __init__)
                    request, timeout=settings.LEVEKAR_SMS_TIMEOUT) as response:
                answer = response.read(10_000)
        except urllib.error.HTTPError as err:
            detail = err.read(300).decode(errors="replace")
            raise SmsError(f"SMS-tjenesten svarte {err.code}: {detail}") from err
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise SmsError(f"SMS-tjenesten kunne ikke nås: {err}") from err
        try:
            data = json.loads(answer or b"{}")
        except ValueError:
            return ""
        if isinstance(data, dict):
            for key in ("id", "messageId", "message_id"):
                if data.get(key):
                    return str(data[key])[:200]
        return ""


def sms_backend():
    name = settings.LEVEKAR_SMS_BACKEND
    if name == "levekar.core.messaging.MemorySms":
        return _memory
    return import_string(name)()


def memory_outbox() -> list[tuple[str, str]]:
    return _memory.outbox


def send_sms(*, to: str, text: str, reference: str = "") -> str:
    """Send one SMS now (the outbox job calls this; pages and services queue instead)."""
    return sms_backend().send(to, text, reference)
