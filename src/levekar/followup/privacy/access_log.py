"""The innsynslogg: who has read or changed a family member's data, and finding the
person for a subject-access export.

``plain_entries`` is the one place where an audit row becomes a sentence a family
understands: the purpose a page wrote (``AuditPurpose.PLAN_PAGE``, "så Familiens plan",
rendered from the purpose as ``core.audit.audit_why`` renders it for the audit log page)
is told with how the reader got access (``via``) — "som familiekoordinator", "med
samtykke fra Kari Berg" (the consent that opened the case to the reader's unit at that
moment), "nødtilgang: <grunn>" (the reader's own break-the-glass grant at that moment)
— never the code word. Rows older than the declared purposes carry the route as a
suffix of their free text ("så familieløpet (consent)") and are told the same way. The
case page, the subject-access export and Min side all use it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from levekar.core.audit import AccessVia, audit_text, audit_what, audit_why
from levekar.core.models import AuditEvent, AuditSubject, User
from levekar.core.roles import Role, user_roles
from levekar.followup.models import (
    BreakGlassAccess,
    Case,
    CaseMember,
    ConsentGrant,
)
from levekar.followup.selectors import case_members
from levekar.people.models import Person

PAGE_SIZE = 25

# "så familieløpet (coordinator)": the suffix ``case_view`` added to a page read before
# the route had its own field (``AuditEvent.via``).
_VIA = re.compile(r"^(?P<what>.*?)\s*\((?P<via>coordinator|consent|break_glass)\)$")
_CASE_TYPE = "followup.case"


@dataclass(frozen=True)
class LogEntry:
    """One line of the innsynslogg, in words."""

    at: dt.datetime
    who: str
    unit: str
    action: str
    purpose: str
    about: tuple[str, ...] = ()
    text: str = ""  # the whole row as one sentence (``core.audit.audit_text``)


def _who(event: AuditEvent) -> str:
    if event.actor_id:
        return event.actor.display_name
    return event.actor_username or _("the system")


def _case_pk(event: AuditEvent) -> int | None:
    if event.object_type == _CASE_TYPE and event.object_id.isdigit():
        return int(event.object_id)
    return None


def _consent_givers(events: list[AuditEvent]) -> dict[tuple[int, int], list]:
    """(case, unit) → the grants that may have opened the case to that unit, with their
    consent and its giver (one query for the whole page)."""
    keys = {(_case_pk(e), e.actor.org_unit_id) for e in events
            if e.actor_id and e.actor.org_unit_id and _case_pk(e)}
    if not keys:
        return {}
    cond = Q()
    for case_pk, unit_id in keys:
        cond |= Q(consent__case_id=case_pk, unit_id=unit_id)
    out: dict[tuple[int, int], list] = defaultdict(list)
    for g in ConsentGrant.objects.filter(cond).select_related("consent__given_by"):
        out[(g.consent.case_id, g.unit_id)].append(g)
    return out


def _glass_grants(events: list[AuditEvent]) -> dict[tuple[int, int], list[BreakGlassAccess]]:
    keys = {(_case_pk(e), e.actor_id) for e in events if e.actor_id and _case_pk(e)}
    if not keys:
        return {}
    cond = Q()
    for case_pk, user_id in keys:
        cond |= Q(case_id=case_pk, user_id=user_id)
    out: dict[tuple[int, int], list[BreakGlassAccess]] = defaultdict(list)
    for g in BreakGlassAccess.objects.filter(cond):
        out[(g.case_id, g.user_id)].append(g)
    return out


def _in_force(grant: ConsentGrant, at: dt.datetime) -> bool:
    c = grant.consent
    day = timezone.localdate(at)
    withdrawn = [w for w in (grant.withdrawn_at, c.withdrawn_at) if w is not None]
    return (c.valid_from <= day and (c.valid_to is None or day <= c.valid_to)
            and all(at < w for w in withdrawn))


def _how(event: AuditEvent, via: str, givers, glass) -> str:
    case_pk = _case_pk(event)
    if via == "coordinator":
        return _("as family coordinator")
    if via == "break_glass":
        reasons = [g.reason for g in glass.get((case_pk, event.actor_id), [])
                   if g.granted_at <= event.at <= g.expires_at]
        if reasons:
            return _("emergency access: %(reason)s") % {"reason": reasons[-1]}
        return _("emergency access")
    unit_id = event.actor.org_unit_id if event.actor_id else None
    names = sorted({g.consent.given_by.full_name
                    for g in givers.get((case_pk, unit_id), []) if _in_force(g, event.at)})
    if names:
        return _("with consent from %(names)s") % {"names": ", ".join(names)}
    return _("with the family's consent")


def plain_purpose(event: AuditEvent, givers=None, glass=None) -> str:
    """The purpose of one audit row in plain words (see the module docstring)."""
    if event.via:
        return audit_why(event, how=_how(event, event.via, givers or {}, glass or {}))
    m = _VIA.match(event.purpose or "")
    if not m:
        return audit_why(event)
    how = _how(event, m["via"], givers or {}, glass or {})
    return f"{m['what']}, {how}" if m["what"] else how


def plain_entries(events, *, names: dict[int, str] | None = None,
                  sentences: bool = True) -> list[LogEntry]:
    """Audit rows as innsynslogg lines, with a constant number of queries. ``names``
    (person id → name) fills in whose data each row concerns, when the rows' subjects
    are prefetched; ``sentences=False`` leaves ``text`` empty for a caller that shows
    the parts (the export PDF, over thousands of rows)."""
    events = list(events)
    givers = _consent_givers([e for e in events if e.via == AccessVia.CONSENT
                              or "(consent)" in e.purpose])
    glass = _glass_grants([e for e in events if e.via == AccessVia.BREAK_GLASS
                           or "(break_glass)" in e.purpose])
    # What happened, told once per kind of row: a row without changes reads the same
    # every time (five years of page reads are thousands of the same few rows).
    whats: dict[tuple[str, str, str], str] = {}
    out = []
    for e in events:
        about = ()
        if names is not None:
            about = tuple(names[s.person_id] for s in e.subjects.all() if s.person_id in names)
        purpose = plain_purpose(e, givers, glass)
        if e.changes:
            what = capfirst(audit_what(e))
        else:
            key = (e.kind, e.action, e.object_type)
            what = whats.get(key)
            if what is None:
                what = whats[key] = capfirst(audit_what(e))
        out.append(LogEntry(
            at=e.at, who=_who(e),
            unit=e.actor.org_unit.name if e.actor_id and e.actor.org_unit_id else "",
            action=what, purpose=purpose, about=about,
            text=audit_text(e, purpose=purpose) if sentences else ""))
    return out


@dataclass(frozen=True)
class _Row:
    """An audit row as plain values with its actor, read the way ``plain_entries`` reads
    an ``AuditEvent``. Over five years of reads a model instance per row (and per row its
    actor and unit again) cost more than telling the rows."""

    at: dt.datetime
    actor_id: int | None
    actor: User | None
    actor_username: str
    action: str
    kind: str
    object_type: str
    object_id: str
    purpose: str
    detail: str
    via: str
    changes: list


def person_log_entries(events) -> list[LogEntry]:
    """``plain_entries(events, sentences=False)`` for a whole innsynslogg (``events``: a
    query of audit rows, e.g. ``core.selectors.person_access_log``): the rows are read
    as values, each reader once (two queries, then the consents and emergency accesses
    as ``plain_entries`` asks for them)."""
    rows = list(events.values_list("at", "actor_id", "actor_username", "action", "kind",
                                   "object_type", "object_id", "purpose", "detail", "via",
                                   "changes"))
    actors = User.objects.select_related("org_unit").in_bulk(
        {row[1] for row in rows if row[1] is not None})
    return plain_entries([
        _Row(at=at, actor_id=actor_id, actor=actors.get(actor_id), actor_username=username,
             action=action, kind=kind, object_type=object_type, object_id=object_id,
             purpose=purpose, detail=detail, via=via, changes=changes)
        for (at, actor_id, username, action, kind, object_type, object_id, purpose, detail,
             via, changes) in rows], sentences=False)


def case_access_log_page(case: Case, page_number, *, per_page: int = PAGE_SIZE
                         ) -> tuple[Page, list[LogEntry]]:
    """The whole innsynslogg of a case's members, newest first, one page at a time."""
    members = {m.person_id: m.person.full_name for m in case_members(case)}
    events = (AuditEvent.objects
              .filter(Exists(AuditSubject.objects.filter(event=OuterRef("pk"),
                                                         person_id__in=list(members))))
              .exclude(action__in=[AuditEvent.Action.LOGIN, AuditEvent.Action.LOGOUT])
              .select_related("actor", "actor__org_unit")
              .prefetch_related("subjects")
              .order_by("-at", "-id"))
    page = Paginator(events, per_page).get_page(page_number)
    return page, plain_entries(page.object_list, names=members)


def person_get_for_export(user, person_pk: int) -> Person:
    """A person the user may export everything about: a member of a case the user has
    full access to (own case, or an active break-the-glass grant)."""
    if Role.COORDINATOR not in user_roles(user):
        raise Http404("ingen tilgang")
    now = timezone.now()
    own = Q(case__coordinator_id=user.pk) | Q(case__break_glass__user_id=user.pk,
                                               case__break_glass__expires_at__gt=now)
    member = (CaseMember.objects.filter(own, person_id=person_pk,
                                        case__anonymised_at__isnull=True)
              .select_related("person", "person__household", "person__household__zone")
              .first())
    if member is None:
        raise Http404("ingen tilgang")
    return member.person
