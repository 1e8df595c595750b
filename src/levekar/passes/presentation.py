"""Human-readable summaries for pages (translated): rule sets, reasons, percentages."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from levekar.passes.services import REASON_LABELS


def nok(value: int) -> str:
    return f"{intcomma(value)} kr"


def rules_summary(rules: dict, zone_names: dict[str, str] | None = None) -> list[str]:
    """One sentence per part of a rule set, e.g. for the scheme page."""
    lines = []
    age = rules.get("child_age", {})
    month, day = (int(x) for x in rules.get("reference_day", "08-01").split("-"))
    lines.append(_("Children aged %(min)s–%(max)s on %(day)s of the year.") % {
        "min": age.get("min"), "max": age.get("max"), "day": f"{day}.{month}."})
    income = rules.get("income")
    if income:
        lines.append(_("Household income after tax at most %(base)s, plus %(extra)s per child "
                       "after the first, plus %(single)s for single parents.") % {
            "base": nok(income["base_limit"]), "extra": nok(income.get("per_extra_child", 0)),
            "single": nok(income.get("single_parent_supplement", 0))})
        offset = income.get("income_year_offset", -1)
        lines.append({0: _("Income from the same year."), -1: _("Income from the year before."),
                      -2: _("Income from two years before."),
                      -3: _("Income from three years before.")}[offset])
    else:
        lines.append(_("No income test."))
    zones = rules.get("zones")
    if zones:
        names = [(zone_names or {}).get(z, z) for z in zones]
        lines.append(_("Only in: %(zones)s.") % {"zones": ", ".join(names)})
    else:
        lines.append(_("Residents of the whole municipality."))
    return lines


def reasons_list(reasons: dict) -> list[tuple[str, int]]:
    return [(str(REASON_LABELS.get(code, code)), count) for code, count in reasons.items()]
