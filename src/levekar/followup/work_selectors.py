"""Reads of the work part of a case, filtered by the user's access (see ``work_access``).

Every function takes the access object from ``work_access.work_case_access`` (or the
user, for the caseload) and uses a fixed number of queries whatever the amount of data.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from levekar.followup import entitlements, instruments
from levekar.followup.models import (
    Assessment,
    Case,
    CaseMember,
    ChildVoice,
    FamilyPlan,
    FollowUpTask,
    Goal,
    GoalAction,
    Meeting,
    PlanArea,
    SessionFeedback,
)
from levekar.followup.work_access import (
    AREA_PARTS,
    can_see_all,
    can_see_any,
    goal_visible,
)

START_MAPPING_WITHIN_DAYS = 30   # the start mapping is due a month after the case starts
MAPPING_REPEAT_MONTHS = 12       # then yearly
DUE_SOON_DAYS = 30               # the caseload shows "due soon" this long before


def members_of(case: Case) -> list[CaseMember]:
    """The case's members with their persons, parents first (one query)."""
    return list(case.members.select_related("person").order_by("role", "person__birth_date",
                                                                "pk"))


def member_label(member: CaseMember, on: dt.date | None = None) -> str:
    age = member.person.age_on(on or timezone.localdate())
    role = member.get_role_display()
    return f"{member.person.full_name} ({role.lower()}{f', {age} år' if age is not None else ''})"


# --- Familiens plan -----------------------------------------------------------------------------

@dataclass
class GoalView:
    goal: Goal
    actions: list[GoalAction]
    voices: list[ChildVoice]
    overdue_actions: int


def plan_for_case(access) -> dict:
    """The plan's goals the user may see, by area, with actions and the child's voice."""
    case = access.case
    today = timezone.localdate()
    plan = FamilyPlan.objects.filter(case=case).first()
    goals = (Goal.objects.filter(plan__case=case)
             .select_related("member__person", "parent")
             .prefetch_related(
                 Prefetch("actions", queryset=GoalAction.objects.select_related(
                     "responsible_unit").order_by("deadline", "pk")),
                 Prefetch("child_voices", queryset=ChildVoice.objects.select_related(
                     "child__person").order_by("gathered_on", "pk")))
             .order_by("kind", "target_date", "pk"))
    by_area: dict[str, list[GoalView]] = defaultdict(list)
    hidden = 0
    for goal in goals:
        if not goal_visible(access, goal):
            hidden += 1
            continue
        voices = [v for v in goal.child_voices.all()
                  if can_see_any(access, AREA_PARTS[goal.area], v.child.person_id)]
        actions = list(goal.actions.all())
        overdue = sum(1 for a in actions if a.is_open() and a.deadline and a.deadline < today)
        by_area[goal.area].append(GoalView(goal, actions, voices, overdue))
    areas = [(PlanArea(a).label, by_area[a]) for a in PlanArea.values if by_area.get(a)]
    return {"plan": plan, "areas": areas, "hidden_goals": hidden,
            "show_wishes": access.full, "today": today}


def goal_get(access, goal_pk: int) -> Goal:
    goal = (Goal.objects.select_related("plan__case", "member__person", "parent")
            .filter(pk=goal_pk, plan__case=access.case).first())
    if goal is None or not goal_visible(access, goal):
        raise Http404("Fant ikke målet.")
    return goal


def action_get(access, action_pk: int) -> GoalAction:
    action = (GoalAction.objects.select_related("goal__plan__case", "goal__member")
              .filter(pk=action_pk, goal__plan__case=access.case).first())
    if action is None or not goal_visible(access, action.goal):
        raise Http404("Fant ikke tiltaket.")
    return action


# --- mapping (kartlegging) -----------------------------------------------------------------

def assessments_of(access) -> list[Assessment]:
    return list(Assessment.objects.filter(case=access.case).select_related("performed_by")
                .order_by("performed_on", "pk"))


def assessment_get(access, pk: int) -> Assessment:
    assessment = Assessment.objects.filter(pk=pk, case=access.case).first()
    if assessment is None:
        raise Http404("Fant ikke kartleggingen.")
    return assessment


def instrument_of(assessment: Assessment) -> instruments.Instrument:
    return instruments.registry().get(assessment.instrument_id, assessment.instrument_version)


