"""Writes of core data: municipalities, service units, staff accounts."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from levekar.core.audit import Kind, audit_record
from levekar.core.errors import DomainError
from levekar.core.models import Job, Municipality, OrgUnit, User
from levekar.core.roles import Role


def roles_ensure() -> None:
    """Create one group per role (idempotent)."""
    for role in Role.values:
        Group.objects.get_or_create(name=role)


def municipality_ensure(*, code: str, name: str) -> Municipality:
    obj, _created = Municipality.objects.update_or_create(code=code, defaults={"name": name})
    return obj


def org_unit_ensure(*, municipality: Municipality, code: str, name: str, kind: str,
                    parent: OrgUnit | None = None) -> OrgUnit:
    obj, _created = OrgUnit.objects.update_or_create(
        code=code,
        defaults={"municipality": municipality, "name": name, "kind": kind, "parent": parent},
    )
    return obj


@transaction.atomic
def user_ensure(*, username: str, password: str, first_name: str = "", last_name: str = "",
                roles: tuple[str, ...] = (), org_unit: OrgUnit | None = None,
                email: str = "", title: str = "", phone: str = "", is_staff: bool = False,
                is_superuser: bool = False) -> User:
    """Create or update a staff account; the password is (re)set only on creation."""
    user, created = User.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email, user.title = first_name, last_name, email, title
    user.phone = phone
    user.org_unit = org_unit
    user.is_staff, user.is_superuser = is_staff, is_superuser
    if created:
        user.set_password(password)
    user.save()
    roles_ensure()
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    return user


@transaction.atomic
def user_sync_from_sso(*, username: str, groups: list[str], first_name: str = "",
                       last_name: str = "", email: str = "", ip: str | None = None,
                       path: str = "") -> tuple[User | None, set[str]]:
    """The staff account of a login by the municipality's SSO, with its roles and unit
    set from the provider's groups by the group map — at every login, so a group the user
    has left takes its role away. Every change of roles, unit or admin rights is audited
    (``core.privileges``) as made by the SSO.

    Returns the user and its roles. No roles: the login must be refused; an existing
    account has lost its roles, and no account is made for a newcomer (user None).
    Raises DomainError when the map is unreadable or names a unit Levekår does not have
    (and then nothing is changed).
    """
    from levekar.core import sso
    from levekar.core.privileges import acting_as

    roles, unit_code = sso.roles_and_unit(groups, sso.load_group_map())
    unit = None
    if unit_code:
        unit = OrgUnit.objects.filter(code=unit_code, active=True).first()
        if unit is None:
            raise DomainError(f"Gruppekartet gir enheten «{unit_code}», som ikke finnes "
                              "(eller ikke er aktiv) i Levekår.")
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None and not roles:
        return None, roles
    roles_ensure()
    with acting_as(username=sso.ACTOR, ip=ip, path=path):
        if user is None:
            user = User(username=username)
            user.set_unusable_password()
        user.first_name = first_name[:150] or user.first_name
        user.last_name = last_name[:150] or user.last_name
        user.email = email[:254] or user.email
        if roles:
            user.org_unit = unit or user.org_unit
        # Django's admin follows the admin role, as for the demo's local administrator.
        user.is_staff = user.is_superuser = Role.ADMIN in roles
        user.save()
        kept = list(user.groups.exclude(name__in=Role.values))
        user.groups.set([*kept, *Group.objects.filter(name__in=sorted(roles))])
    return user, roles


def job_rerun(*, job_id: int, actor) -> Job:
    """Queue a new run of a failed job (from ``/drift/``); only failed jobs are rerun."""
    from levekar.core import jobs

    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.FAILED:
            raise DomainError(_("Only a failed job can be run again."))
        new = jobs.rerun(job, started_by=actor)
        audit_record(actor=actor, kind=Kind.JOB_RERUN, obj=new,
                     detail=f"kjørte jobb #{job.pk} ({job.name}) på nytt")
    return new
