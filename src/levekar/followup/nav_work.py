"""Menu entries of the work part (merged into ``followup/nav.py`` by the lead)."""

from django.utils.translation import gettext_lazy as _

from levekar.core.nav import NavItem
from levekar.core.roles import Role

NAV_ITEMS = [
    NavItem("followup-worklist", _("My caseload"), "followup:worklist",
            frozenset({Role.COORDINATOR}),
            _("Your families: mappings due, overdue actions and tasks, next meetings and "
              "feedback that needs attention."), order=200),
]
