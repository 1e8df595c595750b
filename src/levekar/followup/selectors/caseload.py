"""The coordinator's worklist ("Mine familier"): mappings due and overdue, plan actions and
tasks past their deadline, consents expiring within 30 days, a stafettholder who no longer
has access, next meetings and feedback that needs attention.

``caseload_for`` is the rows of one coordinator; ``caseloads_by_coordinator`` the same rows
for every coordinator at once (the daily digest); ``work_items`` turns rows into the things
to do, each with the page where it is done. Both selectors use a constant number of
queries and take ``today`` so tests can move time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
)
from django.utils import timezone

from levekar.followup import instruments
from levekar.followup.models import (
    Assessment,
    BtiLevel,
    Case,
    CaseMember,
    Consent,
    ConsentGrant,
    FollowUpTask,
    GoalAction,
    Meeting,
    SessionFeedback,
)
from levekar.followup.selectors.case import member_sort_key

START_MAPPING_WITHIN_DAYS = 30   # the start mapping is due a month after the case starts


MAPPING_REPEAT_MONTHS = 12       # then yearly


DUE_SOON_DAYS = 30               # the caseload shows "due soon" this long before


CONSENT_EXPIRY_DAYS = 30         # a consent ending within this many days is on the worklist


@dataclass(frozen=True)
class ExpiringConsent:
    consent_id: int
    valid_to: dt.date
    holds_level2_child: bool     # the case is at level 2+ and the consent covers a child


@dataclass
class CaseloadRow:
    case: Case
    members: list = field(default_factory=list)
    mapping_due: dt.date | None = None
    mapping_state: str = "ok"          # ok | due_soon | overdue
    mapping_kind: str = ""             # start | yearly
    last_mapping: dt.date | None = None
    overdue_actions: int = 0
    overdue_tasks: int = 0
    next_meeting: dt.datetime | None = None
    flags: list = field(default_factory=list)
    consents_expiring: list[ExpiringConsent] = field(default_factory=list)
    # The children whose stafettholder's account or access is gone (BTI is per child).
    stafettholder_lost: list = field(default_factory=list)

    @property
    def attention(self) -> int:
        return (2 * (self.mapping_state == "overdue") + (self.mapping_state == "due_soon")
                + self.overdue_actions + self.overdue_tasks + 2 * bool(self.flags)
                + len(self.consents_expiring) + 2 * len(self.stafettholder_lost))


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    try:
        return day.replace(year=day.year + y, month=m + 1)
    except ValueError:
        return day.replace(year=day.year + y, month=m + 1, day=28)


def mapping_due(case_start: dt.date, last_mapping: dt.date | None, today: dt.date
                ) -> tuple[str, dt.date, str]:
    """(kind, due date, state) of the next mapping: start a month after the case starts,
    then yearly; state is overdue after the due date, due_soon within DUE_SOON_DAYS."""
    if last_mapping is None:
        kind, due = "start", case_start + dt.timedelta(days=START_MAPPING_WITHIN_DAYS)
    else:
        kind, due = "yearly", _add_months(last_mapping, MAPPING_REPEAT_MONTHS)
    state = ("overdue" if today > due else
             "due_soon" if (due - today).days <= DUE_SOON_DAYS else "ok")
    return kind, due, state


def caseload_cases(user):
    """The coordinator's own open cases (active or paused)."""
    return Case.objects.filter(coordinator=user,
                               status__in=[Case.Status.ACTIVE, Case.Status.PAUSED])


def open_caseload_cases():
    """Every coordinator's open cases (active or paused, not anonymised)."""
    return Case.objects.filter(status__in=[Case.Status.ACTIVE, Case.Status.PAUSED],
                               anonymised_at__isnull=True)


def caseload_for(user, today: dt.date | None = None) -> list[CaseloadRow]:
    """The worklist of one coordinator, most in need of attention first. Nine queries
    whatever the size of the caseload."""
    return _sorted(_rows(caseload_cases(user), today).values())


def caseloads_by_coordinator(today: dt.date | None = None) -> dict[int, list[CaseloadRow]]:
    """Every coordinator's worklist rows, keyed by the coordinator's user id (the same
    nine queries for all of them)."""
    by_user: dict[int, list[CaseloadRow]] = defaultdict(list)
    for row in _rows(open_caseload_cases(), today).values():
        by_user[row.case.coordinator_id].append(row)
    return {uid: _sorted(rows) for uid, rows in by_user.items()}


