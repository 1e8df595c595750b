"""The one way to record reads and changes of personal data, and refused access.

Views call ``audit_request(request, ...)``; services that run outside a request (CLI,
batch jobs) call ``audit_record(actor=..., ...)``. A single call writes exactly one
``AuditEvent`` (plus one ``AuditSubject`` row per person concerned, in one bulk insert).
"""

from collections.abc import Iterable

from django.db import connection, models

from levekar.core.models import AuditEvent, AuditSubject

Action = AuditEvent.Action


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def client_ip(request) -> str | None:
    """The client's address: ``X-Forwarded-For`` counts only from a trusted proxy
    (``LEVEKAR_TRUSTED_PROXIES``). django-axes uses this too (``AXES_CLIENT_IP_CALLABLE``)."""
    from django.conf import settings

    from levekar.core.lib import client_ip as lib

    return lib.client_ip(request.META.get("REMOTE_ADDR"),
                         request.META.get("HTTP_X_FORWARDED_FOR"),
                         lib.parse_networks(settings.LEVEKAR_TRUSTED_PROXIES))


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    persons: Iterable[int] = (),
    purpose: str = "",
    ip: str | None = None,
    path: str = "",
    actor_username: str = "",
) -> AuditEvent:
    """Write one audit event. ``persons`` are ``people.Person`` primary keys."""
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent.objects.create(
        actor=user,
        actor_username=(user.get_username() if user else actor_username)[:150],
        action=str(action),
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        purpose=purpose[:500],
        ip=ip,
        path=path[:500],
    )
    person_ids = sorted({int(p) for p in persons if p is not None})
    if person_ids:
        # A plain multi-row INSERT: an import's one event can concern 300 000 persons,
        # and building a model instance per row took most of the import's time.
        qn = connection.ops.quote_name
        meta = AuditSubject._meta
        sql = (f"INSERT INTO {qn(meta.db_table)} ({qn(meta.get_field('event').column)}, "  # noqa: S608 (names from the model)
               f"{qn(meta.get_field('person_id').column)}) VALUES (%s, %s)")
        with connection.cursor() as cursor:
            for start in range(0, len(person_ids), 5000):
                cursor.executemany(sql, [(event.pk, pid)
                                         for pid in person_ids[start:start + 5000]])
    return event


def audit_request(
    request,
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    persons: Iterable[int] = (),
    purpose: str = "",
) -> AuditEvent:
    """Write one audit event for the current request's user, IP and path."""
    return audit_record(
        actor=request.user,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        persons=persons,
        purpose=purpose,
        ip=client_ip(request),
        path=request.get_full_path(),
    )
