"""Tabs the work part adds to the case page: (key, label, url name taking the case pk)."""

from django.utils.translation import gettext_lazy as _

WORK_TABS: list[tuple[str, object, str]] = [
    ("plan", _("Family plan"), "followup:plan"),
    ("mapping", _("Mapping"), "followup:mapping_list"),
    ("entitlements", _("Possible entitlements"), "followup:entitlements"),
    ("meetings", _("Contacts and meetings"), "followup:meeting_list"),
    ("feedback", _("Session feedback"), "followup:feedback"),
]
