"""Reads of core data: audit log search, innsynslogg, units and staff."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from levekar.core.models import AuditEvent, OrgUnit, User


def audit_event_search(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    person_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor")
    if actor:
        qs = qs.filter(actor_username__icontains=actor)
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type__icontains=object_type)
    if person_id is not None:
        qs = qs.filter(subjects__person_id=person_id)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min,
                                                  tzinfo=tz))
    return qs


def person_access_log(*, person_id: int, limit: int | None = None) -> QuerySet[AuditEvent]:
    """Innsynslogg: who has read or changed this person's data, newest first.

    One query; the person is a ``people.Person`` primary key.
    """
    qs = (
        AuditEvent.objects.filter(subjects__person_id=person_id)
        .exclude(action__in=[AuditEvent.Action.LOGIN, AuditEvent.Action.LOGOUT])
        .select_related("actor", "actor__org_unit")
        .order_by("-at", "-id")
    )
    return qs[:limit] if limit else qs


def org_units_active(*, kind: str | None = None) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.filter(active=True).select_related("municipality")
    return qs.filter(kind=kind) if kind else qs


def users_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(groups__name=str(role), is_active=True).select_related("org_unit")


def home_municipality():
    """The municipality this installation serves (``LEVEKAR_HOME_MUNICIPALITY``), or None."""
    from django.conf import settings

    from levekar.core.models import Municipality

    return Municipality.objects.filter(code=settings.LEVEKAR_HOME_MUNICIPALITY).first()
