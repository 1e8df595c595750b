"""Reads of schemes, runs, cards, clubs and refunds."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from levekar.passes.eligibility import Rules
from levekar.passes.models import (
    ActivityPass,
    Club,
    IssuanceRun,
    PassUse,
    RefundExport,
    RuleSet,
    Scheme,
)
from levekar.people.models import Household, Person


def schemes_overview() -> QuerySet[Scheme]:
    """Every scheme with its latest run's figures, in one query."""
    latest = IssuanceRun.objects.filter(scheme=OuterRef("pk")).order_by("-started_at", "-id")
    return (Scheme.objects.select_related("municipality")
            .annotate(last_run_year=Subquery(latest.values("year")[:1]),
                      last_run_at=Subquery(latest.values("started_at")[:1]),
                      last_run_issued=Subquery(latest.values("issued")[:1]),
                      last_run_eligible=Subquery(latest.values("eligible")[:1]),
                      rule_set_count=Count("rule_sets", distinct=True))
            .order_by("name"))


def scheme_get(code: str) -> Scheme:
    scheme = Scheme.objects.select_related("municipality").filter(code=code).first()
    if scheme is None:
        raise Http404("Ordningen finnes ikke.")
    return scheme


def scheme_rule_sets(scheme: Scheme) -> QuerySet[RuleSet]:
    return RuleSet.objects.filter(scheme=scheme).select_related("created_by") \
        .order_by("-valid_from")


def activity_pass_rules_on(day: dt.date) -> Rules | None:
    """The eligibility rule of the active activity pass valid on ``day`` (the first scheme
    by name when there are several), or None. One query."""
    rule_set = (RuleSet.objects
                .filter(scheme__kind=Scheme.Kind.ACTIVITY_PASS, scheme__active=True,
                        valid_from__lte=day)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                .order_by("scheme__name", "scheme_id", "-valid_from").first())
    return rule_set.parsed if rule_set else None


def scheme_runs(scheme: Scheme, limit: int = 20) -> list[IssuanceRun]:
    return list(IssuanceRun.objects.filter(scheme=scheme).select_related("started_by")
                .order_by("-started_at", "-id")[:limit])


def run_get(scheme: Scheme, run_id: int) -> IssuanceRun:
    run = IssuanceRun.objects.filter(scheme=scheme, pk=run_id).select_related(
        "rule_set", "started_by").first()
    if run is None:
        raise Http404("Kjøringen finnes ikke.")
    return run


def households_with_passes(scheme: Scheme, year: int) -> QuerySet:
    """The households with cards in ``scheme`` and ``year`` (address and zone)."""
    return (Household.objects.filter(pk__in=ActivityPass.objects.filter(
                scheme=scheme, year=year).values("household_id"))
            .select_related("zone").order_by("zone__code", "street", "pk"))


def household_cards(scheme: Scheme, year: int, household_ids: list[int]) -> dict[int, list]:
    """The cards (with the child) of the given households, grouped."""
    grouped: dict[int, list[ActivityPass]] = {}
    for p in (ActivityPass.objects.filter(scheme=scheme, year=year,
                                          household_id__in=household_ids)
              .select_related("person").order_by("person__birth_date", "pk")):
        grouped.setdefault(p.household_id, []).append(p)
    return grouped


def household_with_passes_get(scheme: Scheme, year: int, household_id: int) -> Household:
    household = Household.objects.filter(pk=household_id).first()
    if household is None or not ActivityPass.objects.filter(
            scheme=scheme, year=year, household=household).exists():
        raise Http404("Husstanden har ingen kort i denne ordningen.")
    return household


def pass_years(scheme: Scheme | None = None) -> list[int]:
    qs = ActivityPass.objects.all()
    if scheme is not None:
        qs = qs.filter(scheme=scheme)
    return sorted(qs.values_list("year", flat=True).distinct(), reverse=True)


def clubs_overview() -> QuerySet[Club]:
    return (Club.objects.select_related("zone")
            .annotate(use_count=Count("uses"),
                      approved_total=Sum("uses__approved_amount"))
            .order_by("name"))


def club_get(club_id: int) -> Club:
    club = Club.objects.select_related("zone").filter(pk=club_id).first()
    if club is None:
        raise Http404("Klubben finnes ikke.")
    return club


def club_uses(club: Club) -> QuerySet[PassUse]:
    """A club's own registrations, newest first (code, fee, status — no names)."""
    return (PassUse.objects.filter(club=club)
            .select_related("activity_pass", "activity_pass__scheme")
            .order_by("-registered_at", "-id"))


def refunds_pending() -> QuerySet[PassUse]:
    return (PassUse.objects.filter(status=PassUse.Status.PENDING)
            .select_related("club", "activity_pass", "activity_pass__scheme")
            .order_by("registered_at", "id"))


def refund_pending_totals() -> dict:
    return PassUse.objects.filter(status=PassUse.Status.PENDING).aggregate(
        count=Count("id"), fees=Sum("fee"))


def refunds_unexported_by_club() -> QuerySet:
    return (PassUse.objects.filter(status=PassUse.Status.APPROVED, export__isnull=True)
            .values("club__name").annotate(count=Count("id"), total=Sum("approved_amount"))
            .order_by("club__name"))


def refund_exports(limit: int = 24) -> list[RefundExport]:
    return list(RefundExport.objects.select_related("created_by")[:limit])


def refund_export_get(export_id: int) -> RefundExport:
    export = RefundExport.objects.filter(pk=export_id).first()
    if export is None:
        raise Http404("Eksporten finnes ikke.")
    return export


def child_spent(pass_ids: list[int]) -> dict[int, int]:
    """Approved refunds so far per card (for showing what is left of the cap)."""
    return dict(PassUse.objects.filter(activity_pass_id__in=pass_ids,
                                       status=PassUse.Status.APPROVED)
                .values_list("activity_pass_id").annotate(t=Sum("approved_amount"))
                .values_list("activity_pass_id", "t"))


def unused_passes(scheme: Scheme, year: int, issued_before) -> QuerySet[ActivityPass]:
    return (ActivityPass.objects.filter(scheme=scheme, year=year, first_used_at__isnull=True,
                                        issued_at__date__lte=issued_before)
            .select_related("person", "zone").order_by("zone__code", "household_id", "pk"))


def persons_of(household_ids: list[int]) -> list[int]:
    return list(Person.objects.filter(household_id__in=household_ids)
                .values_list("pk", flat=True))




def reminder_households(run) -> QuerySet[Household]:
    """Households that got a reminder in ``run``."""
    return (Household.objects.filter(pk__in=run.reminders.values("activity_pass__household_id"))
            .select_related("zone").order_by("zone__code", "street", "pk"))


def reminder_cards(run, household_ids: list[int]) -> dict[int, int]:
    return dict(run.reminders.filter(activity_pass__household_id__in=household_ids)
                .values_list("activity_pass__household_id")
                .annotate(n=Count("id")).values_list("activity_pass__household_id", "n"))
