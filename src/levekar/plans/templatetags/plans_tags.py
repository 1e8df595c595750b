from django import template

from levekar.plans.charts import fmt_percent

register = template.Library()


@register.filter
def percent(value):
    """12.3 → "12,3"; None → ":" (suppressed or not available)."""
    return fmt_percent(value)


@register.simple_tag
def focus_heading(words, focus_area) -> str:
    """A focus area's heading in the plan's own words («Innsatsområde 1: …» / «Strategi 1»)."""
    return words.focus_heading(focus_area)
