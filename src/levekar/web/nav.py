"""The menu: every app's ``nav.NAV_ITEMS`` (core's in ``core.navitems``), by order."""

import importlib
import importlib.util
from functools import cache

from levekar.core.nav import NavItem
from levekar.core.roles import user_roles

_SOURCES = ["levekar.core.navitems"] + [
    f"levekar.{app}.nav" for app in ("stats", "plans", "followup", "lending", "passes")
]


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for name in _SOURCES:
        if importlib.util.find_spec(name) is not None:
            items.extend(importlib.import_module(name).NAV_ITEMS)
    return tuple(sorted(items, key=lambda i: (i.order, i.key)))


def nav_for(user) -> list[NavItem]:
    roles = user_roles(user)
    return [item for item in all_items() if item.roles & roles]
