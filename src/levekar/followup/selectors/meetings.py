"""Reads of meetings, tasks and session feedback, filtered by the user's access."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from levekar.followup import instruments
from levekar.followup.models import (
    CaseMember,
    FollowUpTask,
    Meeting,
    SessionFeedback,
)
from levekar.followup.selectors.case import member_label, member_sort_key


def meetings_for_case(access, user) -> dict:
    """Meetings the user may see: all with full access; a partner sees those its unit took
    part in, with only the tasks given to its unit (the list shows no notes; the meeting's
    page shows them where ``access.can_read_meeting_notes`` allows)."""
    case = access.case
    qs = (Meeting.objects.filter(case=case)
          .prefetch_related("units", Prefetch("members", queryset=CaseMember.objects
                                              .select_related("person")),
                            Prefetch("tasks", queryset=FollowUpTask.objects
                                     .select_related("responsible_unit")))
          .select_related("created_by", "created_by_unit")
          .annotate(feedback_count=Count("feedback"))
          .order_by("-starts_at", "-pk"))
    unit_id = getattr(user, "org_unit_id", None)
    if not access.full:
        qs = qs.filter(units=unit_id) if unit_id else qs.none()
    tasks = FollowUpTask.objects.filter(case=case).select_related("responsible_unit", "meeting")
    if not access.full:
        tasks = tasks.filter(responsible_unit=unit_id) if unit_id else tasks.none()
    meetings = list(qs)
    for m in meetings:
        m.visible_tasks = [t for t in m.tasks.all()
                           if access.full or t.responsible_unit_id == unit_id]
    today = timezone.localdate()
    tasks = list(tasks.order_by("done_on", "deadline", "pk"))
    return {"meetings": meetings, "tasks": tasks, "today": today, "now": timezone.now(),
            "open_tasks": [t for t in tasks if t.done_on is None],
            "overdue_tasks": sum(1 for t in tasks if t.is_overdue(today))}


def meeting_get(access, user, pk: int) -> Meeting:
    meeting = (Meeting.objects.filter(pk=pk, case=access.case)
               .select_related("created_by", "created_by_unit")
               .prefetch_related("units", Prefetch("members", queryset=CaseMember.objects
                                                   .select_related("person"))).first())
    if meeting is None:
        raise Http404("Fant ikke møtet.")
    if not access.full and not any(u.pk == getattr(user, "org_unit_id", None)
                                   for u in meeting.units.all()):
        raise Http404("Fant ikke møtet.")
    return meeting


def task_get(access, pk: int) -> FollowUpTask:
    task = FollowUpTask.objects.select_related("case").filter(pk=pk, case=access.case).first()
    if task is None:
        raise Http404("Fant ikke oppgaven.")
    return task


@dataclass
class PersonFeedback:
    member: CaseMember
    label: str
    rows: list          # [(meeting, SessionFeedback)]
    flags: list[str]
    instrument: instruments.Instrument


FLAG_TEXT = {
    instruments.ALLIANCE_LOW: gettext_noop("The alliance score is below the cut-off"),
    instruments.ALLIANCE_FALLING: gettext_noop(
        "The alliance score has fallen at each of the last sessions"),
    instruments.OUTCOME_NOT_IMPROVING: gettext_noop("The outcome score is not improving"),
}


def _sessions(rows) -> list[instruments.Session]:
    return [instruments.Session(timezone.localtime(r.meeting.starts_at).date(), r.outcome_total,
                                r.alliance_total) for r in rows]


def feedback_for_case(access) -> list[PersonFeedback]:
    """Each person's session feedback in date order with the reasons they are flagged."""
    rows = (SessionFeedback.objects.filter(meeting__case=access.case)
            .select_related("meeting", "member__person")
            .order_by("member_id", "meeting__starts_at", "pk"))
    reg = instruments.registry()
    by_member: dict[int, list[SessionFeedback]] = defaultdict(list)
    members: dict[int, CaseMember] = {}
    for r in rows:
        by_member[r.member_id].append(r)
        members[r.member_id] = r.member
    out = []
    for mid, items in by_member.items():
        inst = reg.get(items[-1].instrument_id, items[-1].instrument_version)
        out.append(PersonFeedback(members[mid], member_label(members[mid]),
                                  [(r.meeting, r) for r in items],
                                  instruments.feedback_flags(inst, _sessions(items)), inst))
    out.sort(key=lambda p: member_sort_key(p.member))
    return out


def feedback_chart_spec(person: PersonFeedback) -> dict:
    """A Vega-Lite line chart of outcome and alliance totals over the sessions (Altair).
    Lines differ by dash and point shape as well as colour; the cut-off is a dashed rule."""
    import altair as alt

    outcome, alliance = person.instrument.measure("outcome"), person.instrument.measure("alliance")
    lo, hi = outcome.total_range
    o_name, a_name = instruments.tr(outcome.title), instruments.tr(alliance.title)
    values = []
    for meeting, r in person.rows:
        day = timezone.localtime(meeting.starts_at).date().isoformat()
        values.append({"date": day, "measure": o_name, "score": r.outcome_total})
        values.append({"date": day, "measure": a_name, "score": r.alliance_total})
    x = alt.X("date:T", title=_("Meeting"), axis=alt.Axis(format="%d.%m.%Y", tickCount=6))
    y = alt.Y("score:Q", title=_("Score (sum)"), scale=alt.Scale(domain=[lo, hi]))
    lines = alt.Chart(alt.Data(values=values)).mark_line(point={"size": 70}).encode(
        x=x, y=y,
        color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("measure:N", title=None),
        shape=alt.Shape("measure:N", title=None),
        tooltip=[alt.Tooltip("date:T", title=_("Meeting"), format="%d.%m.%Y"),
                 alt.Tooltip("measure:N", title=_("Which score")),
                 alt.Tooltip("score:Q", title=_("Score (sum)"))])
    layers = [lines]
    if alliance.cutoff is not None:
        layers.append(alt.Chart(alt.Data(values=[{"cutoff": alliance.cutoff}]))
                      .mark_rule(strokeDash=[6, 4], color="#555").encode(y="cutoff:Q"))
    # vega-embed replaces the container's aria-label with the spec's description.
    description = _("Outcome and alliance scores over the meetings for %(who)s; the figures "
                    "are in the table below.") % {"who": person.label}
    chart = alt.layer(*layers).properties(width="container", height=240,
                                          description=description)
    return chart.to_dict()
