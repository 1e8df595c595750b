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
                email: str = "", title: str = "", is_staff: bool = False,
                is_superuser: bool = False) -> User:
    """Create or update a staff account; the password is (re)set only on creation."""
    user, created = User.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email, user.title = first_name, last_name, email, title
    user.org_unit = org_unit
    user.is_staff, user.is_superuser = is_staff, is_superuser
    if created:
        user.set_password(password)
    user.save()
    roles_ensure()
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    return user


def job_rerun(*, job_id: int, actor) -> Job:
    """Queue a new run of a failed job (from ``/drift/``); only failed jobs are rerun."""
    from levekar.core import jobs

    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.FAILED:
            raise DomainError(_("Only a failed job can be run again."))
        new = jobs.rerun(job, started_by=actor)
        audit_record(actor=actor, kind=Kind.JOB_RERUN, obj=new,
                     purpose=f"kjørte jobb #{job.pk} ({job.name}) på nytt")
    return new
