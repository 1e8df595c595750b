"""Who may see a family's case, and which parts of it: the one access rule of follow-up.

Refused by default. A user sees a case only
- as its coordinator (``via="coordinator"``, everything),
- through an active break-the-glass grant of their own (``via="break_glass"``, everything),
- as a service partner while an active consent names their unit (``via="consent"``), and
  then only the parts that consent names.

Consent is checked against the database on every request, so a withdrawal takes effect
at the next click. ``case_access_for_user`` writes no audit event: the view that shows
the case does (``audit_request(request, action=VIEW, obj=case, persons=...)``).

Who counts as covered by a consent (``can_see_person_part``): a consent about the whole
family (``subject`` empty) is given by a parent and covers the parent who gave it and the
members younger than the consent age for that part (``data/consent_ages.json``: 16 for
health, otherwise 18). A member at or above that age decides for their own information:
only a consent given by them (about themselves, or a family consent they gave) covers it.
A member whose age is unknown is treated as old enough to decide (so nobody else's
consent covers them). A consent about one person covers only that person.

Which parts of the case the work data belong to (need-to-know for service partners):

| data                                   | part(s); a partner needs ANY of them |
|----------------------------------------|--------------------------------------|
| goal in area work and economy          | economy, work                        |
| goal in area housing                   | housing                              |
| goal in area health                    | health                               |
| goal in area kindergarten and school   | school                               |
| goal in area leisure                   | leisure                              |
| goal in area parenting                 | child_welfare                        |
| goal in area language                  | work (Norwegian classes lead to work)|
| a goal for one member                  | the same part, for that person       |
| mapping section                        | the section's ``part`` in the instrument: |
|   income, debt, family                 |   economy                            |
|   employment                           |   work                               |
|   housing                              |   housing                            |
|   health, quality of life, self-eff.   |   health (per adult)                 |
|   children's school / leisure          |   school / leisure (per child)       |
|   "other" (free notes)                 |   full access only                   |
| a possible entitlement                 | ALL parts of the facts its rule reads|
| meeting                                | full access; a partner sees meetings |
|                                        | its own unit took part in (time,     |
|                                        | kind, participants, its unit's tasks)|
|                                        | and their notes only where consent   |
|                                        | covers the meeting's ``part`` for    |
|                                        | each member present                  |
| session feedback (FIT)                 | full access only                     |

Who writes (``can_update_action``, ``can_add_action``, ``can_note_goal``): full access
(the coordinator, or break-the-glass) writes everything. A service partner writes, within
their consent and nothing else: the status, dates and progress notes of plan actions their
unit is responsible for, new actions for their own unit under a goal they may see, and
notes on goals they may see (the goal's part is covered by their consent), and meetings
their unit held with the family in a part their consent covers for the members present
(``can_record_meeting``); they read the notes of a meeting their unit took part in only
where that consent covers its part (``can_read_meeting_notes``). The services check these
rules and audit a refusal (``denied``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache, cached_property, wraps
from pathlib import Path
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from levekar.core.audit import Kind, Purpose, audit_request
from levekar.core.lib.dates import age_on
from levekar.core.roles import Role, user_roles
from levekar.followup.models import (
    BreakGlassAccess,
    Case,
    CaseMember,
    ConsentGrant,
    InfoPart,
    PlanArea,
)

__all__ = [
    "ALL_PARTS",
    "CaseAccess",
    "GrantRow",
    "WriteRefused",
    "accesses_for",
    "active_grants",
    "case_access_for_user",
    "case_view",
    "cases_visible_to",
    "consent_age",
]

ALL_PARTS: frozenset[str] = frozenset(InfoPart.values)
_CONSENT_AGES = Path(__file__).resolve().parent / "data" / "consent_ages.json"


@cache
def _consent_ages() -> dict:
    with _CONSENT_AGES.open(encoding="utf-8") as f:
        data = json.load(f)
    return {"default": int(data["default"]), "parts": {k: int(v) for k, v in
                                                       data.get("parts", {}).items()}}


def consent_age(part: str) -> int:
    """The age from which a young person consents for their own information of ``part``."""
    ages = _consent_ages()
    return ages["parts"].get(part, ages["default"])


class GrantRow(NamedTuple):
    """One active (part, about whom, given by whom) that opens a case to a unit."""

    part: str
    subject_id: int | None
    given_by_id: int


def active_grants(*, today: dt.date | None = None) -> QuerySet[ConsentGrant]:
    """Consent grants in force today: not withdrawn (grant or consent), inside the dates."""
    today = today or timezone.localdate()
    return ConsentGrant.objects.filter(
        withdrawn_at__isnull=True,
        consent__withdrawn_at__isnull=True,
        consent__valid_from__lte=today,
    ).filter(Q(consent__valid_to__isnull=True) | Q(consent__valid_to__gte=today))


def child_grants(*, case_id, person_id, today: dt.date | None = None
                 ) -> QuerySet[ConsentGrant]:
    """Active grants of consents that cover a child: about the whole family or about the
    child. ``case_id`` and ``person_id`` are values or ``OuterRef``s. The level-2 rule of
    BTI applies per child through this one filter (service, worklist, overview)."""
    return active_grants(today=today).filter(consent__case_id=case_id).filter(
        Q(consent__subject__isnull=True) | Q(consent__subject_id=person_id))


def _active_break_glass(user, now: dt.datetime) -> QuerySet[BreakGlassAccess]:
    return BreakGlassAccess.objects.filter(user_id=user.pk, expires_at__gt=now)


@dataclass(frozen=True)
class CaseAccess:
    """What one user may see of one case. Built by ``case_access_for_user``."""

    case: Case
    full: bool
    parts: frozenset[str]
    via: str  # "coordinator" | "break_glass" | "consent"
    grants: tuple[GrantRow, ...] = field(default=(), repr=False)
    unit_id: int | None = None  # the partner's unit (consent access)
    today: dt.date = field(default_factory=timezone.localdate, repr=False)

    def can_see(self, part: str) -> bool:
        """Is any information of ``part`` open to this user (for tabs and sections)?

        For one person's data use ``can_see_person_part``; for data about the household
        as a whole (address, the family's economy) use ``can_see_household_part``.
        """
        return self.full or part in self.parts

    def require(self, part: str) -> None:
        if not self.can_see(part):
            raise Http404("ingen tilgang til denne delen av saken")

    def can_see_household_part(self, part: str) -> bool:
        """Household-level data of ``part``: open with a consent about the whole family."""
        if self.full:
            return True
        return any(g.part == part and g.subject_id is None for g in self.grants)

    @cached_property
    def member_ages(self) -> dict[int, int | None]:
        """Age today of each member of the case (one query, on first use)."""
        return {
            pid: age_on(birth, self.today)
            for pid, birth in CaseMember.objects.filter(case_id=self.case.pk)
            .values_list("person_id", "person__birth_date")
        }

    def can_see_person_part(self, person_id: int, part: str) -> bool:
        """Is ``part`` of this member's information open? (See the module docstring.)"""
        if self.full:
            return True
        if part not in self.parts or person_id not in self.member_ages:
            return False
        age = self.member_ages[person_id]
        old_enough = age is None or age >= consent_age(part)
        for g in self.grants:
            if g.part != part or g.subject_id not in (None, person_id):
                continue
            if g.given_by_id == person_id or not old_enough:
                return True
        return False

    def person_parts(self, person_id: int) -> frozenset[str]:
        return frozenset(p for p in InfoPart.values if self.can_see_person_part(person_id, p))


def case_access_for_user(user, case_pk: int) -> CaseAccess:
    """The user's access to case ``case_pk``, or ``Http404`` when they have none.

    One query for a coordinator (the break-glass check is a subquery), two for a service
    partner (the case, then the active grants for their unit). Anonymised cases are
    closed to everyone; closed cases are closed to partners.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404("ikke innlogget")
    roles = user_roles(user)
    now = timezone.now()
    today = timezone.localdate(now)
    case = (
        Case.objects.select_related("household", "household__zone", "coordinator", "unit",
                                    "referred_by")
        .annotate(_glass=Exists(_active_break_glass(user, now).filter(case_id=OuterRef("pk"))))
        .filter(pk=case_pk, anonymised_at__isnull=True)
        .first()
    )
    if case is None:
        raise Http404("ingen tilgang")
    if Role.COORDINATOR in roles:
        if case.coordinator_id == user.pk:
            return CaseAccess(case=case, full=True, parts=ALL_PARTS, via="coordinator",
                              today=today)
        if case._glass:
            return CaseAccess(case=case, full=True, parts=ALL_PARTS, via="break_glass",
                              today=today)
    if (Role.SERVICE_PARTNER in roles and user.org_unit_id
            and case.status != Case.Status.CLOSED):
        rows = tuple(
            GrantRow(*r) for r in active_grants(today=today)
            .filter(consent__case_id=case.pk, unit_id=user.org_unit_id)
            .values_list("part", "consent__subject_id", "consent__given_by_id")
            .order_by("part", "consent_id")
        )
        if rows:
            return CaseAccess(case=case, full=False, parts=frozenset(r.part for r in rows),
                              via="consent", grants=rows, unit_id=user.org_unit_id,
                              today=today)
    raise Http404("ingen tilgang")


def accesses_for(user, cases) -> dict[int, CaseAccess]:
    """The user's access to each of ``cases`` (case pk → ``CaseAccess``; cases without
    access are left out), by the same rule as ``case_access_for_user`` but in a constant
    number of queries — for lists across families ("Mine tiltak")."""
    if not getattr(user, "is_authenticated", False):
        return {}
    roles = user_roles(user)
    now = timezone.now()
    today = timezone.localdate(now)
    ids = [c.pk for c in cases]
    glass = set()
    if Role.COORDINATOR in roles:
        glass = set(_active_break_glass(user, now).filter(case_id__in=ids)
                    .values_list("case_id", flat=True))
    grants: dict[int, list[GrantRow]] = {}
    if Role.SERVICE_PARTNER in roles and user.org_unit_id:
        for case_id, *row in (active_grants(today=today)
                              .filter(consent__case_id__in=ids, unit_id=user.org_unit_id)
                              .values_list("consent__case_id", "part", "consent__subject_id",
                                           "consent__given_by_id")
                              .order_by("part", "consent_id")):
            grants.setdefault(case_id, []).append(GrantRow(*row))
    ages: dict[int, dict[int, int | None]] = {}
    for case_id, pid, birth in (CaseMember.objects.filter(case_id__in=ids)
                                .values_list("case_id", "person_id", "person__birth_date")):
        ages.setdefault(case_id, {})[pid] = age_on(birth, today)
    result = {}
    for case in cases:
        if case.anonymised_at is not None:
            continue
        if Role.COORDINATOR in roles and case.coordinator_id == user.pk:
            access = CaseAccess(case=case, full=True, parts=ALL_PARTS, via="coordinator",
                                today=today)
        elif Role.COORDINATOR in roles and case.pk in glass:
            access = CaseAccess(case=case, full=True, parts=ALL_PARTS, via="break_glass",
                                today=today)
        elif grants.get(case.pk) and case.status != Case.Status.CLOSED:
            rows = tuple(grants[case.pk])
            access = CaseAccess(case=case, full=False, parts=frozenset(r.part for r in rows),
                                via="consent", grants=rows, unit_id=user.org_unit_id,
                                today=today)
        else:
            continue
        access.__dict__["member_ages"] = ages.get(case.pk, {})  # fill the cached property
        result[case.pk] = access
    return result


def cases_visible_to(user) -> QuerySet[Case]:
    """The cases a user may open: a coordinator's own active or paused cases plus those
    with an active break-the-glass grant; a partner's cases with an active consent grant
    for their unit (not closed). Never anonymised cases."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    roles = user_roles(user)
    now = timezone.now()
    condition = Q(pk__in=[])
    if Role.COORDINATOR in roles:
        condition |= Q(coordinator_id=user.pk,
                       status__in=[Case.Status.ACTIVE, Case.Status.PAUSED])
        condition |= Q(Exists(_active_break_glass(user, now).filter(case_id=OuterRef("pk"))))
    if Role.SERVICE_PARTNER in roles and user.org_unit_id:
        condition |= Q(
            Exists(active_grants(today=timezone.localdate(now))
                   .filter(consent__case_id=OuterRef("pk"), unit_id=user.org_unit_id)),
            ~Q(status=Case.Status.CLOSED),
        )
    return Case.objects.filter(condition, anonymised_at__isnull=True)


