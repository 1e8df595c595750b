"""The kunnskapsgrunnlag as evidence for the action plan: a measure linked to an indicator
shows that indicator's trend (computed and published) against the plan's target.

``plans`` may not import ``stats`` (stats sits above it), so stats registers itself in
the plans' evidence registry when the app is ready.
"""

from dataclasses import asdict

from levekar.plans.evidence import IndicatorPoint
from levekar.stats.selectors import indicator_trend


def indicator_points_for_link(link) -> list[IndicatorPoint]:
    """The trend of the linked indicator for the link's area and group (children when the
    plan names no group)."""
    group = link.group or "children"
    return [IndicatorPoint(**asdict(p))
            for p in indicator_trend(indicator=link.indicator, area=link.area, group=group)]
