"""The one way to record reads and changes of personal data, and refused access.

Views call ``audit_request(request, ...)``; services that run outside a request (CLI,
batch jobs) call ``audit_record(actor=..., ...)``. A single call writes exactly one
``AuditEvent`` (plus one ``AuditSubject`` row per person concerned, in one bulk insert).

``kind=`` (``core.audit_kinds.AuditKind``) says what happened and implies the action;
``changes=`` (from ``audit_snapshot`` / ``audit_changes``) the old and new values;
``purpose=`` why (an ``AuditPurpose``: a declared code, never free text), ``via=`` how
access to a case was given (``AccessVia``) and ``detail=`` the facts that vary. Calls
with only ``action=`` still work and write a row with a blank kind, told from its
action. ``audit_text`` tells any row as one sentence; ``audit_why`` its why, in words
from the purpose's label (or, on a row older than the declared purposes, its text).
"""

import datetime as dt
import json
from collections.abc import Iterable

from django.apps import apps
from django.db import connection, models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from levekar.core.audit_kinds import ACTION_OF, AccessVia, AuditKind, AuditPurpose

__all__ = ["AccessVia", "Action", "AuditKind", "AuditPurpose", "Kind", "Purpose", "Via",
           "action_label", "audit_changes", "audit_record", "audit_request", "audit_snapshot",
           "audit_text", "audit_what", "audit_who", "audit_why", "client_ip"]
from levekar.core.models import AuditEvent, AuditSubject

Action = AuditEvent.Action
Kind = AuditKind
Purpose = AuditPurpose
Via = AccessVia
# ``TextChoices.values`` builds a new list at every use; these are asked on every audit
# row written and on every innsynslogg line told.
_PURPOSES = frozenset(AuditPurpose.values)
_VIAS = frozenset(AccessVia.values)

# Values are kept only for fields whose values are codes, dates, numbers or yes/no; a
# free-text field (a note, a name, a description) is named without its values, so the
# append-only log never keeps personal free text that a purge scrubs from the row.
_VALUE_FIELDS = (models.BooleanField, models.DateField, models.IntegerField,
                 models.DecimalField, models.FloatField, models.DurationField)


def _value_kept(field) -> bool:
    return bool(getattr(field, "choices", None)) or isinstance(field, _VALUE_FIELDS)


def _jsonable(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    """The values of ``fields`` of ``obj`` now, to compare with after a change."""
    return {name: getattr(obj, obj._meta.get_field(name).attname) for name in fields}


def audit_changes(obj: models.Model, before: dict) -> list[dict]:
    """The fields of ``before`` (an ``audit_snapshot``) whose value on ``obj`` differs,
    as ``[{"field", "old", "new"}]``; free-text fields as ``{"field"}`` alone."""
    out = []
    for name, old in before.items():
        field = obj._meta.get_field(name)
        new = getattr(obj, field.attname)
        if old == new:
            continue
        if _value_kept(field):
            out.append({"field": name, "old": _jsonable(old), "new": _jsonable(new)})
        else:
            out.append({"field": name})
    return out


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
    action: str = "",
    kind: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    persons: Iterable[int] = (),
    purpose: str = "",
    detail: str = "",
    via: str = "",
    ip: str | None = None,
    path: str = "",
    actor_username: str = "",
    changes: list[dict] | None = None,
) -> AuditEvent:
    """Write one audit event. ``persons`` are ``people.Person`` primary keys; ``kind`` an
    ``AuditKind`` (then ``action`` may be left out); ``changes`` from ``audit_changes``;
    ``purpose`` an ``AuditPurpose``, ``via`` an ``AccessVia``, ``detail`` free text."""
    if kind and kind not in ACTION_OF:
        raise ValueError(f"unknown audit kind: {kind!r}")
    if purpose not in _PURPOSES:
        raise ValueError(f"undeclared audit purpose: {purpose!r} (add it to AuditPurpose, "
                         "or pass the varying words as detail=)")
    if via not in _VIAS:
        raise ValueError(f"unknown access route: {via!r}")
    action = action or ACTION_OF.get(kind, "")
    if not action:
        raise ValueError("an audit event needs a kind or an action")
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent.objects.create(
        actor=user,
        actor_username=(user.get_username() if user else actor_username)[:150],
        action=str(action),
        kind=str(kind),
        changes=list(changes or []),
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        purpose=str(purpose),
        detail=detail[:500],
        via=str(via),
        ip=ip,
        path=path[:500],
    )
    person_ids = sorted({int(p) for p in persons if p is not None})
    if person_ids:
        # Plain multi-row INSERTs: an import's one event can concern 300 000 persons, and
        # building a model instance per row took most of the import's time. One statement
        # per batch, not one per row: in autocommit every row would be its own transaction
        # (a list page names hundreds of persons).
        qn = connection.ops.quote_name
        meta = AuditSubject._meta
        columns = (f"{qn(meta.db_table)} ({qn(meta.get_field('event').column)}, "
                   f"{qn(meta.get_field('person_id').column)})")
        if connection.vendor == "sqlite":
            # One statement with the ids as one JSON array, read by SQLite in C: an
            # import's 300 000 subjects cost a third of the time of bound parameters.
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {columns} SELECT %s, value "  # noqa: S608 (names from the model)
                               "FROM json_each(%s) ORDER BY key",
                               [event.pk, json.dumps(person_ids)])
            return event
        head = f"INSERT INTO {columns} VALUES "  # noqa: S608 (names from the model)
        size = min(5000, connection.ops.bulk_batch_size(
            [meta.get_field("event"), meta.get_field("person_id")], person_ids))
        with connection.cursor() as cursor:
            for start in range(0, len(person_ids), size):
                chunk = person_ids[start:start + size]
                cursor.execute(head + ", ".join(["(%s, %s)"] * len(chunk)),
                               [v for pid in chunk for v in (event.pk, pid)])
    return event


