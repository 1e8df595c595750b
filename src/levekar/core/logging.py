"""Structured logs: JSON lines with the request id, the user id and timing.

``RequestIdMiddleware`` (first in the chain) gives each request an id (the proxy's
``X-Request-ID`` when it looks like one, else a new one), returns it in the response,
and logs one line per request: method, path (never the query string, which can hold a
search for a name or a national id), status, duration (wall clock, and the CPU time the
request's thread spent: on a busy machine the first grows and the second does not) and the
user's id — never a name or other personal data. ``ContextFilter`` adds the request id
and user id to every log record written while the request runs, so an error can be tied
to its request.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.utils.functional import empty

_request: contextvars.ContextVar = contextvars.ContextVar("levekar_request", default=None)
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
log = logging.getLogger("levekar.request")

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def _user_id(request) -> int | None:
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty:  # not loaded yet: do not query the database from a log call
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = _request.get()
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", "-") if request else "-"
        if not hasattr(record, "user_id"):
            record.user_id = _user_id(request) if request else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line; extra fields given with ``extra={...}`` are kept."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = _request.set(request)
        started, started_cpu = time.perf_counter(), time.thread_time()
        try:
            response = self.get_response(request)
            duration_ms = round(1000 * (time.perf_counter() - started), 1)
            cpu_ms = round(1000 * (time.thread_time() - started_cpu), 1)
            response["X-Request-ID"] = request.request_id
            level = logging.DEBUG if request.path.startswith("/static/") else logging.INFO
            log.log(level, "request", extra={
                "method": request.method, "path": request.path,
                "status": response.status_code, "duration_ms": duration_ms, "cpu_ms": cpu_ms,
                "request_id": request.request_id, "user_id": _user_id(request),
            })
            return response
        finally:
            _request.reset(token)
