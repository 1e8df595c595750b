"""Innsyn (subject access): everything the work part holds about one person.

``work_export_section(person)`` is registered at merge with the case part's
``levekar.followup.export.register_export_section``. It includes, for every case the person
takes part in: the family's wishes and the goals for the whole family or for the person (with
actions and, for a child, their own words), the household's and the person's own mapping
answers (never another member's person-level answers), the meetings the person was present
at (with notes), the case's follow-up tasks, and the person's own session feedback.
The caller writes the audit event (one EXPORT for the whole subject-access export).
"""

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from levekar.followup import instruments
from levekar.followup.models import (
    Assessment,
    CaseMember,
    ChildVoice,
    FollowUpTask,
    Goal,
    GoalAction,
    Meeting,
    SessionFeedback,
)


def _date(d):
    return d.isoformat() if d else None


def _answers(assessment: Assessment, person_id: int) -> list[dict]:
    inst = instruments.registry().get(assessment.instrument_id, assessment.instrument_version)
    h = assessment.answers.get("household", {})
    own = assessment.answers.get("persons", {}).get(str(person_id), {})
    rows = []
    for section in inst.sections:
        values = h if section.scope == "household" else own
        for item in section.items:
            if item.id in values:
                rows.append({"section": instruments.tr(section.title),
                             "question": instruments.tr(item.label),
                             "answer": instruments.display_value(inst, item, values[item.id])})
    return rows


def work_export_section(person) -> dict:
    """The person's data in the work part of the follow-up, as plain JSON-able data."""
    memberships = list(CaseMember.objects.filter(person=person).select_related(
        "case__family_plan"))
    case_ids = [m.case_id for m in memberships]
    member_ids = [m.pk for m in memberships]
    goals = (Goal.objects.filter(plan__case_id__in=case_ids)
             .filter(Q(member__isnull=True) | Q(member_id__in=member_ids))
             .select_related("plan", "member")
             .prefetch_related(
                 Prefetch("actions", queryset=GoalAction.objects.select_related(
                     "responsible_unit")),
                 Prefetch("child_voices", queryset=ChildVoice.objects.filter(
                     child_id__in=member_ids)))
             .order_by("plan__case_id", "pk"))
    assessments = Assessment.objects.filter(case_id__in=case_ids).order_by("performed_on", "pk")
    meetings = (Meeting.objects.filter(members__in=member_ids).prefetch_related("units")
                .order_by("starts_at").distinct())
    tasks = (FollowUpTask.objects.filter(case_id__in=case_ids).select_related("responsible_unit")
             .order_by("deadline", "pk"))
    feedback = (SessionFeedback.objects.filter(member_id__in=member_ids).select_related("meeting")
                .order_by("meeting__starts_at"))
    return {
        "title": _("Family follow-up: family plan, mappings, meetings and feedback"),
        "family_wishes": [m.case.family_plan.family_wishes for m in memberships
                          if hasattr(m.case, "family_plan") and m.case.family_plan.family_wishes],
        "goals": [{
            "case": g.plan.case_id,
            "for": _("the whole family") if g.member_id is None else _("you"),
            "area": g.get_area_display(), "kind": g.get_kind_display(), "goal": g.title,
            "how_we_will_know": g.description, "target_date": _date(g.target_date),
            "status": g.get_status_display(), "achieved_on": _date(g.achieved_on),
            "actions": [{"action": a.description,
                         "responsible": ", ".join(x for x in (
                             a.responsible_unit.name if a.responsible_unit else "",
                             a.responsible_person) if x),
                         "deadline": _date(a.deadline), "status": a.get_status_display(),
                         "done_on": _date(a.done_on)} for a in g.actions.all()],
            "your_own_words": [{"words": v.words, "age": v.child_age,
                                "how": v.get_gathered_how_display(),
                                "date": _date(v.gathered_on)} for v in g.child_voices.all()],
        } for g in goals],
        "mappings": [{"case": a.case_id, "kind": a.get_kind_display(),
                      "date": _date(a.performed_on),
                      "form": f"{a.instrument_id} v{a.instrument_version}",
                      "answers": _answers(a, person.pk)} for a in assessments],
        "meetings": [{"case": m.case_id, "kind": m.get_kind_display(),
                      "time": timezone.localtime(m.starts_at).isoformat(timespec="minutes"),
                      "status": m.get_status_display(), "place": m.place,
                      "units": [u.name for u in m.units.all()], "notes": m.notes}
                     for m in meetings],
        "tasks": [{"case": t.case_id, "task": t.description,
                   "responsible": ", ".join(x for x in (
                       t.responsible_unit.name if t.responsible_unit else "",
                       t.responsible_person) if x),
                   "deadline": _date(t.deadline), "done_on": _date(t.done_on)} for t in tasks],
        "session_feedback": [{"meeting": timezone.localtime(f.meeting.starts_at).date()
                              .isoformat(), "outcome_scores": f.outcome_scores,
                              "alliance_scores": f.alliance_scores,
                              "outcome_total": f.outcome_total,
                              "alliance_total": f.alliance_total} for f in feedback],
    }
