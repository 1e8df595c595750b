"""The equipment library (utstyrsbank): catalogue, copies, borrowers, loans, holds, repairs.

Borrowers are this app's own records, not ``people.Person``: anyone may borrow, nobody is
asked about income or need, and nothing here is case data. The invariants that matter
when two desks work at once are database constraints: one active loan per copy, one live
hold per copy, one open reservation per borrower and item, one reminder per loan and kind.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.lending.lib import (
    PHOTO_EXTENSIONS,
    first_number,
    phone_display,
    search_blob,
    size_key,
    validate_photo,
)


def _localized(obj, field: str) -> str:
    """The English text when the page is in English and one is given, else the Norwegian."""
    if (translation.get_language() or "").startswith("en"):
        return getattr(obj, f"{field}_en") or getattr(obj, field)
    return getattr(obj, field)


class LendingPoint(models.Model):
    """A place where equipment is lent and returned (a library branch, a volunteer centre)."""

    code = models.SlugField(_("short code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    directions = models.TextField(_("how to find us"), blank=True)
    directions_en = models.TextField(_("how to find us (English)"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hold_days = models.PositiveSmallIntegerField(
        _("days a hold waits for pick-up"), default=3,
        help_text=_("A reserved item that is not picked up within this many days goes to "
                    "the next in the queue."))
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("lending point")
        verbose_name_plural = _("lending points")

    def __str__(self) -> str:
        return self.name

    @property
    def localized_directions(self) -> str:
        return _localized(self, "directions")


class Weekday(models.IntegerChoices):
    # A context of their own: translating plain "Monday" here would override Django's own
    # translation of day names in date formats everywhere on the site.
    MONDAY = 0, pgettext_lazy("opening hours", "Monday")
    TUESDAY = 1, pgettext_lazy("opening hours", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("opening hours", "Wednesday")
    THURSDAY = 3, pgettext_lazy("opening hours", "Thursday")
    FRIDAY = 4, pgettext_lazy("opening hours", "Friday")
    SATURDAY = 5, pgettext_lazy("opening hours", "Saturday")
    SUNDAY = 6, pgettext_lazy("opening hours", "Sunday")


class OpeningHours(models.Model):
    point = models.ForeignKey(LendingPoint, on_delete=models.CASCADE,
                              related_name="opening_hours", verbose_name=_("lending point"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["point", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")),
                                   name="lending_hours_close_after_open"),
            models.UniqueConstraint(fields=["point", "weekday", "opens"],
                                    name="lending_hours_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Category(models.Model):
    code = models.SlugField(_("short code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    loan_days = models.PositiveSmallIntegerField(
        _("loan period (days)"), default=7,
        help_text=_("The usual loan period; the desk may choose another due date."))
    max_renewals = models.PositiveSmallIntegerField(_("renewals allowed"), default=2)
    buffer_days = models.PositiveSmallIntegerField(
        _("days for cleaning and checks after return"), default=0,
        help_text=_("A returned copy is lent again only after this many days "
                    "(for washing sleeping bags, waxing skis …)."))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return _localized(self, "name")


def item_photo_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"lending/items/{timezone.now():%Y/%m}/{instance.pk or 'ny'}.{ext}"


class Item(models.Model):
    """A kind of equipment in one size, e.g. «Langrennsski, 130 cm». Copies are lent."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items",
                                 verbose_name=_("category"))
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    size = models.CharField(_("size"), max_length=40, blank=True,
                            help_text=_("For example 130 cm, 38, M or 4 persons."))
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    photo = models.FileField(_("photo"), upload_to=item_photo_path, blank=True,
                             validators=[validate_photo],
                             help_text=_("JPEG, PNG or WebP, at most 5 MB."))
    class_set = models.BooleanField(
        _("lent as class sets"), default=False,
        help_text=_("Schools and kindergartens can borrow many copies at once."))
    active = models.BooleanField(_("shown in the catalogue"), default=True)
    # Derived on save: the lower-case text the catalogue search matches, and a number
    # to sort sizes by (90 cm before 130 cm).
    search_text = models.CharField(max_length=600, blank=True, editable=False)
    size_key = models.CharField(max_length=60, blank=True, editable=False)
    size_sort = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["category__order", "name", "size_sort", "size"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["category", "name", "size"], name="lending_item_once"),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True)
                | Q(age_max__gte=models.F("age_min")),
                name="lending_item_age_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.size}" if self.size else self.name

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        self.search_text = search_blob(
            self.name, self.name_en, self.size, self.category.name, self.category.name_en,
            self.description[:200],
        )
        self.size_key = size_key(self.size)
        self.size_sort = first_number(self.size)

    @property
    def label(self) -> str:
        name = _localized(self, "name")
        return f"{name}, {self.size}" if self.size else name

    @property
    def localized_name(self) -> str:
        return _localized(self, "name")

    @property
    def localized_description(self) -> str:
        return _localized(self, "description")

    @property
    def photo_content_type(self) -> str:
        ext = self.photo.name.rsplit(".", 1)[-1].lower() if self.photo else ""
        return PHOTO_EXTENSIONS.get(ext, "application/octet-stream")


