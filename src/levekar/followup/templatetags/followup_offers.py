"""Template filters for linking plan actions and entitlements to the offers catalogue."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ dict|get_item:key }}``: the value under ``key``, or None."""
    if not mapping:
        return None
    return mapping.get(key)
