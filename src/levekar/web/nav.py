"""The navigation menu and dashboard starting points, per role.

Each capability adds its entries here. An entry is shown to a user holding any of its
roles; the dashboard lists the same entries with their description, so the menu and
the starting points never disagree.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from levekar.core.roles import Role, user_roles


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    description: str | Promise = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS: list[NavItem] = [
    NavItem("audit", _("Audit log"), "core:audit_search", frozenset({Role.ADMIN}),
            _("Search who has read or changed personal data, and every refused access.")),
    NavItem("admin", _("Users and units"), "admin:index", frozenset({Role.ADMIN}),
            _("Create accounts, give roles, and maintain the service units.")),
]


def nav_for(user) -> list[NavItem]:
    roles = user_roles(user)
    return [item for item in NAV_ITEMS if item.roles & roles]