def _sorted(rows) -> list[CaseloadRow]:
    return sorted(rows, key=lambda r: (-r.attention, r.case.start_date, r.case.pk))


def _stafettholder_without_access(today: dt.date) -> Q:
    """For a case member: a child whose stafettholder's account is deactivated, or (from
    the child's level 2, where cooperation rests on consent) whose stafettholder's unit no
    longer holds an active consent grant covering the child. A stafettholder who is the
    case's own coordinator always has access; one without an account has none to lose."""
    from levekar.followup.access import child_grants

    unit_grant = child_grants(case_id=OuterRef("case_id"), person_id=OuterRef("person_id"),
                              today=today).filter(
        unit_id=OuterRef("stafettholder__user__org_unit_id"))
    return (Q(role=CaseMember.Role.CHILD, left_on__isnull=True,
              stafettholder__user__isnull=False)
            & ~Q(stafettholder__user_id=F("case__coordinator_id")) & (
                Q(stafettholder__user__is_active=False)
                | (Q(bti_level__gte=BtiLevel.COOPERATION) & ~Q(Exists(unit_grant)))))


def _expiring_consents(cases_qs, rows: dict[int, CaseloadRow], today: dt.date) -> None:
    """Active consents ending within CONSENT_EXPIRY_DAYS that no other active consent
    (same giver, same subject) outlasts: renewing the consent takes it off the list."""
    horizon = today + dt.timedelta(days=CONSENT_EXPIRY_DAYS)
    live = Consent.objects.filter(
        Exists(ConsentGrant.objects.filter(consent_id=OuterRef("pk"),
                                           withdrawn_at__isnull=True)),
        case__in=cases_qs, withdrawn_at__isnull=True, valid_from__lte=today,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).values_list(
        "pk", "case_id", "given_by_id", "subject_id", "valid_to").order_by("valid_to", "pk")
    lasting: set[tuple[int, int, int | None]] = set()
    ending = []
    for pk, case_id, given_by, subject, valid_to in live:
        if valid_to is None or valid_to > horizon:
            lasting.add((case_id, given_by, subject))
        else:
            ending.append((pk, case_id, given_by, subject, valid_to))
    for pk, case_id, given_by, subject, valid_to in ending:
        if (case_id, given_by, subject) in lasting:
            continue
        row = rows[case_id]
        raised = {m.person_id for m in row.members if m.role == CaseMember.Role.CHILD
                  and m.left_on is None and m.bti_level >= BtiLevel.COOPERATION}
        holds = (subject is None and bool(raised)) or subject in raised
        row.consents_expiring.append(ExpiringConsent(pk, valid_to, holds))


def _rows(cases_qs, today: dt.date | None) -> dict[int, CaseloadRow]:
    today = today or timezone.localdate()
    now = timezone.now()
    cases = list(cases_qs.select_related("household").order_by("start_date", "pk"))
    rows = {c.pk: CaseloadRow(c) for c in cases}
    # One coordinator's cases are named by id (a short list, simpler SQL); everyone's
    # stay a subquery (thousands of ids would exceed a database's parameter limit).
    if len(rows) <= 1000:
        cases_qs = list(rows)
    for m in (CaseMember.objects.filter(case__in=cases_qs).select_related("person")
              .annotate(_holder_lost=ExpressionWrapper(_stafettholder_without_access(today),
                                                       output_field=BooleanField()))
              .order_by("pk")):
        rows[m.case_id].members.append(m)
        if m._holder_lost:
            rows[m.case_id].stafettholder_lost.append(m)
    last = dict(Assessment.objects.filter(case__in=cases_qs).values("case_id")
                .annotate(last=Max("performed_on")).values_list("case_id", "last"))
    for cid, n in (GoalAction.objects.filter(GoalAction.overdue_q(today),
                                             goal__plan__case__in=cases_qs)
            .values("goal__plan__case_id").annotate(n=Count("id"))
            .values_list("goal__plan__case_id", "n")):
        rows[cid].overdue_actions = n
    for cid, n in (FollowUpTask.objects.filter(FollowUpTask.overdue_q(today),
                                               case__in=cases_qs)
                   .values("case_id").annotate(n=Count("id")).values_list("case_id", "n")):
        rows[cid].overdue_tasks = n
    for cid, first in (Meeting.objects.filter(case__in=cases_qs, status=Meeting.Status.PLANNED,
                                              starts_at__gte=now)
                       .values("case_id").annotate(first=Min("starts_at"))
                       .values_list("case_id", "first")):
        rows[cid].next_meeting = first
    _expiring_consents(cases_qs, rows, today)
    feedback = defaultdict(list)
    for fb in (SessionFeedback.objects.filter(meeting__case__in=cases_qs)
               .values("meeting__case_id", "member_id", "meeting__starts_at", "outcome_total",
                       "alliance_total", "instrument_id", "instrument_version")
               .order_by("meeting__starts_at", "pk")):
        feedback[(fb["meeting__case_id"], fb["member_id"])].append(fb)
    reg = instruments.registry()
    for (cid, _mid), items in feedback.items():
        inst = reg.get(items[-1]["instrument_id"], items[-1]["instrument_version"])
        sessions = [instruments.Session(timezone.localtime(f["meeting__starts_at"]).date(),
                                        f["outcome_total"], f["alliance_total"]) for f in items]
        for flag in instruments.feedback_flags(inst, sessions):
            if flag not in rows[cid].flags:
                rows[cid].flags.append(flag)
    for row in rows.values():
        row.members.sort(key=member_sort_key)
        row.last_mapping = last.get(row.case.pk)
        row.mapping_kind, row.mapping_due, row.mapping_state = mapping_due(
            row.case.start_date, row.last_mapping, today)
    return rows


