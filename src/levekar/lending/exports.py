"""The usage statistics as a chart (Vega-Lite via Altair) and as CSV / XLSX downloads.

Counts of people go through small-cell suppression here, as on the page.
"""

import datetime as dt
import json
from functools import lru_cache

import altair as alt
from django.utils import formats, translation
from django.utils.translation import gettext as _

from levekar.core.lib import suppression
from levekar.core.lib.tabular import XlsxSheet, csv_text, xlsx_bytes
from levekar.lending.selectors.stats import UsageReport


def month_name(month: int) -> str:
    return formats.date_format(dt.date(2000, month, 1), "F")


def month_short(month: int) -> str:
    return formats.date_format(dt.date(2000, month, 1), "M")


@lru_cache(maxsize=8)
def _loans_chart_skeleton(language: str) -> str:
    """The chart without its data, as JSON, once per language: building the spec with
    Altair costs more than the page's queries, and only the data changes."""
    with translation.override(language):
        months = [month_short(m) for m in range(1, 13)]
        chart = (
            alt.Chart(alt.NamedData(name="loans"))
            .mark_bar()
            .encode(
                x=alt.X("month:O", title=_("Month"), sort=months),
                y=alt.Y("loans:Q", title=_("Loans")),
                color=alt.Color("category:N", title=_("Category")),
                tooltip=[alt.Tooltip("month:O", title=_("Month")),
                         alt.Tooltip("category:N", title=_("Category")),
                         alt.Tooltip("loans:Q", title=_("Loans"))],
            )
            .properties(width="container", height=260)
        )
        return json.dumps(chart.to_dict())


def loans_chart(report: UsageReport) -> dict:
    """Stacked bars: loans per month, coloured by category (the table repeats the figures)."""
    months = [month_short(m) for m in range(1, 13)]
    spec = json.loads(_loans_chart_skeleton(translation.get_language() or "nb"))
    spec["datasets"] = {"loans": [
        {"month": months[row["month"] - 1], "category": row["category"], "loans": row["loans"]}
        for row in report.category_months if row["loans"]]}
    return spec


def summary_rows(report: UsageReport) -> list[tuple[str, str | int]]:
    s = report.summary
    return [
        (_("Loans"), s["loans"]),
        (_("Unique borrowers"), suppression.count(s["unique_borrowers"])),
        (_("New borrowers"), suppression.count(s["new_borrowers"])),
        (_("Class-set lendings"), s["class_set_loans"]),
        (_("Copies lent in class sets"), report.class_set_copies),
    ]


def _tables(report: UsageReport) -> dict[str, tuple[list[str], list[list]]]:
    return {
        "summary": ([_("Figure"), _("Value")], [list(r) for r in summary_rows(report)]),
        "months": ([_("Month"), _("Loans")], [
            [month_name(r["month"]), r["loans"]] for r in report.months]),
        "categories": ([_("Category"), _("Loans"), _("Share of loans (%)")], [
            [r["category"], r["loans"], round(100 * r["share"], 1)]
            for r in report.categories]),
        "category_months": ([_("Category"), _("Month"), _("Loans")], [
            [r["category"], month_name(r["month"]), r["loans"]]
            for r in report.category_months]),
        "items": ([_("Equipment"), _("Category"), _("Copies"), _("Loans"),
                   _("Loans per copy"), _("Days on loan"), _("Utilisation (%)")], [
            [u.name, u.category, u.copies, u.loans, round(u.loans_per_copy, 2), u.days_out,
             round(100 * u.utilisation, 1)] for u in report.items]),
    }


CSV_TABLES = ("category_months", "items")


def usage_csv(report: UsageReport, table: str) -> str:
    """One table as CSV with «;» (opens in Norwegian Excel) and a BOM."""
    header, rows = _tables(report)[table]
    return csv_text(header, rows)


def usage_xlsx(report: UsageReport) -> bytes:
    titles = {"summary": _("Summary"), "months": _("Per month"),
              "categories": _("Per category"), "category_months": _("Category and month"),
              "items": _("Per item")}
    return xlsx_bytes(
        XlsxSheet(title=titles[key], header=[str(h) for h in header], rows=rows,
                  widths={1: 34}, freeze=None)
        for key, (header, rows) in _tables(report).items())