def audit_request(
    request,
    *,
    action: str = "",
    kind: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    persons: Iterable[int] = (),
    purpose: str = "",
    detail: str = "",
    via: str = "",
    changes: list[dict] | None = None,
) -> AuditEvent:
    """Write one audit event for the current request's user, IP and path."""
    return audit_record(
        actor=request.user,
        action=action,
        kind=kind,
        changes=changes,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        persons=persons,
        purpose=purpose,
        detail=detail,
        via=via,
        ip=client_ip(request),
        path=request.get_full_path(),
    )


# --- telling a row in words ------------------------------------------------------------

def _field_of(object_type: str, name: str):
    try:
        return apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError):
        return None


def _value_text(field, value) -> str:
    if value is None or value == "":
        return pgettext("audit", "none")
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return pgettext("audit", "yes") if value else pgettext("audit", "no")
    if isinstance(field, models.DateTimeField):
        try:
            return formats.date_format(dt.datetime.fromisoformat(value), "j. F Y H:i")
        except (TypeError, ValueError):
            return str(value)
    if isinstance(field, models.DateField):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "j. F Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _change_text(object_type: str, change: dict) -> str:
    name = change.get("field", "")
    field = _field_of(object_type, name)
    label = str(field.verbose_name) if field is not None else name
    if "old" not in change and "new" not in change:
        return _("%(field)s changed") % {"field": label}
    return _("%(field)s from «%(old)s» to «%(new)s»") % {
        "field": label, "old": _value_text(field, change.get("old")),
        "new": _value_text(field, change.get("new"))}


def action_label(action: str) -> str:
    """The translated name of an audit action ("lest"), or the code itself when unknown.
    The same as ``get_action_display`` without hashing every lazy label on each call
    (seconds over a five-year innsynslogg)."""
    try:
        return str(Action(action).label)
    except ValueError:
        return action


def audit_what(event: AuditEvent) -> str:
    """What happened, without who: the kind's words and the changes ("changed an action
    in Familiens plan: status from «Planlagt» to «Utført»"). A row older than the
    kinds is told by its action ("changed")."""
    if event.kind and event.kind in AuditKind.values:
        what = str(AuditKind(event.kind).label)
    else:
        what = action_label(event.action).lower()
    changes = [_change_text(event.object_type, c) for c in (event.changes or [])
               if isinstance(c, dict)]
    if changes:
        what = f"{what}: {', '.join(changes)}"
    return what


def audit_who(event: AuditEvent) -> str:
    """Who did it, with their service when known."""
    if event.actor_id:
        name = event.actor.display_name
        unit = event.actor.org_unit.name if event.actor.org_unit_id else ""
        return f"{name} ({unit})" if unit else name
    return event.actor_username or pgettext("audit", "the system")


def purpose_label(purpose: str) -> str:
    """A stored purpose in words: a declared ``AuditPurpose`` by its translated label; the
    free text of a row older than the declared purposes as it stands."""
    if purpose and purpose in _PURPOSES:
        return str(AuditPurpose(purpose).label)
    return purpose


def via_label(via: str) -> str:
    """How access to a case was given, in words ("as family coordinator")."""
    return str(AccessVia(via).label) if via and via in _VIAS else ""


def audit_why(event: AuditEvent, *, how: str | None = None) -> str:
    """Why, in words: the purpose's label (or an old row's text), the detail, and how
    access was given ("saw Familiens plan, as family coordinator"; ``how`` replaces the
    plain words of ``via``: the innsynslogg names the consent's giver)."""
    why = purpose_label(event.purpose)
    if event.detail:
        why = f"{why}: {event.detail}" if why else event.detail
    how = via_label(event.via) if how is None else how
    if how:
        why = f"{why}, {how}" if why else how
    return why


def audit_text(event: AuditEvent, *, purpose: str | None = None) -> str:
    """Any audit row as one plain sentence in the active language: who, what (the kind
    and the changes), and why ("Kari Hansen (Familieteamet) changed an action in
    Familiens plan: status from «Planlagt» to «Utført»."). ``purpose`` replaces the
    words of ``audit_why`` (the innsynslogg tells "(consent)" as "with consent from …")."""
    why = audit_why(event) if purpose is None else purpose
    text = f"{audit_who(event)} {audit_what(event)}"
    if why:
        text = f"{text} – {why}"
    return capfirst(text.rstrip(".")) + "."
