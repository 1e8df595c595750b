"""What every page of the kunnskapsgrunnlag shares: the figure, the chosen data, periods."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from levekar.core.models import Municipality, OrgUnit
from levekar.stats.models import (
    COUNTRY_AREA,
    PERSISTENT_INDICATORS,
    FigureStatus,
    IndicatorValue,
    PublishedFigure,
    ResultSet,
    ThresholdScope,
)
from levekar.stats.readers.klass import klass

COUNTRY_NAME = _("Norway (whole country)")


@dataclass(frozen=True)
class Figure:
    """One number as shown: a percent, suppressed (":"), or not available ("–")."""

    percent: Decimal | None = None
    suppressed: bool = False
    numerator: int | None = None
    denominator: int | None = None
    threshold_scope: str = ""
    source: str = ""
    published: bool = False
    period: str = ""

    @property
    def available(self) -> bool:
        return self.percent is not None

    @property
    def scope_label(self) -> str:
        return str(ThresholdScope(self.threshold_scope).label)

    @property
    def as_float(self) -> float | None:
        return None if self.percent is None else float(self.percent)


def figure_from_value(row: IndicatorValue, source: str) -> Figure:
    if row.suppressed:
        return Figure(suppressed=True, denominator=row.denominator,
                      threshold_scope=row.threshold_scope, source=source, period=row.period)
    return Figure(percent=row.percent, numerator=row.numerator, denominator=row.denominator,
                  threshold_scope=row.threshold_scope, source=source, period=row.period)


def figure_from_published(row: PublishedFigure) -> Figure:
    return Figure(percent=row.value if row.status == FigureStatus.OK else None,
                  suppressed=row.status == FigureStatus.SUPPRESSED,
                  threshold_scope=row.threshold_scope, source=row.table.source,
                  published=True, period=row.period)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def period_for(indicator: str, year: int) -> str:
    """The period of ``indicator`` that ends in ``year``."""
    return f"{year - 2}-{year}" if indicator in PERSISTENT_INDICATORS else str(year)


def period_label(period: str) -> str:
    return period.replace("-", "–")


@dataclass
class StatsContext:
    """The data a page shows: which computed result set, which municipality."""

    result_set: ResultSet | None
    result_sets: list[ResultSet]
    municipality: str
    municipality_name: str
    municipalities: list[Choice]
    zone_municipalities: set[str] = field(default_factory=set)
    years: list[int] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.result_set.source if self.result_set else ""

    @property
    def has_zones(self) -> bool:
        return self.municipality in self.zone_municipalities

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    @property
    def latest_period(self) -> str | None:
        return self.periods[-1] if self.periods else None

    def latest_period_of(self, indicator: str) -> str | None:
        """The newest period of ``indicator``: three years for the persistent ones."""
        if indicator in PERSISTENT_INDICATORS:
            return self.latest_period
        return str(self.latest_year) if self.latest_year else None

    def default_table_year(self) -> int | None:
        ends = [int(p[-4:]) for p in self.periods]
        with_period = [y for y in self.years if y in ends]
        return (with_period or self.years or [None])[-1]

    def municipality_label(self, code: str) -> str:
        if code == COUNTRY_AREA:
            return str(COUNTRY_NAME)
        return next((c.label for c in self.municipalities if c.value == code), code)


def stats_context(*, user, result_set_id: int | None = None, municipality: str | None = None,
                  need_zones: bool = False) -> StatsContext:
    """The result set (the chosen one, the default, or the newest) and municipality a page
    shows.

    The municipality defaults to the user's own (their unit's), then to the first one
    with zones in the result; pages about zones (``need_zones``) only offer those with
    zones. At most three queries.
    """
    result_sets = list(ResultSet.objects.order_by("-loaded_at", "-pk"))
    # The one asked for, else the one an analyst made the default, else the newest.
    chosen = next((r for r in result_sets if r.pk == result_set_id), None) \
        or next((r for r in result_sets if r.is_default), None) \
        or (result_sets[0] if result_sets else None)
    summary = chosen.summary if chosen else {}
    if chosen:
        codes = list(summary.get("municipalities", []))
        names = dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))
    else:
        names = dict(Municipality.objects.values_list("code", "name"))
        codes = sorted(names)
    # Municipalities the product does not keep as rows are named from SSB's KLASS 131.
    official = klass()
    names = {c: names.get(c) or official.name(c) for c in codes if names.get(c)
             or official.name(c)}
    choices = [Choice(c, f"{names[c]} ({c})" if c in names else c) for c in codes]
    zone_municipalities = set(summary.get("zone_municipalities", []))
    if need_zones and zone_municipalities:
        codes = [c for c in codes if c in zone_municipalities]
    if municipality not in codes:
        own = None
        if getattr(user, "org_unit_id", None):
            own = OrgUnit.objects.filter(pk=user.org_unit_id).values_list(
                "municipality__code", flat=True).first()
        if own in codes:
            municipality = own
        else:
            municipality = next((c for c in codes if c in zone_municipalities),
                                codes[0] if codes else "")
    return StatsContext(
        result_set=chosen, result_sets=result_sets, municipality=municipality,
        municipality_name=names.get(municipality, municipality), municipalities=choices,
        zone_municipalities=zone_municipalities,
        years=[int(y) for y in summary.get("years", [])],
        periods=list(summary.get("periods", [])))
