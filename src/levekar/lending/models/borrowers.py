"""Borrowers: people, children under a responsible adult, institutions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.lending.lib import phone_display


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
