"""Reads of core data: audit log search, innsynslogg, the home municipality."""

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from levekar.core.models import AuditEvent, Job, Municipality, OutboundMessage


def audit_event_search(
    *,
    actor: str = "",
    action: str = "",
    kind: str = "",
    object_type: str = "",
    person_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor", "actor__org_unit")
    if actor:
        qs = qs.filter(actor_username__icontains=actor)
    if action:
        qs = qs.filter(action=action)
    if kind:
        qs = qs.filter(kind=kind)
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


def home_municipality():
    """The municipality this installation serves (``LEVEKAR_HOME_MUNICIPALITY``), or None."""
    return Municipality.objects.filter(code=settings.LEVEKAR_HOME_MUNICIPALITY).first()


def jobs_for_operations(*, status: str = "") -> QuerySet[Job]:
    """Jobs for the operations page, newest first, optionally of one status."""
    qs = Job.objects.select_related("started_by")
    if status:
        qs = qs.filter(status=status)
    return qs


def job_counts() -> dict[str, int]:
    from django.db.models import Count

    counts = dict.fromkeys(Job.Status.values, 0)
    for row in Job.objects.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def job_get_for_user(user, job_id: int) -> Job:
    """A job the user may follow: their own, or any for an admin; else 404."""
    from django.http import Http404

    from levekar.core.roles import Role, has_role

    job = Job.objects.filter(pk=job_id).select_related("started_by").first()
    if job is None or not (has_role(user, Role.ADMIN) or job.started_by_id == user.pk):
        raise Http404
    return job


def job_followed(user, raw_id: str, name: str, **kwargs) -> Job | None:
    """The job ``?jobb=<raw_id>`` names, if this user may follow it and it is the task
    ``name`` with these arguments; else None (a page then shows no progress)."""
    from django.http import Http404

    try:
        job = job_get_for_user(user, int(raw_id))
    except (ValueError, Http404):
        return None
    return job if _is_run_of(job, name, kwargs) else None


def _is_run_of(job: Job, name: str, kwargs: dict) -> bool:
    return job.name == name and all(job.kwargs.get(k) == v for k, v in kwargs.items())


def job_run_of(name: str, job_id: int, **kwargs) -> Job:
    """The run ``job_id`` of the task ``name`` with these arguments (a report's files are
    served only for the plan and year they were made for); else 404."""
    from django.http import Http404

    job = Job.objects.filter(pk=job_id, name=name).first()
    if job is None or not _is_run_of(job, name, kwargs):
        raise Http404
    return job


def job_last_done(name: str, **kwargs) -> Job | None:
    """The newest finished run of the task ``name`` with these (JSON) arguments."""
    filters = {f"kwargs__{key}": value for key, value in kwargs.items()}
    return (Job.objects.filter(name=name, status=Job.Status.DONE, **filters)
            .order_by("-finished_at", "-pk").first())


def jobs_last_done_by(name: str, key: str, values) -> dict:
    """The newest finished run of the task ``name`` for each of ``values`` of the argument
    ``key`` (one query): ``{value: Job}``."""
    latest: dict = {}
    runs = (Job.objects.filter(name=name, status=Job.Status.DONE,
                               **{f"kwargs__{key}__in": list(values)})
            .only("pk", "name", "kwargs", "status", "result", "finished_at")
            .order_by("-finished_at", "-pk"))
    for job in runs:
        latest.setdefault(job.kwargs.get(key), job)
    return latest


def message_counts() -> list[tuple[str, str, int]]:
    """(status, label, count) of outgoing messages, for the operations page."""
    from django.db.models import Count

    counts = dict(OutboundMessage.objects.values_list("status").annotate(n=Count("pk")))
    return [(v, label, counts.get(v, 0)) for v, label in OutboundMessage.Status.choices]


def messages_in_trouble(limit: int = 20) -> list[OutboundMessage]:
    """The newest messages that failed or wait for a new try (without their bodies)."""
    return list(OutboundMessage.objects.filter(
        status__in=[OutboundMessage.Status.FAILED, OutboundMessage.Status.RETRYING])
        .defer("body", "attachment").order_by("-created_at", "-pk")[:limit])


RECENT_ROLE_HOURS = 24


def units_at(moments: list[tuple[int, dt.datetime]]) -> dict[tuple[int, dt.datetime], int | None]:
    """The service unit (id) each user had at each moment, from the privilege changes:
    the value a later change replaced, else the unit the user has now. Two queries."""
    from levekar.core.models import PrivilegeChange, User

    user_ids = {u for u, _when in moments}
    current = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "org_unit_id"))
    changes: dict[int, list] = {}
    for user_id, at, old in (PrivilegeChange.objects.filter(
            user_id__in=user_ids, kind=PrivilegeChange.Kind.UNIT)
            .order_by("at", "id").values_list("user_id", "at", "old_value")):
        changes.setdefault(user_id, []).append((at, old))
    result = {}
    for user_id, when in moments:
        later = next((old for at, old in changes.get(user_id, []) if at > when), None)
        if later is None:
            result[(user_id, when)] = current.get(user_id)
        else:
            result[(user_id, when)] = int(later) if later else None
    return result


def role_granted_within(moments: list[tuple[int, dt.datetime]], role: str, *,
                        hours: int = RECENT_ROLE_HOURS) -> set[tuple[int, dt.datetime]]:
    """The (user, moment) pairs where the user got ``role`` in the ``hours`` before it
    (a new account with the role counts too). One query."""
    from levekar.core.models import PrivilegeChange

    user_ids = {u for u, _when in moments}
    if not user_ids:
        return set()
    grants: dict[int, list[dt.datetime]] = {}
    for user_id, at in PrivilegeChange.objects.filter(
            user_id__in=user_ids, kind=PrivilegeChange.Kind.ROLE_ADDED,
            new_value=str(role)).values_list("user_id", "at"):
        grants.setdefault(user_id, []).append(at)
    window = dt.timedelta(hours=hours)
    return {(u, when) for u, when in moments
            if any(when - window <= at <= when for at in grants.get(u, []))}


def unit_names_at(moments: list[tuple[int, dt.datetime]]) -> dict[tuple[int, dt.datetime], str]:
    """Like ``units_at``, with the unit's name ("" for none). Three queries."""
    from levekar.core.models import OrgUnit

    units = units_at(moments)
    names = dict(OrgUnit.objects.filter(pk__in={u for u in units.values() if u})
                 .values_list("pk", "name"))
    return {key: names.get(unit, "") for key, unit in units.items()}
