"""The kunnskapsgrunnlag as evidence for the action plan: a measure linked to an indicator
shows that indicator's trend (computed and published) against the plan's target.

``plans`` may not import ``stats`` (stats sits above it), so stats registers itself in
the plans' evidence registry when the app is ready.
"""

from dataclasses import asdict

from levekar.plans.evidence import IndicatorCatalogue, IndicatorPoint
from levekar.stats.models import Group, Indicator
from levekar.stats.selectors import indicator_trends


def _key(link) -> tuple[str, str, str]:
    # A plan that names no group means the children: the plans are about child poverty.
    return (link.indicator, link.area, link.group or "children")


def indicator_points_for_links(links) -> list[list[IndicatorPoint]]:
    """The trend of each linked indicator for the link's area and group; three queries."""
    trends = indicator_trends([_key(link) for link in links])
    return [[IndicatorPoint(**asdict(p)) for p in trends[_key(link)]] for link in links]


def indicator_catalogue() -> IndicatorCatalogue:
    """The indicators and groups a plan can link to, named in the active language."""
    return IndicatorCatalogue(indicators=[(c, str(label)) for c, label in Indicator.choices],
                              groups=[(c, str(label)) for c, label in Group.choices])
