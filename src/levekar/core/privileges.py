"""Every change of a user's roles, unit, activity or password is recorded, wherever it
is made: Django's admin, a service, ``manage.py changepassword``, the shell.

Model signals see every save and every change of the ``groups`` relation, so no path
can forget to call a service. Each change writes one ``PrivilegeChange`` row and one
audit event (action "update" on ``core.user``). Who made the change comes from
``acting_as`` (set per request by ``PrivilegeActorMiddleware`` and by the CLI); when no
one is set, the change is recorded as made by "system".
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from levekar.core.audit import AuditKind, audit_record, client_ip
from levekar.core.models import PrivilegeChange, User

Kind = PrivilegeChange.Kind
SYSTEM = "system"


@dataclass(frozen=True)
class _Actor:
    user: object = None
    username: str = SYSTEM
    ip: str | None = None
    path: str = ""
    request: object = None

    def resolved(self) -> "_Actor":
        """The request's logged-in user as the actor (or "system" when no one is)."""
        if self.request is None:
            return self
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return _Actor()
        return _Actor(user=user, username=user.get_username(), ip=client_ip(self.request),
                      path=self.request.path)


_actor: contextvars.ContextVar[_Actor | None] = contextvars.ContextVar("privilege_actor",
                                                                      default=None)


@contextlib.contextmanager
def acting_as(user=None, *, username: str = "", ip: str | None = None, path: str = ""):
    """Changes made inside the block are recorded as made by ``user`` (or ``username``)."""
    name = user.get_username() if getattr(user, "is_authenticated", False) else username
    token = _actor.set(_Actor(user=user if getattr(user, "is_authenticated", False) else None,
                              username=name or SYSTEM, ip=ip, path=path))
    try:
        yield
    finally:
        _actor.reset(token)


class PrivilegeActorMiddleware:
    """Changes made while answering a request are made by the logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The user is looked up only when a change is recorded: touching request.user
        # here would query the database on every request (and fail before the 503 page
        # when it is down).
        token = _actor.set(_Actor(request=request))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)


_TRACKED = {"org_unit_id": Kind.UNIT, "is_active": Kind.ACTIVE, "is_staff": Kind.STAFF,
            "is_superuser": Kind.SUPERUSER}
_TEXTS = {
    Kind.CREATED: "konto opprettet",
    Kind.ROLE_ADDED: "rolle lagt til: {new}",
    Kind.ROLE_REMOVED: "rolle fjernet: {old}",
    Kind.UNIT: "enhet endret: {old} → {new}",
    Kind.ACTIVE: "aktiv endret: {old} → {new}",
    Kind.STAFF: "tilgang til administrasjonen endret: {old} → {new}",
    Kind.SUPERUSER: "superbruker endret: {old} → {new}",
    Kind.PASSWORD: "passord endret",
}


def _label(kind: str, value: str) -> str:
    if kind == Kind.UNIT:
        from levekar.core.models import OrgUnit

        unit = OrgUnit.objects.filter(pk=value).first() if value else None
        return unit.name if unit else "ingen"
    if value in ("True", "False"):
        return "ja" if value == "True" else "nei"
    return value


def record(user: User, kind: str, *, old: str = "", new: str = "") -> PrivilegeChange:
    actor = (_actor.get() or _Actor()).resolved()
    change = PrivilegeChange.objects.create(
        user=user, actor=actor.user, actor_username=actor.username[:150], kind=kind,
        old_value=old[:150], new_value=new[:150])
    purpose = f"tilgang endret for {user.get_username()}: " + _TEXTS[kind].format(
        old=_label(kind, old), new=_label(kind, new))
    audit_record(actor=actor.user, actor_username=actor.username,
                 kind=AuditKind.ACCOUNT_ACCESS_CHANGE, obj=user, detail=purpose, ip=actor.ip,
                 path=actor.path)
    return change


@receiver(pre_save, sender=User)
def _remember_before(sender, instance: User, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    instance._privileges_before = None
    watched = {"org_unit", "is_active", "is_staff", "is_superuser", "password"}
    if instance.pk is None or (update_fields is not None and not watched & set(update_fields)):
        return
    instance._privileges_before = (
        User.objects.filter(pk=instance.pk).values(*_TRACKED, "password").first())


@receiver(post_save, sender=User)
def _record_changes(sender, instance: User, created: bool, raw=False, **kwargs):
    if raw:
        return
    if created:
        record(instance, Kind.CREATED, new=str(instance.org_unit_id or ""))
        return
    before = getattr(instance, "_privileges_before", None)
    instance._privileges_before = None
    if before is None:
        return
    for field, kind in _TRACKED.items():
        old, new = before[field], getattr(instance, field)
        if old != new:
            record(instance, kind, old="" if old is None else str(old),
                   new="" if new is None else str(new))
    if before["password"] != instance.password:
        record(instance, Kind.PASSWORD)


@receiver(m2m_changed, sender=User.groups.through)
def _record_roles(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    """``user.groups.add(...)`` and ``group.user_set.add(...)`` alike."""
    if action == "pre_clear":
        # What a clear removes must be read before it happens.
        if reverse:
            instance._privileges_cleared = [(u, instance.name) for u in instance.user_set.all()]
        else:
            instance._privileges_cleared = [(instance, g.name) for g in instance.groups.all()]
        return
    if action == "post_clear":
        for user, role in getattr(instance, "_privileges_cleared", []):
            record(user, Kind.ROLE_REMOVED, old=role)
        return
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    kind = Kind.ROLE_ADDED if action == "post_add" else Kind.ROLE_REMOVED
    if reverse:
        pairs = [(u, instance.name) for u in User.objects.filter(pk__in=pk_set)]
    else:
        pairs = [(instance, g.name) for g in Group.objects.filter(pk__in=pk_set)]
    for user, role in pairs:
        record(user, kind, old=role if kind == Kind.ROLE_REMOVED else "",
               new=role if kind == Kind.ROLE_ADDED else "")
