"""Menu entries. Each app lists its own in ``levekar/<app>/nav.py`` as ``NAV_ITEMS``.

An entry is shown to a user holding any of its roles, in the menu and as a starting
point on the dashboard (with its description), so the two never disagree.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    description: str | Promise = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)
