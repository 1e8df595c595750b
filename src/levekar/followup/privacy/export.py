"""Subject-access export (innsyn): everything the follow-up app holds about one person,
as JSON and as PDF (WeasyPrint).

``person_export`` calls every section by name, in the order the PDF shows them: the
person, the household, the cases, consents, the BTI history and emergency accesses,
Familiens plan (with the child's own words), mappings, meetings, tasks, session feedback
and the innsynslogg. A section is a function ``(person) -> {key: JSON-able data}``; the
PDF heads each key with its Norwegian label from ``LABELS``. The caller writes the audit
event (one EXPORT for the whole export).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal

from django.apps import apps
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from levekar.core.audit import action_label
from levekar.core.selectors import person_access_log
from levekar.followup import instruments
from levekar.followup.models import (
    ActionUpdate,
    Assessment,
    BreakGlassAccess,
    BtiLevelChange,
    Case,
    CaseMember,
    ChildVoice,
    Consent,
    FollowUpTask,
    Goal,
    GoalAction,
    GoalNote,
    IndividualPlan,
    Meeting,
    SessionFeedback,
)
from levekar.followup.privacy.access_log import person_log_entries
from levekar.people import subject_access
from levekar.people.models import Person

# Norwegian headings for section and field keys in the PDF.
_LABELS: dict[str, str] = {
    "person": "Person", "household": "Husstand", "cases": "Familieløp",
    "consents": "Samtykker", "bti_history": "BTI-nivå – historikk",
    "emergency_access": "Nødtilganger (bryt glasset)", "access_log": "Innsynslogg",
    "id": "Nummer", "first_name": "Fornavn", "last_name": "Etternavn",
    "national_id": "Fødselsnummer", "birth_date": "Fødselsdato", "phone": "Telefon",
    "email": "E-post", "anonymised_at": "Anonymisert", "street": "Adresse",
    "postcode": "Postnummer", "city": "Poststed", "zone": "Levekårssone",
    "letter_language": "Språk i brev", "registered": "Registrert", "case": "Familieløp",
    "role_in_family": "Rolle i familien", "taking_part": "Deltar", "status": "Status",
    "status_reason": "Begrunnelse for status", "start_date": "Startdato",
    "planned_years": "Planlagt varighet (år)", "closed_at": "Avsluttet",
    "coordinator": "Familiekoordinator", "unit": "Enhet", "referred_by": "Henvist av",
    "bti_level": "BTI-nivå", "stafettholder": "Stafettholder", "child": "Barn",
    "individual_plans": "Individuell plan og barnekoordinator", "consent": "Samtykke",
    "started_on": "Arbeidet startet", "adopted_on": "Vedtatt", "ended_on": "Avsluttet",
    "responsible_for_plan": "Ansvarlig for planen", "child_coordinator": "Barnekoordinator",
    "coordinator_appointed_on": "Barnekoordinator oppnevnt",
    "coordinator_ended_on": "Barnekoordinator avsluttet",
    "given_by": "Gitt av", "about": "Gjelder", "valid_from": "Gyldig fra",
    "valid_to": "Gyldig til", "withdrawn_at": "Trukket tilbake",
    "withdrawn_reason": "Begrunnelse for tilbaketrekking", "recorded_by": "Registrert av",
    "recorded_at": "Registrert", "note": "Merknad", "grants": "Tjenester og deler",
    "part": "Del", "from_level": "Fra nivå", "to_level": "Til nivå", "changed_at": "Tidspunkt",
    "changed_by": "Endret av", "reason": "Begrunnelse", "user": "Bruker",
    "granted_at": "Gitt", "expires_at": "Utløper", "at": "Tidspunkt", "action": "Handling",
    "object": "Objekt", "purpose": "Formål", "updates": "Oppdateringer",
    "by": "Skrevet av",
    # Familiens plan, mapping, meetings, tasks and feedback
    "title": "Innhold", "family_wishes": "Familiens ønsker", "goals": "Mål i Familiens plan",
    "for": "Gjelder", "area": "Område", "kind": "Type", "goal": "Mål",
    "how_we_will_know": "Slik vet vi at vi er i mål", "target_date": "Måldato",
    "achieved_on": "Nådd", "actions": "Tiltak", "responsible": "Ansvarlig",
    "deadline": "Frist", "done_on": "Utført", "your_own_words": "Barnets egne ord",
    "application": "Søknad",
    "words": "Ord", "age": "Alder", "how": "Hvordan", "date": "Dato",
    "mappings": "Kartlegginger", "form": "Skjema", "answers": "Svar", "section": "Tema",
    "question": "Spørsmål", "answer": "Svar", "meetings": "Møter og kontakter",
    "time": "Tidspunkt", "place": "Sted", "units": "Enheter", "notes": "Notater",
    "tasks": "Oppgaver", "task": "Oppgave", "session_feedback": "Tilbakemeldinger fra samtalene",
    "meeting": "Møte", "outcome_scores": "Endringsskår (ORS)",
    "alliance_scores": "Samtaleskår (SRS)", "outcome_total": "Endringsskår i alt",
    "alliance_total": "Samtaleskår i alt",
    "address_protection": "Adressebeskyttelse", "addresses": "Adressehistorikk",
    "moved_on": "Flyttet inn", "died_on": "Død",
    # Holiday places (registered by passes through people.subject_access)
    "holiday_places": "Ferieplasser", "offer": "Tilbud", "persons": "Personer som reiser",
    "shares_contact": "Samtykke til å dele kontaktinformasjon og transportbehov med arrangøren",
    "transport_need": "Transportbehov", "accepted_at": "Takket ja",
}


def _d(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def person_section(person: Person) -> dict:
    return {"person": {
        "id": person.pk, "first_name": person.first_name, "last_name": person.last_name,
        "national_id": person.national_id, "birth_date": _d(person.birth_date),
        "phone": person.phone, "email": person.email, "died_on": _d(person.died_on),
        "anonymised_at": _d(person.anonymised_at),
    }}


def household_section(person: Person) -> dict:
    h = person.household
    if h is None:
        return {"household": None}
    if h.address_protected:
        # Strengthened address protection: the address (and where it lies) is never
        # exported, not even to the family's own copy that may be printed or passed on.
        return {"household": {
            "id": h.pk, "address_protection": h.get_address_protection_display(),
            "letter_language": h.preferred_language, "registered": _d(h.created_at),
        }}
    return {"household": {
        "id": h.pk, "street": h.street, "postcode": h.postcode, "city": h.city,
        "zone": h.zone.name if h.zone_id else None, "letter_language": h.preferred_language,
        "registered": _d(h.created_at),
        "addresses": [{"moved_on": _d(a.moved_on), "street": a.street, "postcode": a.postcode,
                       "city": a.city, "zone": a.zone.name if a.zone_id else None}
                      for a in h.addresses.select_related("zone")],
    }}


def _case_ids(person: Person) -> list[int]:
    return list(CaseMember.objects.filter(person=person).values_list("case_id", flat=True))


def cases_section(person: Person) -> dict:
    members = (CaseMember.objects.filter(person=person)
               .select_related("case", "case__coordinator", "case__unit", "case__referred_by",
                               "stafettholder", "stafettholder__unit"))
    return {"cases": [{
        "case": m.case.pk, "role_in_family": m.get_role_display(),
        "taking_part": m.taking_part, "status": m.case.get_status_display(),
        "status_reason": m.case.status_reason, "start_date": _d(m.case.start_date),
        "planned_years": m.case.planned_years, "closed_at": _d(m.case.closed_at),
        "coordinator": m.case.coordinator.display_name, "unit": m.case.unit.name,
        "referred_by": m.case.referred_by.name if m.case.referred_by_id else None,
        # BTI follows the child: a child's own level and stafettholder (the history below
        # names each child for everyone in the family).
        "bti_level": m.bti_level if m.role == CaseMember.Role.CHILD else None,
        "stafettholder": str(m.stafettholder) if m.stafettholder_id else None,
    } for m in members]}


def individual_plans_section(person: Person) -> dict:
    """The individual plans for the whole family or for the person (never another
    member's), with the person responsible and the barnekoordinator."""
    memberships = CaseMember.objects.filter(person=person).values_list("pk", "case_id")
    member_ids = [pk for pk, _case in memberships]
    plans = (IndividualPlan.objects.filter(case_id__in=[c for _pk, c in memberships])
             .filter(Q(member__isnull=True) | Q(member_id__in=member_ids))
             .select_related("responsible__unit", "child_coordinator__unit")
             .order_by("case_id", "created_at", "pk"))
    return {"individual_plans": [{
        "case": p.case_id,
        "for": _("the whole family") if p.member_id is None else _("you"),
        "status": p.get_status_display(), "started_on": _d(p.started_on),
        "adopted_on": _d(p.adopted_on), "ended_on": _d(p.ended_on),
        "responsible_for_plan": str(p.responsible) if p.responsible_id else None,
        "child_coordinator": str(p.child_coordinator) if p.child_coordinator_id else None,
        "coordinator_appointed_on": _d(p.coordinator_appointed_on),
        "coordinator_ended_on": _d(p.coordinator_ended_on),
        "note": p.note,
    } for p in plans]}


def consents_section(person: Person) -> dict:
    case_ids = _case_ids(person)
    consents = (Consent.objects.filter(case_id__in=case_ids)
                .filter(models_q_about(person))
                .select_related("given_by", "subject", "recorded_by")
                .prefetch_related("grants__unit").order_by("case_id", "valid_from", "pk"))
    return {"consents": [{
        "case": c.case_id, "consent": c.pk, "given_by": c.given_by.full_name,
        "about": c.subject.full_name if c.subject_id else "hele familien",
        "valid_from": _d(c.valid_from), "valid_to": _d(c.valid_to),
        "withdrawn_at": _d(c.withdrawn_at), "withdrawn_reason": c.withdrawn_reason,
        "recorded_by": (c.recorded_by.display_name if c.recorded_by_id
                        else f"{c.given_by.full_name} (Min side)"),
        "recorded_at": _d(c.recorded_at),
        "note": c.note,
        "grants": [{"unit": g.unit.name, "part": g.get_part_display(),
                    "withdrawn_at": _d(g.withdrawn_at)} for g in c.grants.all()],
    } for c in consents]}


def models_q_about(person: Person) -> Q:
    """Consents about the person: given by them, about them, or about the whole family."""
    return Q(subject__isnull=True) | Q(subject=person) | Q(given_by=person)


def bti_section(person: Person) -> dict:
    changes = (BtiLevelChange.objects.filter(case_id__in=_case_ids(person))
               .select_related("changed_by", "member__person", "holder", "holder__unit")
               .order_by("case_id", "changed_at", "pk"))
    glass = (BreakGlassAccess.objects.filter(case_id__in=_case_ids(person))
             .select_related("user").order_by("granted_at"))
    return {
        "bti_history": [{
            "case": c.case_id,
            "child": c.member.person.full_name if c.member_id else "hele familien",
            "from_level": c.from_level, "to_level": c.to_level,
            "changed_at": _d(c.changed_at), "changed_by": c.changed_by.display_name,
            "reason": c.reason,
            "stafettholder": str(c.holder) if c.holder_id else None,
        } for c in changes],
        "emergency_access": [{
            "case": g.case_id, "user": g.user.display_name, "granted_at": _d(g.granted_at),
            "expires_at": _d(g.expires_at), "reason": g.reason,
        } for g in glass],
    }


def _object_name(object_type: str, object_id: str) -> str:
    """``people.person`` 3 → "person 3" (the model's own translated name)."""
    try:
        name = str(apps.get_model(object_type)._meta.verbose_name) if object_type else ""
    except (LookupError, ValueError):
        name = object_type
    return f"{name} {object_id}".strip()


def access_log_section(person: Person) -> dict:
    """Every row of the innsynslogg with its time (plain values, not model instances:
    five years are thousands of rows)."""
    names: dict[str, str] = {}  # one model lookup per object type, not per row
    rows = person_access_log(person_id=person.pk).values_list(
        "at", "actor_username", "actor__org_unit__name", "action", "object_type",
        "object_id", "purpose", "via", "detail", "kind", "changes")
    out = []
    for (at, username, unit, action, object_type, object_id, purpose, via, detail, kind,
         changes) in rows:
        if object_type not in names:
            names[object_type] = _object_name(object_type, "")
        out.append({
            "at": _d(at), "user": username, "unit": unit, "action": action_label(action),
            "object": f"{names[object_type]} {object_id}".strip(),
            # Why (a ``core.audit_kinds.AuditPurpose`` code, or an old row's text), how
            # access to the case was given (``AccessVia``) and the facts that vary.
            "purpose": purpose, "via": via, "detail": detail,
            # What happened, typed (core.audit_kinds), and the fields that changed with
            # their old and new values: the person sees what was changed, not only that.
            "kind": kind, "changes": changes,
        })
    return {"access_log": out}


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


def _memberships(person: Person) -> list[CaseMember]:
    return list(CaseMember.objects.filter(person=person).select_related("case__family_plan"))


def _responsible(unit, person_name: str) -> str:
    return ", ".join(x for x in (unit.name if unit else "", person_name) if x)


def _author(user) -> str:
    return user.get_full_name() or user.get_username()


def plan_section(person: Person) -> dict:
    """The family's wishes and the goals for the whole family or for the person, with
    their actions and, for a child, their own words (never another member's goals)."""
    memberships = _memberships(person)
    member_ids = [m.pk for m in memberships]
    goals = (Goal.objects.filter(plan__case_id__in=[m.case_id for m in memberships])
             .filter(Q(member__isnull=True) | Q(member_id__in=member_ids))
             .select_related("plan", "member")
             .prefetch_related(
                 Prefetch("actions", queryset=GoalAction.objects.select_related(
                     "responsible_unit", "responsible_participant__unit")
                     .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects
                                                .select_related("author")))),
                 Prefetch("notes", queryset=GoalNote.objects.select_related("author")),
                 Prefetch("child_voices", queryset=ChildVoice.objects.filter(
                     child_id__in=member_ids)))
             .order_by("plan__case_id", "pk"))
    return {
        "family_wishes": [m.case.family_plan.family_wishes for m in memberships
                          if hasattr(m.case, "family_plan") and m.case.family_plan.family_wishes],
        "goals": [{
            "case": g.plan.case_id,
            "for": _("the whole family") if g.member_id is None else _("you"),
            "area": g.get_area_display(), "kind": g.get_kind_display(), "goal": g.title,
            "how_we_will_know": g.description, "target_date": _d(g.target_date),
            "status": g.get_status_display(), "achieved_on": _d(g.achieved_on),
            "actions": [{"action": a.description,
                         "responsible": a.responsible_label,
                         "deadline": _d(a.deadline), "status": a.get_status_display(),
                         "done_on": _d(a.done_on),
                         "updates": [{"by": _author(u.author), "at": _d(u.written_at),
                                      "status": u.get_status_display(),
                                      "deadline": _d(u.deadline), "note": u.note}
                                     for u in a.updates.all()],
                         "application": a.get_application_display()} for a in g.actions.all()],
            "notes": [{"by": _author(n.author), "at": _d(n.written_at), "note": n.text}
                      for n in g.notes.all()],
            "your_own_words": [{"words": v.words, "age": v.child_age,
                                "how": v.get_gathered_how_display(),
                                "date": _d(v.gathered_on)} for v in g.child_voices.all()],
        } for g in goals],
    }


