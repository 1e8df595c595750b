"""Reach per levekårssone: do the universal measures reach the zones that need them most?

For each zone of a municipality, side by side: the share of children in persistent low
income (municipal median, from the statistics), activity-pass cards issued and used per
100 eligible children, loans per 1,000 children (counted at the lending point's zone:
borrowers give no address), holiday places per 1,000 children, families in follow-up per
1,000 households, and — where the cells allow — the families' session feedback and the
share whose quality of life improved at the first yearly mapping.

Every cell goes through the small-cell rule (``lib.suppress_column``: primary and
secondary, since the zones add up to the municipality's total shown beside them). A fixed
number of queries, whatever the number of zones, children, cards or families: every count
is one GROUP BY in the database.
"""

import datetime as dt
import json
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.lib.suppression import DEFAULT_RULE, SuppressionRule
from levekar.evaluation.lib import IMPROVED, suppress_column
from levekar.evaluation.models import MappingChange
from levekar.followup.models import Case, SessionFeedback
from levekar.lending.models import Loan
from levekar.passes.models import ActivityPass, HolidayOffer, IssuanceRun, Nomination
from levekar.people.models import Household, Person, Zone
from levekar.stats.models import (
    Group,
    Indicator,
    IndicatorValue,
    Level,
    ThresholdScope,
    ZoneBoundary,
)
from levekar.stats.readers.geo import label_point
from levekar.stats.selectors.common import StatsContext

NO_ZONE = ""
OUTCOME_DOMAIN = "quality_of_life"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str                     # what the figure is: "%", "per 100", "per 1 000" …
    per: int                      # the figure is numerator / denominator × per
    part_of_whole: bool = True
    mean: bool = False            # a mean score (feedback), not a rate


COLUMNS = [
    Column("low_income", _("Children in persistent low income"), _("% (municipal median)"),
           100),
    # All eligible children getting a card says nothing about anyone: only small counts hide.
    Column("passes_issued", _("Activity cards issued"), _("per 100 eligible children"), 100,
           part_of_whole=False),
    Column("passes_used", _("Activity cards used"), _("per 100 eligible children"), 100),
    Column("loans", _("Loans from the equipment library"), _("per 1,000 children"), 1000,
           part_of_whole=False),
    Column("holiday", _("Holiday places"), _("per 1,000 children"), 1000, part_of_whole=False),
    Column("followup", _("Families in follow-up"), _("per 1,000 households"), 1000),
    Column("feedback", _("Session feedback, outcome score"), _("mean (0–40)"), 1, mean=True),
    Column("improved", _("Quality of life improved at the first yearly mapping"), _("%"), 100),
]
COLUMN_KEYS = [c.key for c in COLUMNS]


@dataclass
class Cell:
    numerator: int
    denominator: int
    value: float | None = None     # set unless hidden; None with hidden=False: no data
    hidden: bool = False

    @property
    def text(self) -> str:
        if self.hidden:
            return ":"
        if self.value is None:
            return "–"
        return f"{self.value:.1f}".replace(".", ",")


@dataclass
class ZoneRow:
    code: str
    name: str
    children: int
    households: int
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def ordered(self) -> list[Cell]:
        return [self.cells[k] for k in COLUMN_KEYS]


@dataclass
class Reach:
    year: int
    municipality: str
    low_income_period: str
    rows: list[ZoneRow]
    total: ZoneRow
    boundary: ZoneBoundary | None
    columns: list[Column] = field(default_factory=lambda: list(COLUMNS))

    def features(self, key: str) -> list[dict]:
        """GeoJSON features of the zones with one column's value (for the map)."""
        if self.boundary is None:
            return []
        by_code = {r.code: r for r in self.rows}
        out = []
        for feature in json.loads(self.boundary.geojson)["features"]:
            code = feature["properties"]["code"]
            row = by_code.get(code)
            cell = row.cells[key] if row else Cell(0, 0)
            lon, lat = label_point(feature["geometry"])
            out.append({"type": "Feature", "geometry": feature["geometry"],
                        "properties": {"code": code,
                                       "name": row.name if row else feature["properties"]["name"],
                                       "percent": None if cell.hidden else cell.value,
                                       "suppressed": cell.hidden, "lon": lon, "lat": lat}})
        return out