class Condition(models.TextChoices):
    GOOD = "good", _("Good")
    WORN = "worn", _("Worn")
    IN_REPAIR = "in_repair", _("In repair")
    DISCARDED = "discarded", _("Discarded")


LENDABLE_CONDITIONS = (Condition.GOOD, Condition.WORN)


class Copy(models.Model):
    """One physical thing with its own number on a label."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="copies",
                             verbose_name=_("item"))
    number = models.PositiveIntegerField(_("copy number"), unique=True)
    condition = models.CharField(_("condition"), max_length=12, choices=Condition.choices,
                                 default=Condition.GOOD)
    location = models.ForeignKey(LendingPoint, on_delete=models.PROTECT, related_name="copies",
                                 verbose_name=_("lending point"))
    # The cleaning/check buffer after a return: not lent again before this moment.
    available_from = models.DateTimeField(_("ready again"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    acquired_on = models.DateField(_("acquired"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
        indexes = [models.Index(fields=["item", "location", "condition"],
                                name="lending_copy_item_loc")]

    def __str__(self) -> str:
        return f"{self.number} {self.item}"


class Borrower(models.Model):
    """Someone registered to borrow: a person, a child under a responsible adult, or an
    institution. No income or need is asked for or kept: the service is for everyone."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        INSTITUTION = "institution", _("Institution")

    class InstitutionKind(models.TextChoices):
        SCHOOL = "school", _("School")
        KINDERGARTEN = "kindergarten", _("Kindergarten")
        YOUTH_CLUB = "youth_club", _("Youth club")
        ASSOCIATION = "association", _("Club or association")
        PUBLIC_SERVICE = "public_service", _("Public service")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    institution_kind = models.CharField(_("kind of institution"), max_length=20,
                                        choices=InstitutionKind.choices, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    # Normalised by lib.normalize_phone: 8 digits for Norwegian numbers, +<digits> else.
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    guardian = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="children", verbose_name=_("responsible adult"))
    language = models.CharField(_("language for messages"), max_length=5,
                                choices=settings.LANGUAGES, default="nb")
    registered_on = models.DateField(_("registered"), default=timezone.localdate,
                                     db_index=True)
    anonymised_at = models.DateTimeField(_("deleted on request"), null=True, blank=True)
    # Lower-case name for search that treats Æ/Ø/Å like any letter on every database.
    search_name = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["search_name", "pk"]
        verbose_name = _("borrower")
        verbose_name_plural = _("borrowers")
        constraints = [
            # Someone must be reachable: a phone or e-mail, or a responsible adult's.
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=False) | Q(guardian__isnull=False)
                | ~Q(phone="") | ~Q(email=""),
                name="lending_borrower_reachable"),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=False) | ~Q(name=""),
                name="lending_borrower_named"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.search_name = self.name.casefold()
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.name if not self.anonymised_at else str(_("Deleted borrower"))

    @property
    def phone_pretty(self) -> str:
        return phone_display(self.phone)

    @property
    def is_institution(self) -> bool:
        return self.kind == self.Kind.INSTITUTION