def mapping_section(person: Person) -> dict:
    """The household's and the person's own mapping answers (never another member's)."""
    assessments = Assessment.objects.filter(case_id__in=_case_ids(person)) \
        .order_by("performed_on", "pk")
    return {"mappings": [{"case": a.case_id, "kind": a.get_kind_display(),
                          "date": _d(a.performed_on),
                          "form": f"{a.instrument_id} v{a.instrument_version}",
                          "answers": _answers(a, person.pk)} for a in assessments]}


def meetings_section(person: Person) -> dict:
    """The meetings the person was present at, with their notes."""
    meetings = (Meeting.objects.filter(members__person=person).prefetch_related("units")
                .order_by("starts_at").distinct())
    return {"meetings": [{"case": m.case_id, "kind": m.get_kind_display(),
                          "time": timezone.localtime(m.starts_at).isoformat(timespec="minutes"),
                          "status": m.get_status_display(), "place": m.place,
                          "units": [u.name for u in m.units.all()], "notes": m.notes}
                         for m in meetings]}


def tasks_section(person: Person) -> dict:
    """The follow-up tasks of the person's cases."""
    tasks = (FollowUpTask.objects.filter(case_id__in=_case_ids(person))
             .select_related("responsible_unit").order_by("deadline", "pk"))
    return {"tasks": [{"case": t.case_id, "task": t.description,
                       "responsible": _responsible(t.responsible_unit, t.responsible_person),
                       "deadline": _d(t.deadline), "done_on": _d(t.done_on)} for t in tasks]}


