from django.utils.translation import gettext_lazy as _

from levekar.core.nav import NavItem
from levekar.core.roles import Role

NAV_ITEMS = [
    NavItem("stats", _("Knowledge base"), "stats:overview",
            frozenset({Role.ANALYST, Role.PLAN_OWNER, Role.BTI_COORDINATOR, Role.ADMIN}),
            _("Low income and crowding for the municipality and each zone, against the "
              "country, with trends, a map and survey figures."), order=200),
    NavItem("stats-import", _("Import statistics"), "stats:imports", frozenset({Role.ANALYST}),
            _("Load computed figures, SSB tables, survey figures and zone boundaries."),
            order=210),
]