def case_view(*, full: bool = False, part: str | None = None, purpose: Purpose | str = ""):
    """The one way into a case: every view of one case (URL kwarg ``case_pk``) is wrapped
    in this. It

    - loads the case with the user's access and passes it on: ``view(request, access, **kw)``;
    - refuses in one way — no case, not theirs, consent withdrawn, a part or full access
      missing, or an object of another case (``Http404`` from the view) — with the
      "Ingen tilgang" page (status 404, so it does not tell whether the case exists) and
      a ``denied`` audit event;
    - writes the audit event of the read when the page is shown (status 200, or 409 for a
      conflict page that shows the user's input again): one VIEW naming the case's
      members, with ``purpose`` (an ``AuditPurpose``: which page) and how access was
      given (``via``: coordinator, consent, break the glass). A redirect after a change
      writes nothing here: the service wrote its own.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, case_pk: int, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            try:
                access = case_access_for_user(request.user, case_pk)
                if full and not access.full:
                    raise Http404("krever full tilgang")
                if part is not None:
                    access.require(part)
                response = view(request, access, **kwargs)
            except WriteRefused as exc:
                return no_access(request, case_pk, reason=exc.reason, audit=not exc.audited)
            except Http404:
                return no_access(request, case_pk)
            if purpose and response.status_code in (200, 409):
                audit_request(request, kind=Kind.CASE_READ, obj=access.case,
                              persons=list(access.member_ages),
                              purpose=purpose, via=access.via)
            return response

        wrapped.levekar_case_view = True
        return wrapped

    return decorator


def no_access(request, case_pk: int | None, *, reason: str = "", audit: bool = True):
    """The "Ingen tilgang" page (status 404: it does not tell whether the case exists).
    ``reason`` explains a refused write to someone who may read the case."""
    if audit:
        audit_request(request, kind=Kind.CASE_DENIED, object_type="followup.case",
                      object_id=case_pk or "",
                      purpose="" if reason else Purpose.CASE_NO_ACCESS,
                      detail=f"skriving avvist: {reason}" if reason else "")
    is_coordinator = Role.COORDINATOR in user_roles(request.user)
    return render(request, "followup/case/no_access.html",
                  {"case_pk": case_pk, "can_break_glass": is_coordinator and not reason,
                   "reason": reason}, status=404)


class WriteRefused(Http404):
    """A write the user may not make in a case they may read: ``case_view`` answers with
    the "Ingen tilgang" page giving ``reason`` and audits it (``denied``) unless the
    service already did (``audited``)."""

    def __init__(self, reason: str, *, audited: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.audited = audited


def write_refusal(what: str) -> str:
    """The Norwegian reason a service partner's write is refused (one wording)."""
    return (f"Du kan ikke {what}. Tjenesten din kan bare skrive i tiltakene enheten din er "
            "ansvarlig for, og i de delene av planen familien har samtykket til å dele med "
            "dere. Forsøket er logget.")


