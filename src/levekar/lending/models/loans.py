"""Lending: checkouts and loans, reminders, reservations and holds, repairs."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.lending.models.borrowers import Borrower
from levekar.lending.models.catalogue import Category, Condition, Copy, Item, LendingPoint


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
    """One copy lent once. ``item``, ``category``, ``borrower`` and ``lent_from`` repeat
    the copy's, its item's and the checkout's at the time of lending, so the queue rules
    and the statistics read one table (and a loan counts in the category it was lent in,
    at the lending point it was lent from)."""

    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="loans")
    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="loans",
                             verbose_name=_("copy"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    # The checkout's lending point.
    lent_from = models.ForeignKey(LendingPoint, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("lent from"))
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
            # sorted: loans per day and category or lending point (summed to months), use
            # per item, and «did this borrower borrow this year» as one seek per borrower.
            models.Index(fields=["lent_on", "category"], name="lending_loan_day_category"),
            models.Index(fields=["lent_on", "lent_from"], name="lending_loan_day_point"),
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
        OVERDUE = "overdue", pgettext_lazy("lending", "Overdue")

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
        CANCELLED = "cancelled", pgettext_lazy("lending", "Cancelled")

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
    reported_at = models.DateTimeField(pgettext_lazy("lending", "reported"), default=timezone.now)
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
