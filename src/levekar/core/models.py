from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

municipality_code_validator = RegexValidator(
    r"^\d{4}$", _("A municipality number has exactly four digits.")
)


class Municipality(models.Model):
    """A Norwegian municipality, by its kommunenummer."""

    code = models.CharField(_("municipality number"), max_length=4, unique=True,
                            validators=[municipality_code_validator])
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class OrgUnit(models.Model):
    """A service unit of the municipality or a partner (NAV office, school, club …)."""

    class Kind(models.TextChoices):
        NAV = "nav", _("NAV")
        HEALTH_STATION = "helsestasjon", _("Health station")
        KINDERGARTEN = "barnehage", _("Kindergarten")
        SCHOOL = "skole", _("School")
        SFO = "sfo", _("After-school programme (SFO)")
        CHILD_WELFARE = "barnevern", _("Child welfare")
        PPT = "ppt", _("Educational-psychological service (PPT)")
        CULTURE_LEISURE = "kultur_fritid", _("Culture and leisure")
        HOUSING = "bolig", _("Housing")
        INTRODUCTION = "introduksjon", _("Introduction programme")
        VOLUNTARY = "frivillig", _("Voluntary organisation")
        FAMILY_COORDINATION = "familiekoordinering", _("Family coordination")
        LENDING = "utstyrsbank", _("Equipment library")
        ADMINISTRATION = "administrasjon", _("Administration")
        OTHER = "annet", _("Other")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="units", verbose_name=_("municipality"))
    code = models.SlugField(_("short code"), max_length=60, unique=True,
                            help_text=_("Stable identifier used in files and imports."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("part of"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. Roles are groups (see ``core.roles``)."""

    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="staff", verbose_name=_("service unit"))
    title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AuditLogImmutable(Exception):
    """The audit log is append-only."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable("Revisjonsloggen kan ikke endres.")

    def delete(self):
        raise AuditLogImmutable("Revisjonsloggen kan ikke slettes.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogImmutable("Revisjonsloggen kan ikke endres.")


class AuditEvent(models.Model):
    """One access to or change of personal data, or one refused access. Append-only."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        EXPORT = "export", _("Exported")
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        DENIED = "denied", _("Denied")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("actor"))
    # Kept as text too, so the log still says who it was if the account is removed.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable("Revisjonsloggen kan ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("Revisjonsloggen kan ikke slettes.")


class AuditSubjectQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable("Revisjonsloggen kan ikke endres.")

    def delete(self):
        raise AuditLogImmutable("Revisjonsloggen kan ikke slettes.")


class AuditSubject(models.Model):
    """A person an audit event concerns.

    ``person_id`` is the primary key of ``people.Person``; it is a plain integer, not a
    foreign key, because ``core`` sits below ``people`` and because the log must outlive
    the person row (anonymisation, deletion on request).
    """

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subjects")
    person_id = models.BigIntegerField(_("person"), db_index=True)

    objects = AuditSubjectQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person_id"], name="audit_subject_once"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable("Revisjonsloggen kan ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("Revisjonsloggen kan ikke slettes.")


def validate_not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError(_("This field cannot be blank."))


class PrivilegeChange(models.Model):
    """One change of what a user may do: a role, the unit, active, staff, superuser or the
    password. Append-only; written by ``core.privileges`` whatever made the change (the
    admin, a service, a management command), next to an audit event.

    Kept as rows (not only as audit text) so that "which unit did this user have at that
    time" and "did they get this role in the last 24 hours" are queries.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Account created")
        ROLE_ADDED = "role_added", _("Role added")
        ROLE_REMOVED = "role_removed", _("Role removed")
        UNIT = "unit", _("Service unit changed")
        ACTIVE = "active", _("Active changed")
        STAFF = "staff", _("Admin access changed")
        SUPERUSER = "superuser", _("Superuser changed")
        PASSWORD = "password", _("Password changed")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="privilege_changes",
                             verbose_name=_("user"))
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("changed by"))
    actor_username = models.CharField(_("changed by (username)"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Role name, unit id, or "True"/"False"; empty for the password.
    old_value = models.CharField(_("before"), max_length=150, blank=True)
    new_value = models.CharField(_("after"), max_length=150, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "kind", "at"])]
        verbose_name = _("privilege change")
        verbose_name_plural = _("privilege changes")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable("Revisjonsloggen kan ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("Revisjonsloggen kan ikke slettes.")
