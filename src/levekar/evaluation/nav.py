from django.utils.translation import gettext_lazy as _

from levekar.core.nav import NavItem
from levekar.core.roles import Role

NAV_ITEMS = [
    NavItem("evaluation", _("Evaluation"), "evaluation:overview",
            frozenset({Role.PLAN_OWNER, Role.ANALYST, Role.BTI_COORDINATOR, Role.ADMIN}),
            _("Did the measures work? Outcomes across families, evaluation designs and the "
              "measures' assessment as promising practice — figures only, never a person."),
            order=220),
    NavItem("evaluation_courses", _("My group courses"), "evaluation:my_courses",
            frozenset({Role.SERVICE_PARTNER, Role.COORDINATOR}),
            _("The parent-guidance groups you lead (ICDP …): participants, attendance and the "
              "questionnaires before and after."),
            order=225),
]
