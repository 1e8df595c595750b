from django.utils.translation import gettext_lazy as _

from levekar.core.nav import NavItem
from levekar.core.roles import Role

NAV_ITEMS = [
    NavItem("audit", _("Audit log"), "core:audit_search", frozenset({Role.ADMIN}),
            _("Search who has read or changed personal data, and every refused access."),
            order=900),
    NavItem("operations", _("Operations"), "core:operations", frozenset({Role.ADMIN}),
            _("Background and scheduled jobs: queued, running, failed and done."),
            order=905),
    NavItem("admin", _("Users and units"), "admin:index", frozenset({Role.ADMIN}),
            _("Create accounts, give roles, and maintain the service units."), order=910),
]
