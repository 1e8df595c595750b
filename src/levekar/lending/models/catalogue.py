"""The catalogue: lending points and their hours, categories, items and copies."""

import re

from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.lending import search
from levekar.lending.lib import (
    PHOTO_EXTENSIONS,
    first_number,
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
    # Borrowers give no address (the service is for everyone), so the evaluation's reach
    # per levekårssone counts loans where they are lent: at the point's zone.
    zone = models.ForeignKey("people.Zone", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("zone"))

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
    # What a search matches by word start (lending.search): name words, their parts and
    # synonyms in search_text; description words in search_more; the size as a range.
    search_more = models.CharField(max_length=600, blank=True, editable=False)
    size_min = models.PositiveIntegerField(null=True, blank=True, editable=False)
    size_max = models.PositiveIntegerField(null=True, blank=True, editable=False)
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
        size_words = re.sub(r"\d+", " ", self.size or "")
        self.search_text = search.index_words(
            self.name, self.name_en, self.category.name, self.category.name_en, size_words)
        self.search_more = search.description_words(
            f"{self.description} {self.description_en}")
        self.size_min, self.size_max = search.size_range(self.size)
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
