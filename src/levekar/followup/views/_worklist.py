"""The worklist's words and links, made once per page in Python.

A coordinator's worklist has a hundred families and a few hundred things to do; letting
the template choose a sentence and reverse a URL for every one of them was most of the
page's time. Here each sentence is translated once per kind and each link reversed once per
page (the case's id put in by string), so the template only prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from levekar.followup.selectors import FLAG_TEXT, WORK_URL, CaseloadRow, WorkItem

_MARKER = 987654321   # stands for the case's id in a reversed URL


def case_url(url_name: str) -> Callable[[int], str]:
    """``reverse(url_name, args=[pk])`` as a function of ``pk``, reversing only once."""
    head, tail = reverse(url_name, args=[_MARKER]).split(str(_MARKER))
    return lambda pk: f"{head}{pk}{tail}"


def _day(value) -> str:
    """``value|date:"d.m.Y"`` without the template filter's machinery."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


@dataclass(frozen=True)
class ItemLine:
    """One thing to do as the worklist shows it."""

    kind: str
    case_pk: int
    urgent: bool
    text: str
    family: str
    url: str
    act: str


def dress(rows: list[CaseloadRow], items: list[WorkItem]) -> list[ItemLine]:
    """Give every row the words and links the worklist template prints, and the items as
    lines to print (in the same order)."""
    plan, mappings = case_url("followup:plan"), case_url("followup:mapping_list")
    meetings, feedback = case_url("followup:meeting_list"), case_url("followup:feedback")
    mapping_label = {"start": _("Start mapping"), "yearly": _("Yearly mapping")}
    state_label = {"overdue": _("overdue"), "due_soon": _("due soon"), "ok": ""}
    flag_words = {f: _(t) for f, t in FLAG_TEXT.items()}
    for r in rows:
        pk = r.case.pk
        # The family's names once per row: both lists show them.
        r.family_label = (", ".join(m.person.full_name for m in r.members)
                          or str(r.case.household))
        r.title = _("Family follow-up %(n)s") % {"n": pk}
        r.plan_url, r.mapping_list_url = plan(pk), mappings(pk)
        r.meetings_url, r.feedback_url = meetings(pk), feedback(pk)
        r.mapping_label = mapping_label.get(r.mapping_kind, mapping_label["yearly"])
        r.mapping_due_text = _day(r.mapping_due) if r.mapping_due else ""
        r.mapping_state_label = state_label.get(r.mapping_state, "")
        r.flag_words = [flag_words[f] for f in r.flags]
    act_url = {kind: case_url(name) for kind, name in WORK_URL.items()}
    act_text = {
        "mapping_overdue": _("Record the mapping"), "mapping_due": _("Record the mapping"),
        "actions_overdue": _("Open the plan"), "tasks_overdue": _("Open meetings and tasks"),
        "consent_expiring": _("Renew the consent"),
        "stafettholder_lost": _("Choose a stafettholder"),
        "feedback_flag": _("See the feedback"),
    }
    lines = []
    for i in items:
        url = act_url[i.kind](i.row.case.pk)
        if i.member is not None:
            url += f"?barn={i.member.pk}"
        lines.append(ItemLine(i.kind, i.row.case.pk, i.urgent, _item_text(i),
                              i.row.family_label, url, act_text[i.kind]))
    return lines


def _item_text(i: WorkItem) -> str:
    if i.kind == "mapping_overdue":
        if i.row.mapping_kind == "start":
            return _("Start mapping overdue since %(date)s") % {"date": _day(i.due)}
        return _("Yearly mapping overdue since %(date)s") % {"date": _day(i.due)}
    if i.kind == "mapping_due":
        return _("Yearly mapping due %(date)s") % {"date": _day(i.due)}
    if i.kind == "actions_overdue":
        return ngettext("%(counter)s plan action past its deadline",
                        "%(counter)s plan actions past their deadline",
                        i.count) % {"counter": i.count}
    if i.kind == "tasks_overdue":
        return ngettext("%(counter)s task past its deadline",
                        "%(counter)s tasks past their deadline",
                        i.count) % {"counter": i.count}
    if i.kind == "consent_expiring":
        return _("A consent ends %(date)s") % {"date": _day(i.due)}
    if i.kind == "stafettholder_lost":
        return _("The stafettholder of %(name)s no longer has access") % {
            "name": i.member.person.first_name}
    return _("Session feedback is not on track")
