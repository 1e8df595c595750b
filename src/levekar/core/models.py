from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
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
    # A work number residents may call (Min side shows the family coordinator's).
    phone = models.CharField(_("phone"), max_length=30, blank=True)

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
    # Why: a value of ``core.audit_kinds.AuditPurpose`` (checked when written; no
    # ``choices``, so a new purpose needs no migration). Rows older than the declared
    # purposes keep their free text here, and ``core.audit.audit_why`` shows it as is.
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    # The facts that vary (a reason someone typed, a count, a file name): free text.
    detail = models.CharField(_("detail"), max_length=500, blank=True, default="")
    # How access to a family's case was given (``AccessVia``), on reads of a case.
    via = models.CharField(_("access route"), max_length=20, blank=True, default="")
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    # What happened, typed: a value of ``core.audit_kinds.AuditKind`` (checked when
    # written; no ``choices`` here, so a new kind needs no migration); blank on rows
    # older than the kinds.
    kind = models.CharField(_("event kind"), max_length=40, blank=True, default="", db_index=True)
    # The fields that changed: [{"field": name, "old": value, "new": value}]; free-text
    # fields are named without their values (see ``core.audit.audit_changes``).
    changes = models.JSONField(_("changes"), default=list, blank=True)

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


class Job(models.Model):
    """One run of a background or scheduled task (``levekar.core.jobs``).

    The job runner's queue (django-tasks' database backend) carries only the job's id;
    this row is what staff see: status, progress, attempts, the error, the result.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FAILED = "failed", _("Failed")
        DONE = "done", _("Done")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    name = models.CharField(_("task"), max_length=100, db_index=True)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED, db_index=True)
    started_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
    # The cron slot a scheduled run belongs to: unique per task, so that however many
    # workers tick the schedule, a period gets one run.
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    # Same task with the same arguments while one is queued or running: the same job.
    dedupe_key = models.CharField(max_length=64, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=3)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_text = models.CharField(max_length=200, blank=True, default="")
    error = models.TextField(_("error"), blank=True, default="")
    result = models.JSONField(_("result"), null=True, blank=True,
                              encoder=DjangoJSONEncoder)
    worker_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "scheduled_for"], condition=Q(scheduled_for__isnull=False),
                name="core_job_one_run_per_slot"),
            models.UniqueConstraint(
                fields=["name", "dedupe_key"],
                condition=Q(status__in=["queued", "running"]) & ~Q(dedupe_key=""),
                name="core_job_one_active_per_key"),
            models.CheckConstraint(condition=Q(status__in=["queued", "running", "failed", "done"]),
                                   name="core_job_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def label(self) -> str:
        """The task's name for people (its ``label``), else its code name."""
        from levekar.core.jobs.registry import _TASKS

        spec = _TASKS.get(self.name)
        return str(spec.label) if spec else self.name

    @property
    def is_retrying(self) -> bool:
        return self.status == self.Status.QUEUED and self.attempts > 0

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def message(self) -> str:
        """The task's own summary for people (``result["message"]``), if it gave one."""
        if isinstance(self.result, dict):
            return str(self.result.get("message", ""))
        return ""


class WorkerHeartbeat(models.Model):
    """A worker process says it is alive; ``/healthz`` reads the newest."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=200, blank=True, default="")
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.seen_at:%Y-%m-%d %H:%M:%S})"


class OutboundMessage(models.Model):
    """One SMS or e-mail to a resident, queued in the transaction that decided it and
    sent by a job after that transaction commits (``levekar.core.messaging``).

    ``sent`` only when the SMTP server or the SMS gateway accepted it; a failed attempt
    is ``retrying`` with a later ``next_attempt_at``, and ``failed`` after the last try.
    """

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True, default="")
    body = models.TextField(_("text"))
    attachment_name = models.CharField(max_length=200, blank=True, default="")
    attachment_type = models.CharField(max_length=100, blank=True, default="")
    attachment = models.BinaryField(null=True, blank=True)
    # What the message is about, for people and for idempotency checks in the callers
    # (e.g. "lending.reminder:overdue:loan=12"); never personal data beyond ids.
    reference = models.CharField(_("reference"), max_length=200, blank=True, default="",
                                 db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=4)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True, default="")
    provider_id = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"],
                                name="core_outmsg_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sent", "retrying", "failed"]),
                name="core_outmsg_status_valid"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False),
                                   name="core_outmsg_sent_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} ({self.status})"

    @property
    def masked_to(self) -> str:
        """The address with most of it hidden, for the operations page."""
        to = self.to
        if "@" in to:
            name, _at, domain = to.partition("@")
            return f"{name[:1]}…@{domain}"
        return f"{to[:3]}…{to[-2:]}" if len(to) > 5 else "…"


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


class ProviderSession(models.Model):
    """A session id (``sid``) an identity provider gave at login and the Django session it
    opened, so that the provider's front-channel logout (``core.frontchannel``) can end
    our session without our cookie: ID-porten's for Min side, the municipality's for
    staff SSO."""

    class Provider(models.TextChoices):
        IDPORTEN = "idporten", "ID-porten (Min side)"
        STAFF = "staff", _("the municipality's login")

    provider = models.CharField(max_length=20, choices=Provider.choices)
    sid = models.CharField(max_length=200)
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["provider", "sid"])]
        verbose_name = _("provider session")
        verbose_name_plural = _("provider sessions")

    def __str__(self) -> str:
        return f"{self.provider}: {self.sid}"
