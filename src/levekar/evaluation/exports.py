"""Downloads of the evaluation's aggregates (CSV for Norwegian Excel, XLSX), with every
suppressed cell as ":" exactly as on the page — the downloads never show more."""

from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.core.lib.suppression import SUPPRESSED_MARK
from levekar.evaluation.selectors.outcomes import ALL, Outcomes
from levekar.evaluation.selectors.reach import Reach
from levekar.stats.exports import Sheet, to_csv, to_xlsx

__all__ = ["outcomes_sheet", "reach_sheet", "to_csv", "to_xlsx"]


def _about(extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [*extra,
            (_("Downloaded"), timezone.localtime().strftime("%d.%m.%Y %H:%M")),
            (SUPPRESSED_MARK, _("Suppressed: too few families to show the figure without "
                                "risking that someone is recognised."))]


def outcomes_sheet(data: Outcomes) -> Sheet:
    headers = [_("Domain"), _("Group"), _("Families"), _("Improved (%)"),
               _("Unchanged (%)"), _("Worse (%)")]
    sheet = Sheet(title=_("Outcomes"), headers=headers, about=_about([
        (_("Breakdown"), data.breakdown_label),
        (_("Mapping"), _("Mapping no. %(n)s after the start mapping") % {"n": data.follow_index}),
    ]))
    for table in data.domains:
        for row in [table.total, *table.rows]:
            sheet.rows.append([table.label, data.label(row.key) if row.key != ALL
                               else _("All families"),
                               SUPPRESSED_MARK if row.total_hidden else row.total,
                               *[SUPPRESSED_MARK if c.percent is None else c.percent
                                 for c in row.cells]])
    return sheet


def reach_sheet(data: Reach) -> Sheet:
    """The reach table as on the page: one row per zone and the whole municipality, every
    hidden cell ":" and every cell without data empty."""
    headers = [_("Zone code"), _("Living-conditions zone"),
               *[f"{c.label} ({c.unit})" for c in data.columns]]
    sheet = Sheet(title=_("Reach per zone"), headers=headers, about=_about([
        (_("Year"), str(data.year)),
        (_("Persistent low income"), _("Period %(p)s") % {"p": data.low_income_period or "–"}),
    ]))
    for row in [*data.rows, data.total]:
        sheet.rows.append([row.code, row.name, *[
            SUPPRESSED_MARK if c.hidden else ("" if c.value is None else c.value)
            for c in row.ordered]])
    return sheet
