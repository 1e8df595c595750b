"""Menu entries of follow-up."""


from django.utils.translation import gettext_lazy as _

from levekar.core.nav import NavItem
from levekar.core.roles import Role

NAV_ITEMS = [
    NavItem("followup-worklist", _("My caseload"), "followup:worklist",
            frozenset({Role.COORDINATOR}),
            _("Your families: mappings due, overdue actions and tasks, next meetings and "
              "feedback that needs attention."), order=200),
    NavItem("followup_my_actions", _("My plan actions"), "followup:my_actions",
            frozenset({Role.COORDINATOR, Role.SERVICE_PARTNER}),
            _("The plan actions you or your unit are responsible for, across the families "
              "you have access to."), order=201),

    NavItem("followup_cases", _("Families"), "followup:case_list",
            frozenset({Role.COORDINATOR, Role.SERVICE_PARTNER}),
            _("The families you follow up, or that have consented to share information "
              "with your service."), order=300),
    NavItem("followup_new", _("New family"), "followup:case_create",
            frozenset({Role.COORDINATOR}),
            _("Open a case for a referred family: household, members and consent."),
            order=301),
    NavItem("followup_bti", _("BTI overview"), "followup:bti_overview",
            frozenset({Role.BTI_COORDINATOR}),
            _("Families per BTI level and unit, and cases that need attention — counts only."),
            order=310),
    NavItem("followup_offers", _("Offers catalogue"), "followup:offer_list",
            frozenset({Role.COORDINATOR, Role.SERVICE_PARTNER, Role.BTI_COORDINATOR}),
            _("Every offer a family can be referred to: prevention level, BTI level, who "
              "decides and how to refer."), order=305),
    NavItem("followup_break_glass", _("Emergency accesses"), "followup:break_glass_list",
            frozenset({Role.BTI_COORDINATOR}),
            _("Every break-the-glass access to a case, with its reason."), order=311),
]

