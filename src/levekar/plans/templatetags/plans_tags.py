from django import template

from levekar.plans.charts import fmt_percent

register = template.Library()


@register.filter
def percent(value):
    """12.3 → "12,3"; None → ":" (suppressed or not available)."""
    return fmt_percent(value)
