"""The printable Familiens plan: an A4 PDF in plain language, in Norwegian or English, that
the coordinator gives the family (from the case page) and the family prints themselves
(from Min side). It holds the goals, the actions with who answers for them and the dates,
and the child's own words — never the address, notes or anything about access.

The caller decides what the reader may see: the coordinator's ``selectors.plan_for_case``
(full access) or Min side's ``selectors.citizen.plan_for_reader``; both give areas of goals
with ``goal``, ``actions`` and ``voices``. The caller audits the print.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from levekar.followup.models import Goal, GoalAction

LANGUAGES = ("nb", "en")


def print_language(value: str | None, default: str = "nb") -> str:
    """The language asked for (``nb`` or ``en``), else ``default``."""
    return value if value in LANGUAGES else default


def _printable(areas) -> list[tuple[str, list]]:
    """Goals still worked on or reached, with their actions that are not cancelled."""
    out = []
    for label, goals in areas:
        kept = []
        for g in goals:
            if g.goal.status in (Goal.Status.CHANGED, Goal.Status.STOPPED):
                continue
            g.print_actions = [a for a in g.actions if a.status != GoalAction.Status.CANCELLED]
            kept.append(g)
        if kept:
            out.append((label, kept))
    return out


def family_plan_pdf(*, case, areas, language: str, family_wishes: str = "",
                    for_person=None) -> bytes:
    """Familiens plan as an A4 PDF in ``language`` (``nb`` or ``en``). ``areas``: (area
    label, goals) as the selectors give them; ``for_person``: the family member it is
    printed for on Min side (their own goals say "you")."""
    from weasyprint import HTML  # imported here: loading it takes a second

    with translation.override(print_language(language)):
        html = render_to_string("followup/plan/print_pdf.html", {
            "case": case, "case_name": case.name, "areas": _printable(areas),
            "family_wishes": family_wishes, "coordinator": case.coordinator,
            "for_person": for_person, "printed_on": timezone.localdate(),
            "language": print_language(language),
            # "1. februar 2027" / "1 February 2027": the date in words, as a letter has it.
            "day_format": "j. F Y" if print_language(language) == "nb" else "j F Y"})
    return HTML(string=html).write_pdf()
