from django.utils.translation import gettext_lazy as _

from levekar.core.nav import NavItem
from levekar.core.roles import Role

LEISURE = frozenset({Role.LEISURE})

NAV_ITEMS = [
    NavItem("passes", _("Leisure cards"), "passes:overview", LEISURE,
            _("Schemes and their rules, the automatic issuance and the letters to households."),
            order=500),
    NavItem("passes-applications", _("Card applications"), "passes:applications", LEISURE,
            _("Families who did not get a card apply; decide, and the family is told."),
            order=505),
    NavItem("passes-clubs", _("Clubs and refunds"), "passes:refunds", LEISURE,
            _("Clubs register card use; approve refunds and export them for payment."),
            order=510),
    NavItem("passes-uptake", _("Uptake"), "passes:uptake", LEISURE,
            _("Do the cards reach the children and are they used? Per zone, with reminders."),
            order=520),
    NavItem("passes-holidays", _("Holiday offers"), "passes:offers",
            frozenset({Role.LEISURE, Role.SERVICE_PARTNER, Role.COORDINATOR}),
            _("Nominate families for holiday offers; places are drawn fairly."),
            order=530),
]
