"""Tabs of the case page.

An entry is ``(key, label, url name taking the case pk)`` — shown only to users with
full access (the coordinator, or break the glass) — or ``(key, label, url name, parts)``
where ``parts`` is a frozenset of ``InfoPart`` values: shown to a service partner who may
see at least one of them; an empty frozenset shows it to everyone with access to the case.

The case page shows ``all_tabs(access)``: the tabs of ``CASE_TABS`` in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from levekar.followup.models import InfoPart

EVERYONE: frozenset[str] = frozenset()
ANY_PART = frozenset(InfoPart.values)

CASE_TABS: list[tuple] = [
    ("overview", _("Overview"), "followup:case_detail", EVERYONE),
    ("consents", _("Consents"), "followup:consent_list", EVERYONE),
    ("bti", _("BTI level"), "followup:bti_level"),
    ("plan", _("Family plan"), "followup:plan", ANY_PART),
    ("mapping", _("Mapping"), "followup:mapping_list", ANY_PART),
    ("entitlements", _("Possible entitlements"), "followup:entitlements",
     frozenset({InfoPart.ECONOMY, InfoPart.HOUSING})),
    ("meetings", _("Contacts and meetings"), "followup:meeting_list", ANY_PART),
    ("feedback", _("Session feedback"), "followup:feedback"),
    ("access_log", _("Access log"), "followup:access_log"),
]


@dataclass(frozen=True)
class Tab:
    key: str
    label: str | Promise
    url: str


def _visible(entry: tuple, access) -> bool:
    if access.full:
        return True
    if len(entry) < 4:
        return False
    parts = entry[3]
    return not parts or any(access.can_see(p) for p in parts)


def all_tabs(access) -> list[Tab]:
    """The tabs this access may see, with their URLs for this case."""
    entries = CASE_TABS
    return [Tab(e[0], e[1], reverse(e[2], args=[access.case.pk]))
            for e in entries if _visible(e, access)]


def case_page_context(request, access, active_tab: str, **extra) -> dict:
    """What ``followup/case/_base_case.html`` needs: the case, its tabs, the active tab and,
    under break the glass, the grant (for the banner). Extra keys are passed through."""
    from django.utils import timezone

    from levekar.followup.models import BreakGlassAccess

    glass = None
    if access.via == "break_glass":
        glass = (BreakGlassAccess.objects.filter(case_id=access.case.pk, user=request.user,
                                                 expires_at__gt=timezone.now())
                 .order_by("-expires_at").first())
    return {"access": access, "case": access.case, "tabs": all_tabs(access),
            "active_tab": active_tab, "glass": glass, **extra}
