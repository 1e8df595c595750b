"""The menu: every app's ``nav.NAV_ITEMS`` (core's in ``core.navitems``), by order."""

import importlib
from functools import cache

from levekar.core.nav import NavItem
from levekar.core.roles import user_roles

_SOURCES = ["levekar.core.navitems"] + [
    f"levekar.{app}.nav"
    for app in ("stats", "plans", "followup", "lending", "passes", "evaluation")
]


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for name in _SOURCES:
        items.extend(importlib.import_module(name).NAV_ITEMS)
    return tuple(sorted(items, key=lambda i: (i.order, i.key)))


def nav_for(user) -> list[NavItem]:
    roles = user_roles(user)
    return [item for item in all_items() if item.roles & roles]
