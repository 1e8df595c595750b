"""Reads about indicator links: what a plan can link to and how a link is named.

A link stores codes (``persistent_low_income_60``, ``3205-03``, ``children``); users see
names: «Vedvarende lavinntekt (EU-60) – barn 0–17 år, Strømmen vest». The indicator and
group names come from the statistics (registered in ``plans.evidence``); area names from
the municipalities and levekårssoner.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from levekar.core.models import Municipality
from levekar.people.selectors import zones_in
from levekar.plans.evidence import indicator_catalogue
from levekar.plans.models import ActionPlan, IndicatorLink, ThresholdChoice

COUNTRY = "0"


@dataclass(frozen=True)
class LinkChoices:
    indicators: list[tuple[str, str]]
    areas: list[tuple[str, str]]
    groups: list[tuple[str, str]]


def link_choices(plan: ActionPlan) -> LinkChoices:
    """The pickers of the link form: indicators and groups by name, and the areas of the
    plan's municipality (the country, the municipality, each zone by name)."""
    catalogue = indicator_catalogue()
    zones = zones_in([plan.municipality_id])
    areas = [(COUNTRY, _("Norway (the whole country)")),
             (plan.municipality.code, plan.municipality.name)]
    areas += [(z.code, f"{z.name} ({plan.municipality.name})") for z in zones]
    return LinkChoices(indicators=catalogue.indicators, areas=areas, groups=catalogue.groups)


def _area_names(codes: set[str]) -> dict[str, str]:
    names = {COUNTRY: pgettext("plans", "Norway")}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    names.update({c: m.name for c, m in municipalities.items()})
    zone_codes = codes - set(names)
    if zone_codes:
        # Zone codes start with the municipality number ("3205-03").
        owners = Municipality.objects.filter(code__in={c[:4] for c in zone_codes})
        names.update({z.code: z.name for z in zones_in([m.pk for m in owners])})
    return names


def label_links(links: Iterable[IndicatorLink | None]) -> None:
    """Give each link ``indicator_label``, ``group_label``, ``area_label`` and ``label``
    (two or three queries for any number of links). Unknown codes are shown as they are."""
    links = [lk for lk in links if lk is not None]
    if not links:
        return
    catalogue = indicator_catalogue()
    indicators, groups = dict(catalogue.indicators), dict(catalogue.groups)
    areas = _area_names({lk.area for lk in links})
    for lk in links:
        lk.indicator_label = indicators.get(lk.indicator, lk.indicator)
        # A link that names no group means the children (as the statistics read it).
        group = lk.group or "children"
        lk.group_label = groups.get(group, group)
        lk.area_label = areas.get(lk.area, lk.area)
        lk.scope_label = (str(ThresholdChoice(lk.threshold_scope).label)
                          if lk.threshold_scope else "")
        lk.label = f"{lk.indicator_label} – {lk.group_label.lower()}, {lk.area_label}"