def _low_income(ctx: StatsContext, municipality: str, year: int) -> tuple[str, dict[str, Cell]]:
    """The newest three-year period ending in ``year`` or before (the statistics lag), as
    the statistics computed and suppressed it (2 queries)."""
    if ctx.result_set is None:
        return "", {}
    values = IndicatorValue.objects.filter(
        result_set=ctx.result_set, municipality=municipality, level=Level.ZONE,
        indicator=Indicator.PERSISTENT_LOW_INCOME_60, group=Group.CHILDREN,
        threshold_scope=ThresholdScope.MUNICIPAL)
    periods = sorted({p for p in values.values_list("period", flat=True).distinct()
                      if int(p[-4:]) <= year}, key=lambda p: p[-4:])
    if not periods:
        return "", {}
    out = {}
    for v in values.filter(period=periods[-1]):
        out[v.area] = Cell(v.numerator or 0, v.denominator or 0,
                           None if v.suppressed or v.percent is None else float(v.percent),
                           hidden=bool(v.suppressed))
    return periods[-1].replace("-", "–"), out


def _eligible(year: int, zones: dict[int, Zone]) -> dict[str, int]:
    """Children eligible per zone code: the latest completed issuance run of each scheme
    (the runs keep their count per zone id) — 1 query."""
    latest: dict[int, IssuanceRun] = {}
    for run in (IssuanceRun.objects.filter(year=year, status=IssuanceRun.Status.DONE)
                .order_by("-started_at", "-id").only("id", "scheme_id", "eligible_by_zone")):
        latest.setdefault(run.scheme_id, run)
    out: dict[str, int] = {}
    for run in latest.values():
        for zone_id, n in (run.eligible_by_zone or {}).items():
            zone = zones.get(int(zone_id)) if zone_id else None
            code = zone.code if zone else NO_ZONE
            out[code] = out.get(code, 0) + int(n)
    return out


def reach(ctx: StatsContext, *, year: int, rule: SuppressionRule = DEFAULT_RULE) -> Reach:
    """Reach per zone of ``ctx.municipality`` in ``year`` (13 queries)."""
    municipality = ctx.municipality
    zones = {z.pk: z for z in Zone.objects.filter(municipality__code=municipality)
             .order_by("code")}
    code_of = {pk: z.code for pk, z in zones.items()}
    tz = timezone.get_current_timezone()
    year_start = dt.datetime(year, 1, 1, tzinfo=tz)
    year_end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    last_day = dt.date(year, 12, 31)
    # Children 0–17 at the end of the year, households — where they live now.
    children = {code_of.get(r["household__zone"], NO_ZONE): r["n"] for r in (
        Person.objects.filter(household__municipality__code=municipality,
                              anonymised_at__isnull=True,
                              birth_date__gt=dt.date(year - 18, 12, 31),
                              birth_date__lte=last_day)
        .values("household__zone").annotate(n=Count("pk")).order_by())}
    households = {code_of.get(r["zone"], NO_ZONE): r["n"] for r in (
        Household.objects.filter(municipality__code=municipality)
        .values("zone").annotate(n=Count("pk")).order_by())}
    eligible = _eligible(year, zones)
    issued, used = {}, {}
    for r in (ActivityPass.objects.filter(year=year, scheme__municipality__code=municipality)
              .values("zone").annotate(n=Count("pk"),
                                       used=Count("pk", filter=Q(first_used_at__isnull=False)))
              .order_by()):
        code = code_of.get(r["zone"], NO_ZONE)
        issued[code], used[code] = r["n"], r["used"]
    # Loans and places are suppressed by the people behind them (borrowers, families),
    # not by their number: one family travelling five is still one family.
    loans = {code_of.get(r["checkout__location__zone"], NO_ZONE): (r["n"], r["people"])
             for r in (Loan.objects.filter(lent_at__gte=year_start, lent_at__lt=year_end)
                       .values("checkout__location__zone")
                       .annotate(n=Count("pk"), people=Count("borrower", distinct=True))
                       .order_by())}
    holiday = {code_of.get(r["household__zone"], NO_ZONE): (r["n"] or 0, r["people"])
               for r in (Nomination.objects.filter(status=Nomination.Status.ALLOCATED,
                                                   offer__municipality__code=municipality,
                                                   offer__starts_on__year=year,
                                                   offer__status=HolidayOffer.Status.ALLOCATED)
                         .values("household__zone")
                         .annotate(n=Sum("persons"), people=Count("household", distinct=True))
                         .order_by())}
    # A family counts in the year if its case was open at some time in it.
    in_year = (Q(start_date__lte=last_day)
               & (Q(closed_at__isnull=True) | Q(closed_at__gte=year_start)))
    followup = {code_of.get(r["household__zone"], NO_ZONE): r["n"] for r in (
        Case.objects.filter(in_year, household__municipality__code=municipality)
        .values("household__zone").annotate(n=Count("household", distinct=True)).order_by())}
    feedback = {code_of.get(r["zone"], NO_ZONE): (r["persons"], r["mean"]) for r in (
        SessionFeedback.objects.filter(
            meeting__starts_at__gte=year_start, meeting__starts_at__lt=year_end,
            meeting__case__household__municipality__code=municipality)
        .values(zone=F("meeting__case__household__zone"))
        .annotate(persons=Count("member", distinct=True), mean=Avg("outcome_total"))
        .order_by())}
    improved = {}
    for r in (MappingChange.objects.filter(follow_index=1, domain=OUTCOME_DOMAIN,
                                           case__household__municipality__code=municipality)
              .values("case__household__zone")
              .annotate(n=Count("pk"), better=Count("pk", filter=Q(verdict=IMPROVED)))
              .order_by()):
        improved[code_of.get(r["case__household__zone"], NO_ZONE)] = (r["better"], r["n"])
    period, low_income = _low_income(ctx, municipality, year)
    boundary = ZoneBoundary.objects.filter(municipality__code=municipality).first()

    codes = [z.code for z in zones.values()]
    has_unzoned = any(NO_ZONE in d for d in (children, issued, loans, followup, holiday))
    if has_unzoned:
        codes.append(NO_ZONE)
    names = {z.code: z.name for z in zones.values()}
    rows = [ZoneRow(c, names.get(c) or str(_("No zone")), children.get(c, 0),
                    households.get(c, 0)) for c in codes]
    total = ZoneRow("", str(_("Whole municipality")), sum(children.values()),
                    sum(households.values()))
    # Per column and zone: (figure's numerator, denominator, people behind the numerator).
    pairs = {
        "passes_issued": lambda c: (issued.get(c, 0), eligible.get(c, 0), issued.get(c, 0)),
        "passes_used": lambda c: (used.get(c, 0), eligible.get(c, 0), used.get(c, 0)),
        "loans": lambda c: _first(loans.get(c, (0, 0)), children.get(c, 0)),
        "holiday": lambda c: _first(holiday.get(c, (0, 0)), children.get(c, 0)),
        "followup": lambda c: (followup.get(c, 0), households.get(c, 0), followup.get(c, 0)),
        "improved": lambda c: (*improved.get(c, (0, 0)), improved.get(c, (0, 0))[0]),
    }
    for column in COLUMNS:
        if column.key == "low_income":
            for row in rows:
                row.cells["low_income"] = low_income.get(row.code, Cell(0, 0))
            total.cells["low_income"] = Cell(0, 0)   # the municipality's figure is on /kunnskap/
            continue
        if column.key == "feedback":
            for row in rows:
                persons, mean = feedback.get(row.code, (0, None))
                row.cells["feedback"] = _mean_cell(persons, mean, rule)
            persons = sum(p for p, _m in feedback.values())
            mean = (sum(p * (m or 0) for p, m in feedback.values()) / persons) if persons else None
            total.cells["feedback"] = _mean_cell(persons, mean, rule)
            continue
        values = [pairs[column.key](r.code) for r in rows]
        hidden = suppress_column([(people, den) for _n, den, people in values], rule,
                                 part_of_whole=column.part_of_whole)
        for row, (num, den, _people), hide in zip(rows, values, hidden, strict=True):
            row.cells[column.key] = _rate_cell(num, den, column.per, hide)
        num, den = sum(v[0] for v in values), sum(v[1] for v in values)
        people = sum(v[2] for v in values)
        total.cells[column.key] = _rate_cell(num, den, column.per, _primary(
            people, den, column, rule))
    return Reach(year, municipality, period, rows, total, boundary)


