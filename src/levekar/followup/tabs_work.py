"""Tabs the work part adds to the case page: (key, label, url name taking the case pk,
[parts]). With parts, a service partner sees the tab when any of them is open to them;
without, the tab is for full access (coordinator, break-the-glass) only."""

from django.utils.translation import gettext_lazy as _

from levekar.followup.models import InfoPart

ANY_PART = frozenset(InfoPart.values)

WORK_TABS: list[tuple] = [
    ("plan", _("Family plan"), "followup:plan", ANY_PART),
    ("mapping", _("Mapping"), "followup:mapping_list", ANY_PART),
    ("entitlements", _("Possible entitlements"), "followup:entitlements",
     frozenset({InfoPart.ECONOMY, InfoPart.HOUSING})),
    ("meetings", _("Contacts and meetings"), "followup:meeting_list", ANY_PART),
    ("feedback", _("Session feedback"), "followup:feedback"),
]
