"""Subject-access export (innsyn): everything the follow-up app holds about one person,
as JSON and as PDF (WeasyPrint).

The sections are collected from a registry so that the work part of follow-up (plans,
mappings, meetings …) adds its own: ``register_export_section(fn)`` where
``fn(person) -> dict`` returns ``{section_key: JSON-serialisable data}`` (usually one
key). Sections are merged in registration order; a key used twice is an error.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

from django.apps import apps
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from levekar.core.selectors import person_access_log
from levekar.followup.models import BreakGlassAccess, BtiLevelChange, CaseMember, Consent
from levekar.followup.registry import autoload_work_modules
from levekar.people.models import Person

ExportSection = Callable[[Person], dict]
_SECTIONS: list[ExportSection] = []

# Norwegian headings for section and field keys in the PDF (keys without one are shown
# as they are). Other parts add theirs with ``register_export_labels``.
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
    "bti_level": "BTI-nivå", "stafettholder": "Stafettholder",
    "individual_plan": "Individuell plan og barnekoordinator", "consent": "Samtykke",
    "given_by": "Gitt av", "about": "Gjelder", "valid_from": "Gyldig fra",
    "valid_to": "Gyldig til", "withdrawn_at": "Trukket tilbake",
    "withdrawn_reason": "Begrunnelse for tilbaketrekking", "recorded_by": "Registrert av",
    "recorded_at": "Registrert", "note": "Merknad", "grants": "Tjenester og deler",
    "part": "Del", "from_level": "Fra nivå", "to_level": "Til nivå", "changed_at": "Tidspunkt",
    "changed_by": "Endret av", "reason": "Begrunnelse", "user": "Bruker",
    "granted_at": "Gitt", "expires_at": "Utløper", "at": "Tidspunkt", "action": "Handling",
    "object": "Objekt", "purpose": "Formål",
    # Familiens plan, mapping, meetings, tasks and feedback
    "title": "Innhold", "family_wishes": "Familiens ønsker", "goals": "Mål i Familiens plan",
    "for": "Gjelder", "area": "Område", "kind": "Type", "goal": "Mål",
    "how_we_will_know": "Slik vet vi at vi er i mål", "target_date": "Måldato",
    "achieved_on": "Nådd", "actions": "Tiltak", "responsible": "Ansvarlig",
    "deadline": "Frist", "done_on": "Utført", "your_own_words": "Barnets egne ord",
    "words": "Ord", "age": "Alder", "how": "Hvordan", "date": "Dato",
    "mappings": "Kartlegginger", "form": "Skjema", "answers": "Svar", "section": "Tema",
    "question": "Spørsmål", "answer": "Svar", "meetings": "Møter og kontakter",
    "time": "Tidspunkt", "place": "Sted", "units": "Enheter", "notes": "Notater",
    "tasks": "Oppgaver", "task": "Oppgave", "session_feedback": "Tilbakemeldinger fra samtalene",
    "meeting": "Møte", "outcome_scores": "Endringsskår (ORS)",
    "alliance_scores": "Samtaleskår (SRS)", "outcome_total": "Endringsskår i alt",
    "alliance_total": "Samtaleskår i alt",
}


def register_export_labels(labels: dict[str, str]) -> None:
    """Norwegian headings for the keys a registered section uses (for the PDF)."""
    _LABELS.update(labels)


def register_export_section(fn: ExportSection) -> ExportSection:
    """Add a section to every export (usable as a decorator). Idempotent per function."""
    if fn not in _SECTIONS:
        _SECTIONS.append(fn)
    return fn


def _d(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


@register_export_section
def _person_section(person: Person) -> dict:
    return {"person": {
        "id": person.pk, "first_name": person.first_name, "last_name": person.last_name,
        "national_id": person.national_id, "birth_date": _d(person.birth_date),
        "phone": person.phone, "email": person.email,
        "anonymised_at": _d(person.anonymised_at),
    }}


@register_export_section
def _household_section(person: Person) -> dict:
    h = person.household
    if h is None:
        return {"household": None}
    return {"household": {
        "id": h.pk, "street": h.street, "postcode": h.postcode, "city": h.city,
        "zone": h.zone.name if h.zone_id else None, "letter_language": h.preferred_language,
        "registered": _d(h.created_at),
    }}


def _case_ids(person: Person) -> list[int]:
    return list(CaseMember.objects.filter(person=person).values_list("case_id", flat=True))


@register_export_section
def _cases_section(person: Person) -> dict:
    members = (CaseMember.objects.filter(person=person)
               .select_related("case", "case__coordinator", "case__unit", "case__referred_by",
                               "case__stafettholder"))
    return {"cases": [{
        "case": m.case.pk, "role_in_family": m.get_role_display(),
        "taking_part": m.taking_part, "status": m.case.get_status_display(),
        "status_reason": m.case.status_reason, "start_date": _d(m.case.start_date),
        "planned_years": m.case.planned_years, "closed_at": _d(m.case.closed_at),
        "coordinator": m.case.coordinator.display_name, "unit": m.case.unit.name,
        "referred_by": m.case.referred_by.name if m.case.referred_by_id else None,
        "bti_level": m.case.bti_level,
        "stafettholder": m.case.stafettholder.display_name if m.case.stafettholder_id
        else None,
        "individual_plan": m.case.get_individual_plan_display(),
    } for m in members]}


@register_export_section
def _consents_section(person: Person) -> dict:
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
        "recorded_by": c.recorded_by.display_name, "recorded_at": _d(c.recorded_at),
        "note": c.note,
        "grants": [{"unit": g.unit.name, "part": g.get_part_display(),
                    "withdrawn_at": _d(g.withdrawn_at)} for g in c.grants.all()],
    } for c in consents]}


def models_q_about(person: Person) -> Q:
    """Consents about the person: given by them, about them, or about the whole family."""
    return Q(subject__isnull=True) | Q(subject=person) | Q(given_by=person)


@register_export_section
def _bti_section(person: Person) -> dict:
    changes = (BtiLevelChange.objects.filter(case_id__in=_case_ids(person))
               .select_related("changed_by", "stafettholder").order_by("case_id", "changed_at"))
    glass = (BreakGlassAccess.objects.filter(case_id__in=_case_ids(person))
             .select_related("user").order_by("granted_at"))
    return {
        "bti_history": [{
            "case": c.case_id, "from_level": c.from_level, "to_level": c.to_level,
            "changed_at": _d(c.changed_at), "changed_by": c.changed_by.display_name,
            "reason": c.reason,
            "stafettholder": c.stafettholder.display_name if c.stafettholder_id else None,
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


@register_export_section
def _audit_section(person: Person) -> dict:
    return {"access_log": [{
        "at": _d(e.at), "user": e.actor_username,
        "unit": e.actor.org_unit.name if e.actor_id and e.actor.org_unit_id else None,
        "action": e.get_action_display(), "object": _object_name(e.object_type, e.object_id),
        "purpose": e.purpose,
    } for e in person_access_log(person_id=person.pk)]}


def person_export(person: Person) -> dict:
    """Everything about ``person`` from every registered section."""
    autoload_work_modules()
    data: dict = {"exported_at": _d(timezone.now()), "format": "levekar-innsyn-1"}
    for section in _SECTIONS:
        part = section(person)
        clash = set(part) & set(data)
        if clash:
            raise ValueError(f"Eksportseksjonen {section.__name__} bruker navn som allerede "
                             f"finnes: {', '.join(sorted(clash))}")
        data.update(part)
    return data


def _default(value):
    if isinstance(value, dt.date | dt.datetime):
        return _d(value)
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def person_export_json(person: Person) -> str:
    return json.dumps(person_export(person), ensure_ascii=False, indent=2, default=_default)


def _text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, dict):
        return ", ".join(f"{_LABELS.get(k, k)}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value) or "–"
    return str(value)


def _pdf_blocks(data: dict) -> list[dict]:
    """Each section as a table (a list of rows) or a list of label/value pairs."""
    blocks = []
    for key, value in data.items():
        if key in ("exported_at", "format"):
            continue
        title = _LABELS.get(key, key)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            columns = list(dict.fromkeys(k for row in value for k in row))
            blocks.append({"title": title, "kind": "table",
                           "columns": [_LABELS.get(c, c) for c in columns],
                           "rows": [[_text(row.get(c)) for c in columns] for row in value]})
        elif isinstance(value, dict):
            blocks.append({"title": title, "kind": "pairs",
                           "pairs": [(_LABELS.get(k, k), _text(v)) for k, v in value.items()]})
        else:
            blocks.append({"title": title, "kind": "text", "text": _text(value)})
    return blocks


def person_export_pdf(person: Person) -> bytes:
    from weasyprint import HTML

    data = json.loads(person_export_json(person))
    html = render_to_string("followup/people/export_pdf.html", {
        "person": person, "exported_at": data["exported_at"], "blocks": _pdf_blocks(data)})
    return HTML(string=html).write_pdf()
