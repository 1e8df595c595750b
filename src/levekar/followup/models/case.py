"""A family's follow-up (familieløp): the case, who takes part, and the choices the
whole case uses (BTI level, information parts, individual plan)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.people.models import Household, Person


class BtiLevel(models.IntegerChoices):
    """Handlingsveilederens nivåer (Lillestrøm's BTI model, seeds/004)."""

    CLARIFYING = 0, _("Level 0 – a concern being clarified")
    OWN_SERVICE = 1, _("Level 1 – measures in one's own service")
    COOPERATION = 2, _("Level 2 – cooperation between services")
    EXTENSIVE = 3, _("Level 3 – extensive cooperation")


class InfoPart(models.TextChoices):
    """The parts of a case that a consent can open to a service."""

    ECONOMY = "economy", _("Economy")
    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work and activity")
    HEALTH = "health", _("Health")
    SCHOOL = "school", _("Kindergarten and school")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    LEISURE = "leisure", _("Leisure")


class Case(models.Model):
    """Familieløp: one coordinator, one plan, for a household over (by default) five years."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("household"))
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="coordinated_cases",
                                    verbose_name=_("family coordinator"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="cases",
                             verbose_name=_("responsible unit"))
    referred_by = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="referred_cases", verbose_name=_("referred by"))
    start_date = models.DateField(_("start date"), default=dt.date.today)
    planned_years = models.PositiveSmallIntegerField(_("planned length (years)"), default=5)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    status_reason = models.CharField(_("reason for status"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # BTI follows each child (CaseMember.bti_level); this is the highest of the children's
    # levels, kept by the one service that changes a level, for lists, the page header and
    # the outcome statistics that break down by level.
    bti_level = models.PositiveSmallIntegerField(_("BTI level"), choices=BtiLevel.choices,
                                                 default=BtiLevel.CLARIFYING)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(condition=Q(bti_level__gte=0, bti_level__lte=3),
                                   name="case_bti_level_0_3"),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="case_closed_has_time"),
            # Paused and closed always say why (issue 5: "closed with reason").
            models.CheckConstraint(condition=Q(status="active") | ~Q(status_reason=""),
                                   name="case_not_active_has_reason"),
            models.CheckConstraint(condition=Q(planned_years__gte=1, planned_years__lte=10),
                                   name="case_planned_years_1_10"),
        ]
        indexes = [models.Index(fields=["coordinator", "status"])]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        """What staff call the case: after the family ("Familien Berg"; the parents'
        surnames, or every member's if no parent is recorded), not a number. Uses the
        prefetched members when the list prefetched them (one query otherwise)."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        members = (list(cache["members"]) if "members" in cache
                   else list(self.members.select_related("person")))
        parents = [m for m in members if m.role == CaseMember.Role.PARENT] or members
        surnames = list(dict.fromkeys(m.person.last_name for m in parents
                                      if m.person.last_name))
        if not surnames:
            return _("Family (case %(n)s)") % {"n": self.pk}
        return _("The %(names)s family") % {"names": " / ".join(surnames)}

    @property
    def planned_end(self) -> dt.date:
        try:
            return self.start_date.replace(year=self.start_date.year + self.planned_years)
        except ValueError:  # 29 February
            return self.start_date.replace(year=self.start_date.year + self.planned_years, day=28)


class CaseMember(models.Model):
    """A person of the household who takes part in the follow-up."""

    class Role(models.TextChoices):
        PARENT = "parent", _("Parent / guardian")
        CHILD = "child", _("Child")
        OTHER_ADULT = "other_adult", _("Other adult")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_memberships")
    role = models.CharField(_("role in the family"), max_length=12, choices=Role.choices)
    taking_part = models.BooleanField(_("taking part"), default=True)
    left_on = models.DateField(_("left the household"), null=True, blank=True)
    left_reason = models.CharField(
        _("why the person left"), max_length=10, blank=True, default="",
        choices=[("moved", _("Moved out")), ("died", _("Died"))])
    # BTI follows the child (seeds/004): each child has its own level and stafettholder.
    bti_level = models.PositiveSmallIntegerField(_("BTI level"), choices=BtiLevel.choices,
                                                 default=BtiLevel.CLARIFYING)
    stafettholder = models.ForeignKey("followup.Participant", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="held_children",
                                      verbose_name=_("stafettholder"))

    class Meta:
        ordering = ["role", "person__birth_date"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_member_once"),
            models.CheckConstraint(condition=Q(bti_level__gte=0, bti_level__lte=3),
                                   name="case_member_bti_level_0_3"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class CaseHandover(models.Model):
    """A case handed from one family coordinator to another, with the reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("from"))
    to_coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("to"))
    reason = models.CharField(_("reason"), max_length=500)
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("handed over by"))
    handed_at = models.DateTimeField(_("handed over"), auto_now_add=True)

    class Meta:
        ordering = ["-handed_at", "-pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="case_handover_has_reason"),
        ]
