from django.utils.translation import gettext_lazy as _

from levekar.core.nav import NavItem
from levekar.core.roles import Role

NAV_ITEMS = [
    NavItem("evaluation", _("Evaluation"), "evaluation:overview",
            frozenset({Role.PLAN_OWNER, Role.ANALYST, Role.BTI_COORDINATOR, Role.ADMIN}),
            _("Did the measures work? Outcomes across families, evaluation designs and the "
              "measures' assessment as promising practice — figures only, never a person."),
            order=220),
]
