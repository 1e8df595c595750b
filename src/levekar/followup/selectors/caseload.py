"""The coordinator's caseload (arbeidsliste): mappings due, overdue actions and tasks,
next meetings and feedback that needs attention."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min
from django.utils import timezone

from levekar.followup import instruments
from levekar.followup.models import (
    Assessment,
    Case,
    CaseMember,
    FollowUpTask,
    GoalAction,
    Meeting,
    SessionFeedback,
)
from levekar.followup.selectors.case import member_sort_key

START_MAPPING_WITHIN_DAYS = 30   # the start mapping is due a month after the case starts


MAPPING_REPEAT_MONTHS = 12       # then yearly


DUE_SOON_DAYS = 30               # the caseload shows "due soon" this long before


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

    @property
    def attention(self) -> int:
        return (2 * (self.mapping_state == "overdue") + (self.mapping_state == "due_soon")
                + self.overdue_actions + self.overdue_tasks + 2 * bool(self.flags))


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


def caseload_for(user, today: dt.date | None = None) -> list[CaseloadRow]:
    """The worklist: mappings due, overdue actions and tasks, next meeting, FIT flags.
    Seven queries whatever the size of the caseload."""
    today = today or timezone.localdate()
    now = timezone.now()
    cases_qs = caseload_cases(user)
    cases = list(cases_qs.select_related("household").order_by("start_date", "pk"))
    rows = {c.pk: CaseloadRow(c) for c in cases}
    for m in (CaseMember.objects.filter(case__in=cases_qs).select_related("person")
              .order_by("pk")):
        rows[m.case_id].members.append(m)
    last = dict(Assessment.objects.filter(case__in=cases_qs).values("case_id")
                .annotate(last=Max("performed_on")).values_list("case_id", "last"))
    for cid, n in (GoalAction.objects.filter(
            goal__plan__case__in=cases_qs, deadline__lt=today,
            status__in=[GoalAction.Status.PLANNED, GoalAction.Status.IN_PROGRESS])
            .values("goal__plan__case_id").annotate(n=Count("id"))
            .values_list("goal__plan__case_id", "n")):
        rows[cid].overdue_actions = n
    for cid, n in (FollowUpTask.objects.filter(case__in=cases_qs, done_on__isnull=True,
                                               deadline__lt=today)
                   .values("case_id").annotate(n=Count("id")).values_list("case_id", "n")):
        rows[cid].overdue_tasks = n
    for cid, first in (Meeting.objects.filter(case__in=cases_qs, status=Meeting.Status.PLANNED,
                                              starts_at__gte=now)
                       .values("case_id").annotate(first=Min("starts_at"))
                       .values_list("case_id", "first")):
        rows[cid].next_meeting = first
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
    return sorted(rows.values(), key=lambda r: (-r.attention, r.case.start_date, r.case.pk))