def _first(counted: tuple[int, int], denominator: int) -> tuple[int, int, int]:
    """(count, people) and a denominator → (count, denominator, people)."""
    return counted[0], denominator, counted[1]


def _primary(num: int, den: int, column: Column, rule: SuppressionRule) -> bool:
    return suppress_column([(num, den)], rule, part_of_whole=column.part_of_whole,
                           secondary=False)[0]


def _rate_cell(num: int, den: int, per: int, hidden: bool) -> Cell:
    if den <= 0:
        return Cell(num, den)                     # nothing to divide by: "–"
    return Cell(num, den, None if hidden else round(per * num / den, 1), hidden=hidden)


def _mean_cell(persons: int, mean: float | None, rule: SuppressionRule) -> Cell:
    """A mean score is shown only when enough persons gave it."""
    if not persons:
        return Cell(0, 0)
    hidden = persons < rule.min_denominator
    return Cell(persons, persons, None if hidden else round(mean, 1), hidden=hidden)


def reach_years() -> list[int]:
    """The years to choose among, newest first: this year and the five before, the year of
    the newest completed issuance run first (the season the passes figures are for) — one
    query."""
    this = timezone.localdate().year
    years = list(range(this, this - 6, -1))
    newest = (IssuanceRun.objects.filter(status=IssuanceRun.Status.DONE)
              .order_by("-year").values_list("year", flat=True).first())
    if newest in years:
        years.remove(newest)
        years.insert(0, newest)
    return years