def feedback_section(person: Person) -> dict:
    """The person's own session feedback."""
    feedback = (SessionFeedback.objects.filter(member__person=person).select_related("meeting")
                .order_by("meeting__starts_at"))
    return {"session_feedback": [{
        "meeting": timezone.localtime(f.meeting.starts_at).date().isoformat(),
        "outcome_scores": f.outcome_scores, "alliance_scores": f.alliance_scores,
        "outcome_total": f.outcome_total, "alliance_total": f.alliance_total,
    } for f in feedback]}


def person_export(person: Person, *, with_access_log: bool = True) -> dict:
    """Everything about ``person``, section by section (the PDF tells the innsynslogg in
    words itself, so it asks without it)."""
    return {
        "exported_at": _d(timezone.now()), "format": "levekar-innsyn-1",
        **person_section(person),
        **household_section(person),
        **cases_section(person),
        **individual_plans_section(person),
        **consents_section(person),
        **bti_section(person),
        **plan_section(person),
        **mapping_section(person),
        **meetings_section(person),
        **tasks_section(person),
        **feedback_section(person),
        # Sections kept by apps follow-up may not import (holiday places, passes).
        **subject_access.registered_sections(person),
        **(access_log_section(person) if with_access_log else {}),
    }


def _default(value):
    if isinstance(value, dt.date | dt.datetime):
        return _d(value)
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def person_export_json(person: Person) -> str:
    return json.dumps(person_export(person), ensure_ascii=False, indent=2, default=_default)