AREA_PARTS: dict[str, frozenset[str]] = {
    PlanArea.WORK_ECONOMY: frozenset({InfoPart.ECONOMY, InfoPart.WORK}),
    PlanArea.HOUSING: frozenset({InfoPart.HOUSING}),
    PlanArea.HEALTH: frozenset({InfoPart.HEALTH}),
    PlanArea.SCHOOL: frozenset({InfoPart.SCHOOL}),
    PlanArea.LEISURE: frozenset({InfoPart.LEISURE}),
    PlanArea.PARENTING: frozenset({InfoPart.CHILD_WELFARE}),
    PlanArea.LANGUAGE: frozenset({InfoPart.WORK}),
}
FULL_ONLY = "_full"  # marks data only full access may see (see entitlements.fact_parts)


def can_see_any(access, parts, person_id: int | None = None) -> bool:
    """May the user see data belonging to any of ``parts`` (for one person when given)?"""
    if access.full:
        return True
    if person_id is not None:
        return any(access.can_see_person_part(person_id, p) for p in parts)
    return any(access.can_see(p) for p in parts)


def can_see_all(access, parts) -> bool:
    """May the user see data built from every one of ``parts`` (FULL_ONLY needs full)?"""
    if access.full:
        return True
    return all(p != FULL_ONLY and access.can_see(p) for p in parts)