# --- the things to do ---------------------------------------------------------------------

# The kinds of work, in the order the worklist shows them, with the page that does it.
WORK_KINDS = ("mapping_overdue", "actions_overdue", "consent_expiring", "stafettholder_lost",
              "feedback_flag", "tasks_overdue", "mapping_due")

WORK_URL = {
    "mapping_overdue": "followup:mapping_create",
    "mapping_due": "followup:mapping_create",
    "actions_overdue": "followup:plan",
    "tasks_overdue": "followup:meeting_list",
    "consent_expiring": "followup:consent_list",
    "stafettholder_lost": "followup:bti_level",
    "feedback_flag": "followup:feedback",
}


@dataclass(frozen=True)
class WorkItem:
    kind: str
    row: CaseloadRow
    count: int = 1
    due: dt.date | None = None
    urgent: bool = False     # a consent holding a child at level 2
    member: CaseMember | None = None   # the child, for per-child work (BTI)

    @property
    def url_name(self) -> str:
        return WORK_URL[self.kind]


def work_items(rows: list[CaseloadRow]) -> list[WorkItem]:
    """Every thing to do on the worklist, grouped by kind (``WORK_KINDS``); expiring
    consents holding a child at level 2 first, then by date."""
    items: dict[str, list[WorkItem]] = {k: [] for k in WORK_KINDS}
    for r in rows:
        if r.mapping_state == "overdue":
            items["mapping_overdue"].append(WorkItem("mapping_overdue", r, due=r.mapping_due))
        elif r.mapping_state == "due_soon":
            items["mapping_due"].append(WorkItem("mapping_due", r, due=r.mapping_due))
        if r.overdue_actions:
            items["actions_overdue"].append(WorkItem("actions_overdue", r, r.overdue_actions))
        if r.overdue_tasks:
            items["tasks_overdue"].append(WorkItem("tasks_overdue", r, r.overdue_tasks))
        for c in r.consents_expiring:
            items["consent_expiring"].append(WorkItem("consent_expiring", r, due=c.valid_to,
                                                      urgent=c.holds_level2_child))
        for child in r.stafettholder_lost:
            items["stafettholder_lost"].append(WorkItem("stafettholder_lost", r, member=child))
        if r.flags:
            items["feedback_flag"].append(WorkItem("feedback_flag", r, len(r.flags)))
    items["consent_expiring"].sort(key=lambda i: (not i.urgent, i.due, i.row.case.pk))
    for kind in ("mapping_overdue", "mapping_due"):
        items[kind].sort(key=lambda i: (i.due, i.row.case.pk))
    return [i for k in WORK_KINDS for i in items[k]]


def work_counts(rows: list[CaseloadRow]) -> dict[str, int]:
    """How many things of each kind (the digest's counts: no names)."""
    counts = dict.fromkeys(WORK_KINDS, 0)
    for item in work_items(rows):
        counts[item.kind] += 1
    return counts