# Keys whose values are dates or times (ISO text in the JSON), and keys the PDF leaves
# out because they are row numbers, not information (the JSON keeps them for machines).
_DATE_KEYS = {"birth_date", "start_date", "valid_from", "valid_to", "target_date",
              "started_on", "adopted_on", "ended_on", "coordinator_appointed_on",
              "coordinator_ended_on",
              "deadline", "done_on", "achieved_on", "date", "meeting"}
_TIME_KEYS = {"anonymised_at", "registered", "closed_at", "withdrawn_at", "recorded_at",
              "changed_at", "granted_at", "expires_at", "at", "time"}
_HIDDEN_KEYS = {"id", "consent"}


def _norwegian_date(key: str, value: str) -> str:
    """ISO date/time → "5. desember 2026" / "5. desember 2026 kl. 14.30"."""
    try:
        if key in _TIME_KEYS and "T" in value:
            moment = timezone.localtime(dt.datetime.fromisoformat(value))
            return f"{formats.date_format(moment, 'j. F Y')} kl. {moment:%H.%M}"
        return formats.date_format(dt.date.fromisoformat(value[:10]), "j. F Y")
    except ValueError:
        return value


def _text(value, key: str = "") -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, str) and (key in _DATE_KEYS or key in _TIME_KEYS):
        return _norwegian_date(key, value)
    if isinstance(value, dict):
        return ", ".join(f"{_LABELS.get(k, k)}: {_text(v, k)}" for k, v in value.items()
                         if k not in _HIDDEN_KEYS)
    if isinstance(value, list):
        return "; ".join(_text(v, key) for v in value) or "–"
    return str(value)