def goal_visible(access, goal) -> bool:
    parts = AREA_PARTS[goal.area]
    person_id = goal.member.person_id if goal.member_id else None
    return can_see_any(access, parts, person_id)


def can_update_action(access, action) -> bool:
    """Status, dates and progress notes of ``action``: full access, or a partner whose
    unit is responsible for it and whose consent covers its goal."""
    if access.full:
        return True
    return (access.unit_id is not None and action.responsible_unit_id == access.unit_id
            and goal_visible(access, action.goal))


def can_add_action(access, goal) -> bool:
    """A new action under ``goal`` (a partner's is always for their own unit)."""
    return access.full or (access.unit_id is not None and goal_visible(access, goal))


def can_note_goal(access, goal) -> bool:
    """A note on ``goal``: full access, or a partner whose consent covers its part."""
    return access.full or (access.unit_id is not None and goal_visible(access, goal))


def meeting_part_covered(access, part: str, person_ids) -> bool:
    """Is ``part`` of the people a meeting is about open to the user? Full access: always.
    A partner: the part must be named (a general meeting is the coordinator's), and the
    consent must cover it for every family member present — or, with nobody named, for
    the family as a whole."""
    if access.full:
        return True
    if not part or part not in access.parts:
        return False
    person_ids = list(person_ids)
    if person_ids:
        return all(access.can_see_person_part(pid, part) for pid in person_ids)
    return access.can_see_household_part(part)


def can_record_meeting(access, part: str, person_ids=()) -> bool:
    """A meeting held with the family: full access, or a partner (their unit takes part)
    whose consent covers the meeting's part for the members present."""
    return access.full or (access.unit_id is not None
                           and meeting_part_covered(access, part, person_ids))


def can_read_meeting_notes(access, meeting) -> bool:
    """The notes of ``meeting`` (one the user may see at all): full access, or a partner
    whose consent covers the meeting's part for the members present. ``meeting.members``
    is best prefetched."""
    if access.full:
        return True
    return meeting_part_covered(access, meeting.part,
                                [m.person_id for m in meeting.members.all()])
