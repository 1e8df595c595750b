"""Figures from the universal measures next to the action plan's measures.

The plan (``plans``) and the measures it follows up (``passes``, ``lending``) are sibling
apps that never import each other; this module, above them, joins them through the
plans' evidence registry. Which measure shows which figures is data:
``data/plan-evidence.yaml``.
"""

from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from levekar.plans.evidence import EvidenceItem
from levekar.plans.selectors import plan_municipalities

EVIDENCE_FILE = Path(settings.REPO_DIR) / "data" / "plan-evidence.yaml"
SOURCES = ("activity_pass", "lending")


@cache
def evidence_map() -> dict[str, dict[str, tuple[str, ...]]]:
    """{plan code: {measure code: sources}} from the data file (read once).

    A malformed file is refused with a Norwegian message naming the plan and measure.
    """
    if not EVIDENCE_FILE.exists():
        return {}
    data = yaml.safe_load(EVIDENCE_FILE.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{EVIDENCE_FILE.name}: venter planer med tiltak (plan: {{tiltak: "
                         f"[kilder]}}).")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for plan_code, measures in data.items():
        if not isinstance(measures or {}, dict):
            raise ValueError(f"{EVIDENCE_FILE.name}: planen «{plan_code}» må ha tiltak med "
                             f"kilder (tiltak: [kilder]).")
        out[str(plan_code)] = {}
        for code, sources in (measures or {}).items():
            if not isinstance(sources, list):
                raise ValueError(f"{EVIDENCE_FILE.name}: kildene for tiltak «{code}» i planen "
                                 f"«{plan_code}» må være en liste, for eksempel [lending].")
            unknown = set(sources) - set(SOURCES)
            if unknown:
                raise ValueError(f"{EVIDENCE_FILE.name}: ukjent kilde {sorted(unknown)} for "
                                 f"tiltak «{code}» i planen «{plan_code}».")
            out[str(plan_code)][str(code)] = tuple(sources)
    return out


def _pass_items(uptake, municipality_id: int, year: int) -> list[EvidenceItem]:
    items = []
    for u in uptake:
        if u.scheme.municipality_id != municipality_id:
            continue
        t = u.total
        items.append(EvidenceItem(
            label=_("%(scheme)s: share of issued passes used") % {"scheme": u.scheme.name},
            value=t.share_text,
            detail=_("%(used)s of %(issued)s passes used; %(eligible)s children eligible "
                     "(%(year)s)") % {"used": t.used_text, "issued": t.issued_text,
                                      "eligible": t.eligible_text, "year": year},
        ))
    return items


def universal_measure_evidence(measures, year: int) -> list[list[EvidenceItem]]:
    """Evidence for each measure: a fixed number of queries whatever the number."""
    from levekar.passes.selectors import uptake_by_zone

    mapping = evidence_map()
    plans = plan_municipalities({m.plan_id for m in measures})
    wanted = [mapping.get(plans[m.plan_id][0], {}).get(m.code, ()) if m.plan_id in plans
              else () for m in measures]
    needed = {s for sources in wanted for s in sources}
    uptake = uptake_by_zone(year=year) if "activity_pass" in needed else []
    lending = _lending_items_by_municipality(year) if "lending" in needed else {}
    out = []
    for measure, sources in zip(measures, wanted, strict=True):
        municipality_id = plans[measure.plan_id][1] if measure.plan_id in plans else None
        items: list[EvidenceItem] = []
        if "activity_pass" in sources:
            items += _pass_items(uptake, municipality_id, year)
        if "lending" in sources:
            items += lending.get(municipality_id, [])
        out.append(items)
    return out


def _lending_items_by_municipality(year: int) -> dict[int, list[EvidenceItem]]:
    """The equipment library's year, for the municipality it serves (the installation's:
    lending points are not tied to a municipality in the data)."""
    from levekar.core.lib.suppression import count
    from levekar.core.selectors import home_municipality
    from levekar.lending.selectors import usage_summary

    home = home_municipality()
    if home is None:
        return {}
    s = usage_summary(year=year)
    if not s["loans"]:
        return {}
    return {home.pk: [EvidenceItem(
        label=_("Equipment library: loans"), value=str(s["loans"]),
        detail=_("%(borrowers)s borrowers, %(new)s of them new; %(sets)s class-set loans "
                 "(%(year)s)") % {"borrowers": count(s["unique_borrowers"]),
                                  "new": count(s["new_borrowers"]),
                                  "sets": s["class_set_loans"], "year": year})]}