def _shown(value) -> bool:
    return value not in (None, "", [])


def _cell(key: str, value, case_names: dict[int, str]):
    """One value for the PDF: a case number becomes the family's name, a list of rows one
    line per row of label/value pairs (see the template), anything else text."""
    if key == "case" and isinstance(value, int):
        return {"text": case_names.get(value, str(value))}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return {"rows": [[(_LABELS.get(c, c), _text(v, c)) for c, v in row.items()
                          if c not in _HIDDEN_KEYS and _shown(v)] for row in value]}
    return {"text": _text(value, key)}


def _card(row: dict, case_names: dict[int, str]) -> list[tuple[str, dict]]:
    return [(_LABELS.get(k, k), _cell(k, v, case_names)) for k, v in row.items()
            if k not in _HIDDEN_KEYS and _shown(v)]


def _pdf_blocks(data: dict, case_names: dict[int, str]) -> list[dict]:
    """Each section as cards (one label/value list per row, so nothing runs off the page)
    or, for a value that is not rows, as text."""
    blocks = []
    for key, value in data.items():
        if key in ("exported_at", "format"):
            continue
        title = _LABELS.get(key, key)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            blocks.append({"title": title, "cards": [_card(row, case_names) for row in value]})
        elif isinstance(value, dict):
            blocks.append({"title": title, "cards": [_card(value, case_names)]})
        else:
            blocks.append({"title": title, "cards": [], "text": _text(value, key)})
    return blocks


