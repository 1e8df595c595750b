"""Reads of the mapping and of the possible entitlements, filtered by the user's access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from levekar.followup import entitlements, instruments
from levekar.followup.access import (
    can_see_all,
    can_see_any,
)
from levekar.followup.models import (
    Assessment,
    CaseMember,
    GoalAction,
)
from levekar.followup.pass_rule import activity_pass_rule
from levekar.followup.selectors.case import member_label
from levekar.followup.selectors.offers import offer_catalogue


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
    by_child: bool = False                               # the child answered itself


def assessment_sections(access, assessment: Assessment, members: list[CaseMember]
                        ) -> list[SectionView]:
    """The answers of one mapping, section by section, as far as the user may see."""
    inst = instrument_of(assessment)
    answers = assessment.answers
    derived = instruments.derived_values(inst, answers)
    out = []
    for section in inst.sections:
        view = SectionView(instruments.tr(section.title), section.part,
                           by_child=section.respondent == "child")
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
    key: str = ""                                   # the item or derived indicator id
    values: list = field(default_factory=list)      # the answer in every mapping (trend)


@dataclass
class AreaChange:
    title: str
    person: str | None
    rows: list[ChangeRow]
    person_id: int | None = None
    by_child: bool = False

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
    return ChangeRow(label, start_show, latest_show, verdict, arrow, _(words), latest_item.id)


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
                                          _show_derived(lv), verdict, arrow, _(words), d.id))
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
                                      .performed_on), rows, m.person_id,
                                      section.respondent == "child"))
    return out


def assessment_trend(access, assessments: list[Assessment],
                     members: list[CaseMember]) -> list[AreaChange]:
    """Every yearly mapping side by side: the start-vs-latest change per area and person
    (``assessment_change``), each row also holding its answer in every mapping, oldest
    first (``row.values``), "–" where a mapping did not ask or was not answered.

    Pure reads of the loaded mappings: no queries beyond those that loaded them.
    """
    if len(assessments) < 2:
        return []
    start = next((a for a in assessments if a.kind == Assessment.Kind.START), assessments[0])
    latest = assessments[-1]
    areas = assessment_change(access, start, latest, members)
    loaded = []
    for a in assessments:
        inst = instrument_of(a)
        loaded.append((a, inst, instruments.derived_values(inst, a.answers)))
    for area in areas:
        for row in area.rows:
            row.values = [_trend_value(inst, a.answers, derived, row.key, area.person_id)
                          for a, inst, derived in loaded]
    return areas


def _trend_value(inst, answers: dict, derived: dict, key: str, person_id: int | None) -> str:
    if any(d.id == key for d in inst.derived):
        return _show_derived(derived.get(key)) if derived.get(key) is not None else "–"
    found = inst.item(key)
    if found is None:
        return "–"
    own = (answers.get("household", {}) if person_id is None
           else answers.get("persons", {}).get(str(person_id), {}))
    value = own.get(key)
    return "–" if value is None else instruments.display_value(inst, found[1], value)


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
    results = entitlements.evaluate(entitlements.rules(), facts, inst, on,
                                    activity_pass_rule(on))
    shown = [r for r in results if can_see_all(access, r.parts)]
    catalogue = offer_catalogue()
    # The plan action made from each scheme (the newest), and the offer that helps with it.
    actions: dict = {}
    for action in (GoalAction.objects.filter(goal__plan__case=access.case)
                   .exclude(entitlement="").order_by("created_at", "pk")):
        actions[action.entitlement] = action
    return {"latest": latest, "on": on,
            "possible": [r for r in shown if r.status == entitlements.POSSIBLE],
            "unknown": [r for r in shown if r.status == entitlements.UNKNOWN],
            "hidden": len(results) - len(shown),
            "actions": actions,
            "offers": {r.scheme.id: catalogue.for_entitlement(r.scheme.id) for r in shown}}


def answers_changed(instrument: instruments.Instrument, saved: dict, posted: dict,
                    members: list[CaseMember]) -> list[tuple[str, str]]:
    """(question, saved answer) for every answer where the saved mapping differs from what
    the user posted — what the conflict page shows beside the user's own input."""
    names = {str(m.person_id): member_label(m) for m in members}
    rows = []
    for section in instrument.sections:
        scopes = [("household", None)] if section.scope == "household" else \
            [("persons", pid) for pid in names]
        for where, pid in scopes:
            old = saved.get(where, {}) if pid is None else saved.get(where, {}).get(pid, {})
            new = posted.get(where, {}) if pid is None else posted.get(where, {}).get(pid, {})
            for item in section.items:
                if old.get(item.id) != new.get(item.id):
                    label = instruments.tr(item.label)
                    if pid is not None:
                        label = f"{names[pid]}: {label}"
                    rows.append((label, instruments.display_value(
                        instrument, item, old.get(item.id))))
    return rows
