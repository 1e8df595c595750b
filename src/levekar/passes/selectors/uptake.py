"""Reach and uptake: do the passes reach the children they are for, and are they used?

Per scheme and levekårssone: children eligible (from the latest completed issuance run
of the year), cards issued, cards used (a club has registered the card at least once)
and the share used (used ÷ issued). Every figure shown to people goes through the
small-cell rule of ``core.lib.suppression``. Each function runs a fixed number of
queries, whatever the number of zones, schemes or cards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from levekar.core.lib import suppression
from levekar.passes.models import ActivityPass, IssuanceRun, ReminderRun, Scheme
from levekar.people.models import Zone


def percent_text(numerator: int, denominator: int) -> str:
    """Whole percent ("31 %"), or ":" when the small-cell rule hides it."""
    if denominator <= 0 or suppression.DEFAULT_RULE.hides(numerator, denominator):
        return suppression.SUPPRESSED_MARK
    return f"{round(100 * numerator / denominator)} %"


@dataclass(frozen=True)
class UptakeRow:
    label: str  # or a lazy translation
    zone_code: str
    eligible: int
    issued: int
    used: int

    @property
    def share_hidden(self) -> bool:
        return self.issued <= 0 or suppression.DEFAULT_RULE.hides(self.used, self.issued)

    @property
    def share(self) -> float | None:
        return None if self.share_hidden else self.used / self.issued

    @property
    def share_text(self) -> str:
        return percent_text(self.used, self.issued)

    @property
    def eligible_text(self) -> str:
        return suppression.count(self.eligible)

    @property
    def issued_text(self) -> str:
        return suppression.count(self.issued)

    @property
    def used_text(self) -> str:
        return suppression.count(self.used)


@dataclass(frozen=True)
class SchemeUptake:
    scheme: Scheme
    total: UptakeRow
    zones: list[UptakeRow]


def _latest_runs(year: int) -> dict[int, IssuanceRun]:
    latest: dict[int, IssuanceRun] = {}
    for run in IssuanceRun.objects.filter(year=year, status=IssuanceRun.Status.DONE) \
            .order_by("-started_at", "-id").only("id", "scheme_id", "eligible",
                                                 "eligible_by_zone"):
        latest.setdefault(run.scheme_id, run)
    return latest


def uptake_by_zone(*, year: int) -> list[SchemeUptake]:
    """Per scheme with cards or a run this year: totals and one row per zone (4 queries)."""
    runs = _latest_runs(year)
    counts: dict[tuple[int, int | None], tuple[int, int]] = {}
    for scheme_id, zone_id, issued, used in (
            ActivityPass.objects.filter(year=year).values_list("scheme_id", "zone_id")
            .annotate(issued=Count("id"), used=Count("id", filter=Q(first_used_at__isnull=False)))
            .values_list("scheme_id", "zone_id", "issued", "used")):
        counts[(scheme_id, zone_id)] = (issued, used)
    scheme_ids = set(runs) | {s for s, _z in counts}
    schemes = list(Scheme.objects.filter(pk__in=scheme_ids).order_by("name"))
    zones = list(Zone.objects.filter(municipality_id__in={s.municipality_id for s in schemes})
                 .order_by("code"))
    result = []
    for scheme in schemes:
        run = runs.get(scheme.pk)
        by_zone = run.eligible_by_zone if run else {}
        rows = []
        for zone in [z for z in zones if z.municipality_id == scheme.municipality_id]:
            issued, used = counts.get((scheme.pk, zone.pk), (0, 0))
            rows.append(UptakeRow(zone.name, zone.code, int(by_zone.get(str(zone.pk), 0)),
                                  issued, used))
        issued, used = counts.get((scheme.pk, None), (0, 0))
        if issued or by_zone.get(""):
            rows.append(UptakeRow(_("No zone"), "", int(by_zone.get("", 0)), issued, used))
        total = UptakeRow(
            _("Whole municipality"), "", run.eligible if run else 0,
            sum(i for (s, _z), (i, _u) in counts.items() if s == scheme.pk),
            sum(u for (s, _z), (_i, u) in counts.items() if s == scheme.pk))
        result.append(SchemeUptake(scheme, total, rows))
    return result


def uptake_summary(*, year: int) -> list[dict]:
    """Per scheme for ``year``: eligible, issued, used and share_used — for the action plan.

    Counts are integers; ``share_used`` is used ÷ issued as a fraction (0.31 = 31 %), or
    ``None`` when the small-cell rule hides it. The ``*_text`` keys are the same figures
    ready to show, with ":" where suppressed.
    """
    return [
        {
            "scheme": u.scheme.code,
            "scheme_name": u.scheme.name,
            "kind": u.scheme.kind,
            "year": year,
            "eligible": u.total.eligible,
            "issued": u.total.issued,
            "used": u.total.used,
            "share_used": u.total.share,
            "eligible_text": u.total.eligible_text,
            "issued_text": u.total.issued_text,
            "used_text": u.total.used_text,
            "share_used_text": u.total.share_text,
        }
        for u in uptake_by_zone(year=year)
    ]


@dataclass(frozen=True)
class ReminderEffect:
    run: ReminderRun
    used_after: int

    @property
    def share_before(self) -> str:
        """Share of all cards used when the reminders went out."""
        return percent_text(self.run.used_before, self.run.issued_total)

    @property
    def share_after(self) -> str:
        """Share of the reminded cards used since the reminder."""
        return percent_text(self.used_after, self.run.reminded)

    @property
    def used_after_text(self) -> str:
        return suppression.count(self.used_after)


def reminder_effects(*, year: int) -> list[ReminderEffect]:
    runs = (ReminderRun.objects.filter(year=year).select_related("scheme", "sent_by")
            .annotate(used_after=Count("reminders", filter=Q(
                reminders__activity_pass__first_used_at__gt=F("sent_at"))))
            .order_by("-sent_at", "-id"))
    return [ReminderEffect(run, run.used_after) for run in runs]