def _section_visible(access, section, person_id=None) -> bool:
    if section.part is None:
        return access.full
    if person_id is not None:
        return can_see_any(access, [section.part], person_id)
    return access.can_see(section.part)


def _scope_members(section, members):
    if section.scope == "child":
        return [m for m in members if m.role == CaseMember.Role.CHILD]
    return [m for m in members if m.role != CaseMember.Role.CHILD]


@dataclass
class SectionView:
    title: str
    part: str | None
    rows: list = field(default_factory=list)             # household: [(label, value)]
    people: list = field(default_factory=list)           # person sections: [(label, rows)]


def assessment_sections(access, assessment: Assessment, members: list[CaseMember]
                        ) -> list[SectionView]:
    """The answers of one mapping, section by section, as far as the user may see."""
    inst = instrument_of(assessment)
    answers = assessment.answers
    derived = instruments.derived_values(inst, answers)
    out = []
    for section in inst.sections:
        view = SectionView(instruments.tr(section.title), section.part)
        if section.scope == "household":
            if not _section_visible(access, section):
                continue
            h = answers.get("household", {})
            view.rows = [(instruments.tr(i.label), instruments.display_value(inst, i, h.get(i.id)))
                         for i in section.items]
            for d in inst.derived:
                if d.section == section.id:
                    view.rows.append((instruments.tr(d.label), _show_derived(derived.get(d.id))))
        else:
            for m in _scope_members(section, members):
                if not _section_visible(access, section, m.person_id):
                    continue
                own = answers.get("persons", {}).get(str(m.person_id), {})
                view.people.append((member_label(m, assessment.performed_on), [
                    (instruments.tr(i.label), instruments.display_value(inst, i, own.get(i.id)))
                    for i in section.items]))
            if not view.people:
                continue
        out.append(view)
    return out


def _show_derived(value) -> str:
    if value is None:
        return _("Unknown")
    return _("Yes") if value else _("No")


VERDICT_TEXT = {
    instruments.BETTER: ("↑", gettext_noop("Better")),
    instruments.WORSE: ("↓", gettext_noop("Worse")),
    instruments.SAME: ("→", gettext_noop("Unchanged")),
    instruments.NO_COMPARISON: ("", gettext_noop("Changed")),
}


@dataclass
class ChangeRow:
    label: str
    start: str
    latest: str
    verdict: str
    arrow: str
    words: str


@dataclass
class AreaChange:
    title: str
    person: str | None
    rows: list[ChangeRow]

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys((instruments.BETTER, instruments.WORSE, instruments.SAME), 0)
        for r in self.rows:
            if r.verdict in counts:
                counts[r.verdict] += 1
        return counts


def _change_row(label, start_inst, start_item, start_value, latest_inst, latest_item,
                latest_value) -> ChangeRow | None:
    if start_value is None and latest_value is None:
        return None
    start_show = instruments.display_value(start_inst, start_item, start_value)
    latest_show = instruments.display_value(latest_inst, latest_item, latest_value)
    verdict = instruments.change_direction(
        latest_item.direction, instruments.comparable(start_item, start_value),
        instruments.comparable(latest_item, latest_value))
    if verdict == instruments.NO_COMPARISON and start_show == latest_show:
        verdict = instruments.SAME
    arrow, words = VERDICT_TEXT[verdict]
    return ChangeRow(label, start_show, latest_show, verdict, arrow, _(words))


