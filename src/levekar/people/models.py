"""Households and persons as the municipality knows them.

Shared by the domain apps (follow-up, activity passes …), which add their own data in
their own models with foreign keys to these.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from levekar.core.lib.dates import age_on
from levekar.core.models import Municipality


class Zone(models.Model):
    """A levekårssone: a part of a municipality used for living-condition statistics."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="zones", verbose_name=_("municipality"))
    code = models.CharField(_("zone code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("living-conditions zone")
        verbose_name_plural = _("living-conditions zones")

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    """People living together at one address."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="households", verbose_name=_("municipality"))
    external_id = models.CharField(_("external id"), max_length=64, blank=True,
                                   help_text=_("Identifier from an imported register."))
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="households", verbose_name=_("zone"))
    preferred_language = models.CharField(_("letter language"), max_length=5, default="nb",
                                          choices=[("nb", "Norsk bokmål"), ("en", "English")])
    address_protection = models.CharField(
        _("address protection"), max_length=20, blank=True, default="",
        choices=[("", _("None")), ("fortrolig", _("Confidential address (fortrolig)")),
                 ("strengt_fortrolig", _("Strictly confidential address (strengt fortrolig)"))],
        help_text=_("When set, the address is shown to nobody but the family coordinator "
                    "and is never printed or exported."))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "external_id"],
                                    condition=~Q(external_id=""),
                                    name="household_external_id_unique"),
        ]

    def __str__(self) -> str:
        if self.address_protected:
            return f"Husstand {self.pk}"
        return self.street or f"Husstand {self.pk}"

    @property
    def address_protected(self) -> bool:
        """Strengthened address protection: the address must not be shown (except to the
        family coordinator), printed or exported."""
        return bool(self.address_protection)


class HouseholdAddress(models.Model):
    """One address of a household and the date it moved there: the household's address
    history. The latest row is the household's current address (also kept on Household).
    ``moved_on`` is empty for the address the household had before the history began."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE,
                                  related_name="addresses", verbose_name=_("household"))
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("zone"))
    moved_on = models.DateField(_("moved on"), null=True, blank=True)
    rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True,
                                             help_text=_("Bedrooms and living rooms."))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [models.F("moved_on").asc(nulls_first=True), "pk"]
        verbose_name = _("address of a household")
        verbose_name_plural = _("addresses of a household")


class Person(models.Model):
    """A resident. Persons without a national id are allowed (e.g. newly arrived)."""

    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="members", verbose_name=_("household"))
    national_id = models.CharField(
        _("national identity number"), max_length=11, null=True, blank=True, unique=True,
        help_text=_("Fødselsnummer or D-number, 11 digits."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    died_on = models.DateField(_("date of death"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: dt.date) -> int | None:
        return age_on(self.birth_date, day)


class IncomeRecord(models.Model):
    """A person's income after tax for one year (from a register import)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="incomes")
    year = models.PositiveSmallIntegerField(_("year"))
    income_after_tax = models.BigIntegerField(_("income after tax (NOK)"))
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("incomes")
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="income_once_per_year"),
        ]


class ParentalResponsibility(models.Model):
    """Foreldreansvar as the population register records it: ``parent`` has parental
    responsibility for ``child``. Min side shows a citizen themselves and these children,
    nobody else."""

    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="children_rel",
                               verbose_name=_("parent"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parents_rel",
                              verbose_name=_("child"))
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("parental responsibility")
        verbose_name_plural = _("parental responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"],
                                    name="parental_responsibility_once"),
            models.CheckConstraint(condition=~Q(parent=models.F("child")),
                                   name="parental_responsibility_not_self"),
        ]
