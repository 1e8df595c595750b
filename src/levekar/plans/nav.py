from django.utils.translation import gettext_lazy as _

from levekar.core.nav import NavItem
from levekar.core.roles import Role

NAV_ITEMS = [
    NavItem("plans", _("Action plan"), "plans:plan_list",
            frozenset({Role.PLAN_OWNER, Role.ADMIN, Role.ANALYST, Role.BTI_COORDINATOR}),
            _("The action plan against family poverty: measures, who is responsible, yearly "
              "follow-up and the status report to the council."), order=200),
    NavItem("plan_reporting", _("Measures to report"), "plans:my_measures",
            frozenset(set(Role.values) - {Role.PLAN_OWNER}),
            _("Report on the measures of the action plan that your unit is responsible for."),
            order=210),
]
