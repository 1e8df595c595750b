"""Downloads of the tables as CSV (for Norwegian Excel: semicolon, decimal comma, BOM) and XLSX.

Suppressed cells are ":" and figures not available ".." in both (SSB's marks); XLSX keeps
the other percentages as numbers. The XLSX has a second sheet saying where the figures
come from and what the marks mean.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.core.lib.suppression import SUPPRESSED_MARK
from levekar.core.lib.tabular import XlsxSheet, csv_text, xlsx_bytes
from levekar.stats.models import (
    COUNTRY_AREA,
    FigureStatus,
    Group,
    Indicator,
    IndicatorValue,
    Level,
    PublishedFigure,
    ThresholdScope,
    Unit,
)
from levekar.stats.selectors import Figure, StatsContext, ZoneTable
from levekar.stats.selectors.common import period_label

MISSING_MARK = ".."


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    about: list[tuple[str, str]] = field(default_factory=list)


def _percent(figure: Figure):
    if figure.suppressed:
        return SUPPRESSED_MARK
    if figure.percent is None:
        return MISSING_MARK
    return figure.percent


def _about(ctx: StatsContext) -> list[tuple[str, str]]:
    loaded = timezone.localtime(ctx.result_set.loaded_at) if ctx.result_set else None
    return [
        (_("Computed figures"), ctx.source or "–"),
        (_("Loaded"), loaded.strftime("%d.%m.%Y %H:%M") if loaded else "–"),
        (_("Municipality"), f"{ctx.municipality_name} ({ctx.municipality})"),
        (_("Downloaded"), timezone.localtime().strftime("%d.%m.%Y %H:%M")),
        (SUPPRESSED_MARK, _("Suppressed: too few persons to show the figure without "
                            "risking that someone is recognised.")),
        (MISSING_MARK, _("Not available.")),
        (_("Threshold"), _("Zone figures use the municipality's median income, the "
                           "municipality and the country the national median. Figures "
                           "with different thresholds cannot be compared.")),
    ]


def zone_table_sheet(ctx: StatsContext, table: ZoneTable) -> Sheet:
    headers = [_("Zone code"), _("Zone")]
    for column in table.columns:
        scope = "" if column.indicator == Indicator.CROWDING else f", {column.scope_label}"
        headers += [f"{column.label} {column.period_label} (%{scope})",
                    f"{column.label} {column.period_label} – {_('persons')}"]
    headers.append(_("Source"))
    sheet = Sheet(title=_("Zones"), headers=headers, about=_about(ctx))
    sheet.about.insert(3, (_("Group"), table.group_label))
    for row in table.rows:
        line = [row.code, row.name]
        for figure in row.cells:
            line += [_percent(figure), figure.denominator if figure.denominator else MISSING_MARK]
        line.append(ctx.source)
        sheet.rows.append(line)
    return sheet


def overview_sheet(ctx: StatsContext) -> Sheet:
    """Every computed and published figure of the municipality and the country (long form)."""
    areas = [COUNTRY_AREA, ctx.municipality]
    headers = [_("Source"), _("Published"), _("Period"), _("Area code"), _("Area"),
               _("Indicator"), _("Group"), _("Threshold"), _("Numerator"), _("Denominator"),
               _("Percent")]
    sheet = Sheet(title=_("Municipality"), headers=headers, about=_about(ctx))
    yes, no = _("yes"), _("no")
    if ctx.result_set:
        for v in IndicatorValue.objects.filter(
                result_set=ctx.result_set, level__in=[Level.COUNTRY, Level.MUNICIPALITY],
                area__in=areas).order_by("indicator", "group", "area", "period"):
            sheet.rows.append([
                ctx.source, no, period_label(v.period), v.area, ctx.municipality_label(v.area),
                str(Indicator(v.indicator).label), str(Group(v.group).label),
                str(ThresholdScope(v.threshold_scope).label),
                SUPPRESSED_MARK if v.suppressed else v.numerator, v.denominator,
                SUPPRESSED_MARK if v.suppressed else v.percent])
    for p in PublishedFigure.objects.filter(area__in=areas, unit=Unit.PERCENT).select_related(
            "table").order_by("indicator", "group", "area", "period"):
        value = p.value.quantize(Decimal("0.1")) if p.value is not None else (
            SUPPRESSED_MARK if p.status == FigureStatus.SUPPRESSED else MISSING_MARK)
        sheet.rows.append([
            p.table.source, yes, period_label(p.period), p.area, ctx.municipality_label(p.area),
            str(Indicator(p.indicator).label), str(Group(p.group).label),
            str(ThresholdScope(p.threshold_scope).label), "", "", value])
    return sheet


def to_csv(sheet: Sheet) -> bytes:
    return csv_text(sheet.headers, sheet.rows).encode("utf-8")


def to_xlsx(sheet: Sheet) -> bytes:
    widths = {i: min(max(12, len(header) + 2), 48)
              for i, header in enumerate(sheet.headers, start=1)}
    return xlsx_bytes([
        XlsxSheet(title=sheet.title, header=sheet.headers, rows=sheet.rows, widths=widths,
                  decimal_format="0.0",
                  freeze="C2" if sheet.headers[:1] == [_("Zone code")] else "A2"),
        XlsxSheet(title=_("About the figures"), header=None, rows=sheet.about,
                  widths={1: 22, 2: 100}),
    ])