class Checkout(models.Model):
    """One lending at the desk: one or many copies to one borrower at once."""

    borrower = models.ForeignKey(Borrower, on_delete=models.PROTECT, related_name="checkouts",
                                 verbose_name=_("borrower"))
    on_behalf_of = models.ForeignKey(Borrower, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("on behalf of"))
    location = models.ForeignKey(LendingPoint, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("lending point"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    is_class_set = models.BooleanField(_("class set"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], condition=Q(is_class_set=True),
                                name="lending_checkout_class_set")]


class Loan(models.Model):
    """One copy lent once. ``item``, ``category`` and ``borrower`` repeat the copy's, its
    item's and the checkout's at the time of lending, so the queue rules and the
    statistics read one table (and a loan counts in the category it was lent in)."""

    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="loans")
    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="loans",
                             verbose_name=_("copy"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    borrower = models.ForeignKey(Borrower, on_delete=models.PROTECT, related_name="loans",
                                 verbose_name=_("borrower"))
    lent_at = models.DateTimeField(_("lent"), default=timezone.now)
    lent_on = models.DateField(_("lent on"))
    due_on = models.DateField(_("due"))
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    returned_condition = models.CharField(_("condition on return"), max_length=12,
                                          choices=Condition.choices, blank=True)
    returned_to = models.ForeignKey(LendingPoint, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    days_out = models.PositiveIntegerField(_("days out"), null=True, blank=True)

    class Meta:
        ordering = ["-lent_at", "-pk"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            # Two desks lending the last free copy at once: the database lets one win.
            models.UniqueConstraint(fields=["copy"], condition=Q(returned_at__isnull=True),
                                    name="lending_one_active_loan_per_copy"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("lent_on")),
                                   name="lending_loan_due_after_lent"),
        ]
        indexes = [
            # The statistics read indexes only, in the order they group by, so nothing is
            # sorted: loans per day and category (summed to months), use per item, and
            # «did this borrower borrow this year» as one seek per borrower.
            models.Index(fields=["lent_on", "category"], name="lending_loan_day_category"),
            models.Index(fields=["item", "lent_on", "days_out"], name="lending_loan_item_use"),
            models.Index(fields=["borrower", "lent_on"], name="lending_loan_borrower"),
            models.Index(fields=["due_on"], condition=Q(returned_at__isnull=True),
                         name="lending_loan_active_due"),
            models.Index(fields=["item"], condition=Q(returned_at__isnull=True),
                         name="lending_loan_active_item"),
        ]

    def __str__(self) -> str:
        return f"{self.copy_id} → {self.borrower_id} ({self.lent_on})"

    @property
    def is_active(self) -> bool:
        return self.returned_at is None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.returned_at is None and self.due_on < (today or timezone.localdate())


class LoanReminder(models.Model):
    """A reminder sent for a loan; one per loan and kind, so a rerun sends nothing twice."""

    class Kind(models.TextChoices):
        DUE_TOMORROW = "due_tomorrow", _("Due tomorrow")
        OVERDUE = "overdue", _("Overdue")

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "kind"], name="lending_reminder_once"),
        ]


class Reservation(models.Model):
    """A place in the queue for an item at a lending point; a hold once a copy is set aside."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("In the queue")
        READY = "ready", _("Ready for pick-up")
        COLLECTED = "collected", _("Collected")
        EXPIRED = "expired", _("Not picked up")
        CANCELLED = "cancelled", _("Cancelled")

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="reservations",
                             verbose_name=_("item"))
    borrower = models.ForeignKey(Borrower, on_delete=models.PROTECT,
                                 related_name="reservations", verbose_name=_("borrower"))
    location = models.ForeignKey(LendingPoint, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("pick-up point"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    queued_at = models.DateTimeField(_("in the queue since"), default=timezone.now)
    copy = models.ForeignKey(Copy, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="holds", verbose_name=_("copy set aside"))
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("pick up by"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    notified_at = models.DateTimeField(_("borrower told"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [
            models.UniqueConstraint(fields=["copy"], condition=Q(status="ready"),
                                    name="lending_one_hold_per_copy"),
            models.UniqueConstraint(fields=["item", "borrower"],
                                    condition=Q(status__in=["waiting", "ready"]),
                                    name="lending_one_open_reservation"),
            models.CheckConstraint(
                condition=~Q(status="ready")
                | (Q(copy__isnull=False) & Q(expires_at__isnull=False)),
                name="lending_hold_has_copy"),
        ]
        indexes = [
            models.Index(fields=["item", "location", "queued_at"],
                         condition=Q(status__in=["waiting", "ready"]),
                         name="lending_reservation_queue"),
        ]


class RepairReport(models.Model):
    """Damage found on a copy, from a return or a check, until repaired or discarded."""

    class Outcome(models.TextChoices):
        REPAIRED = "repaired", _("Repaired")
        DISCARDED = "discarded", _("Discarded")

    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="repairs",
                             verbose_name=_("copy"))
    loan = models.ForeignKey(Loan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    description = models.TextField(_("what is wrong"))
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               blank=True)
    resolution_note = models.CharField(_("what was done"), max_length=300, blank=True)

    class Meta:
        ordering = ["reported_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["copy"], condition=Q(resolved_at__isnull=True),
                                    name="lending_one_open_repair_per_copy"),
        ]
