from django.utils.translation import gettext_lazy as _

from levekar.core.nav import NavItem
from levekar.core.roles import Role

NAV_ITEMS = [
    NavItem("lending_desk", _("Lending desk"), "lending:desk", frozenset({Role.LENDING}),
            _("Find or register a borrower; lend, return and renew; reservations, overdue "
              "loans and the workshop."),
            order=500),
    NavItem("lending_inventory", _("Equipment"), "lending:inventory",
            frozenset({Role.LENDING}),
            _("The inventory: items, copies, photos and where they are."), order=504),
    NavItem("lending_stats", _("Equipment library statistics"), "lending:stats",
            frozenset({Role.LENDING, Role.PLAN_OWNER, Role.ANALYST}),
            _("Loans, borrowers, class sets and use per item, for the action plan's "
              "reporting."), order=505),
    NavItem("lending_catalogue", _("Public catalogue"), "lending:catalogue",
            frozenset({Role.LENDING}),
            _("What residents see: equipment, free copies and opening hours."), order=506),
]