def assessment_change(access, start: Assessment, latest: Assessment,
                      members: list[CaseMember]) -> list[AreaChange]:
    """Start vs latest mapping per area (section) and per person, with better/worse words.

    Items are matched by id, so a newer instrument version still compares with the start;
    an item only one of the versions has is shown without a verdict. Text answers are left
    out (they are not measures).
    """
    s_inst, l_inst = instrument_of(start), instrument_of(latest)
    s_der, l_der = (instruments.derived_values(s_inst, start.answers),
                    instruments.derived_values(l_inst, latest.answers))
    s_items = {i.id: i for s in s_inst.sections for i in s.items}
    out: list[AreaChange] = []

    def rows_for(section, s_vals, l_vals):
        rows = []
        for item in section.items:
            if item.type == "text":
                continue
            s_item = s_items.get(item.id, item)
            row = _change_row(instruments.tr(item.label), s_inst, s_item,
                              s_vals.get(item.id) if item.id in s_items else None,
                              l_inst, item, l_vals.get(item.id))
            if row:
                rows.append(row)
        return rows

    for section in l_inst.sections:
        if section.scope == "household":
            if not _section_visible(access, section):
                continue
            rows = rows_for(section, start.answers.get("household", {}),
                            latest.answers.get("household", {}))
            for d in l_inst.derived:
                if d.section == section.id:
                    sv, lv = s_der.get(d.id), l_der.get(d.id)
                    if sv is None and lv is None:
                        continue
                    verdict = instruments.change_direction(
                        d.direction, None if sv is None else float(sv),
                        None if lv is None else float(lv))
                    arrow, words = VERDICT_TEXT[verdict]
                    rows.append(ChangeRow(instruments.tr(d.label), _show_derived(sv),
                                          _show_derived(lv), verdict, arrow, _(words)))
            if rows:
                out.append(AreaChange(instruments.tr(section.title), None, rows))
            continue
        for m in _scope_members(section, members):
            if not _section_visible(access, section, m.person_id):
                continue
            key = str(m.person_id)
            rows = rows_for(section, start.answers.get("persons", {}).get(key, {}),
                            latest.answers.get("persons", {}).get(key, {}))
            if rows:
                out.append(AreaChange(instruments.tr(section.title), member_label(m, latest
                                      .performed_on), rows))
    return out


# --- mulige rettigheter -----------------------------------------------------------------------

def entitlements_for_case(access, members: list[CaseMember], assessments: list[Assessment],
                          on: dt.date | None = None) -> dict:
    """Possible entitlements from the latest mapping, only those whose facts the user may see."""
    on = on or timezone.localdate()
    latest = assessments[-1] if assessments else None
    if latest is None:
        return {"latest": None, "possible": [], "unknown": [], "hidden": 0}
    inst = instrument_of(latest)
    facts = entitlements.facts_from_mapping(
        inst, latest.answers,
        [entitlements.MemberFact(m.person_id, m.role == CaseMember.Role.CHILD,
                                 m.person.birth_date) for m in members],
        on)
    results = entitlements.evaluate(entitlements.rules(), facts, inst, on)
    shown = [r for r in results if can_see_all(access, r.parts)]
    return {"latest": latest, "on": on,
            "possible": [r for r in shown if r.status == entitlements.POSSIBLE],
            "unknown": [r for r in shown if r.status == entitlements.UNKNOWN],
            "hidden": len(results) - len(shown)}


# --- contacts and meetings --------------------------------------------------------------------

def meetings_for_case(access, user) -> dict:
    """Meetings the user may see: all with full access; a partner sees those its unit took
    part in, with only the tasks given to its unit and never the notes."""
    case = access.case
    qs = (Meeting.objects.filter(case=case)
          .prefetch_related("units", Prefetch("members", queryset=CaseMember.objects
                                              .select_related("person")),
                            Prefetch("tasks", queryset=FollowUpTask.objects
                                     .select_related("responsible_unit")))
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
            "overdue_tasks": sum(1 for t in tasks if t.done_on is None and t.deadline < today)}


def meeting_get(access, user, pk: int) -> Meeting:
    meeting = (Meeting.objects.filter(pk=pk, case=access.case)
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


# --- session feedback (FIT) -------------------------------------------------------------------

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
    out.sort(key=lambda p: (p.member.role, p.member.person.birth_date or dt.date.min))
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
                 alt.Tooltip("measure:N", title=_("Measure")),
                 alt.Tooltip("score:Q", title=_("Score (sum)"))])
    layers = [lines]
    if alliance.cutoff is not None:
        layers.append(alt.Chart(alt.Data(values=[{"cutoff": alliance.cutoff}]))
                      .mark_rule(strokeDash=[6, 4], color="#555").encode(y="cutoff:Q"))
    chart = alt.layer(*layers).properties(width="container", height=240)
    return chart.to_dict()


# --- the coordinator's caseload ------------------------------------------------------------

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
    """The coordinator's open cases. (At merge: the case part's ``cases_visible_to``.)"""
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
              .order_by("role", "person__birth_date", "pk")):
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
        row.last_mapping = last.get(row.case.pk)
        row.mapping_kind, row.mapping_due, row.mapping_state = mapping_due(
            row.case.start_date, row.last_mapping, today)
    return sorted(rows.values(), key=lambda r: (-r.attention, r.case.start_date, r.case.pk))