def _access_log_rows(person: Person) -> list[dict]:
    """The innsynslogg in words (``plain_entries``), newest month first; the same reads by
    the same person for the same purpose in one month are one line with a count, so five
    years of page reads stay a list a family can read (the JSON keeps every row with its
    time)."""
    rows: dict[tuple, dict] = {}
    months: dict[tuple[int, int], str] = {}  # formatted once per month, not per read
    for e in person_log_entries(person_access_log(person_id=person.pk)):
        local = timezone.localtime(e.at)
        month = months.get((local.year, local.month))
        if month is None:
            month = months[local.year, local.month] = formats.date_format(local, "F Y")
        key = (month, e.who, e.unit, e.action, e.purpose)
        if key in rows:
            rows[key]["times"] += 1
        else:
            rows[key] = {"month": month, "who": e.who, "unit": e.unit,
                         "action": e.action, "purpose": e.purpose, "times": 1}
    return list(rows.values())


# WeasyPrint's own user-agent stylesheet, cut to the elements the export's template uses
# (``followup/people/export_pdf.html``) with the same values: the full sheet's two
# hundred rules (forms, tables, lists, ``[dir]`` and ``:is()`` selectors) are tried
# against every element of the document, a sixth of the PDF's time over a five-year
# export (bench/followup_subject_access.py). A test lays the export out with both
# sheets and asserts the same boxes; headings keep their PDF bookmarks.
_EXPORT_UA_CSS = """
head, meta, style, title { display: none }
html, body, div, p, h1, h2, h3 { display: block }
html { color-scheme: light }
body { margin: 8px }
p { margin-top: 1em; margin-bottom: 1em }
b { font-weight: bold }
h1 { margin-top: .67em; margin-bottom: .67em; font-size: 2em; bookmark-level: 1 }
h2 { margin-top: .83em; margin-bottom: .83em; font-size: 1.5em; bookmark-level: 2 }
h3 { margin-top: 1em; margin-bottom: 1em; font-size: 1.17em; bookmark-level: 3 }
h1, h2, h3 { font-weight: bold; bookmark-label: content(text); hyphens: manual;
             break-after: avoid; break-inside: avoid }
@page { margin: 75px; @bottom-right { text-align: right; vertical-align: middle } }
"""


@functools.cache
def _export_html_class():
    """``weasyprint.HTML`` with the export's lean user-agent stylesheet (parsed once)."""
    from weasyprint import CSS, HTML

    ua = CSS(string=_EXPORT_UA_CSS)

    class ExportHTML(HTML):
        def _ua_stylesheets(self, *args, **kwargs):
            return [ua]

    return ExportHTML


def _pdf_html(person: Person) -> str:
    """The export's HTML for WeasyPrint (see ``person_export_pdf``)."""
    data = json.loads(json.dumps(person_export(person, with_access_log=False),
                                 default=_default))
    case_ids = {row["case"] for row in data.get("cases", [])}
    case_names = {c.pk: c.name for c in Case.objects.filter(pk__in=case_ids)
                  .prefetch_related(Prefetch("members", CaseMember.objects
                                             .select_related("person")))}
    with translation.override("nb"):
        return render_to_string("followup/people/export_pdf.html", {
            "person": person,
            "exported_at": _norwegian_date("at", data["exported_at"]),
            "blocks": _pdf_blocks(data, case_names),
            "access_log": _access_log_rows(person)})


def person_export_pdf(person: Person) -> bytes:
    """The export for the person: A4 portrait, names instead of numbers, Norwegian dates,
    the innsynslogg in plain words."""
    return _export_html_class()(string=_pdf_html(person)).write_pdf()
