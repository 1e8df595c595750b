"""What the services of every topic share: the persons of a case for the audit event."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from levekar.core.audit import audit_record, audit_request
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.followup.models import (
    BtiLevel,
    Case,
    CaseMember,
)


def _member_ids(case: Case) -> list[int]:
    """The persons of every member of ``case`` (past members too): whom an audit event of
    the case is about."""
    return list(case.members.values_list("person_id", flat=True))


def _audit(*, actor, request, kind: str, obj, persons: Iterable[int], purpose: str = "",
           detail: str = "", action: str = "", changes: list[dict] | None = None) -> None:
    """One audit event of ``kind`` (``core.audit_kinds``), from a page or not."""
    if request is not None:
        audit_request(request, kind=kind, action=action, obj=obj, persons=persons,
                      purpose=purpose, detail=detail, changes=changes)
    else:
        audit_record(actor=actor, kind=kind, action=action, obj=obj, persons=persons,
                     purpose=purpose, detail=detail, changes=changes)


def _case_bti_level_refresh(case: Case) -> None:
    """The case's BTI level is the highest of its children still in the household (BTI
    follows each child); run after a child's level, role or leaving changes."""
    level = max(CaseMember.objects.filter(
        case=case, role=CaseMember.Role.CHILD, left_on__isnull=True)
        .values_list("bti_level", flat=True), default=BtiLevel.CLARIFYING)
    if case.bti_level != level:
        case.bti_level = level
        case.save(update_fields=["bti_level"])


def _check_member(case: Case, member: CaseMember | None, field: str) -> None:
    if member is not None and member.case_id != case.pk:
        raise InvalidInput([Problem("Personen er ikke med i dette familieløpet.", field=field)])


def person_scopes(case: Case) -> dict[int, str]:
    """Person pk → "child" or "adult", as the mapping instrument's person sections need."""
    return {pid: ("child" if role == CaseMember.Role.CHILD else "adult")
            for pid, role in case.members.values_list("person_id", "role")}


def version_claim(obj, expected_version: int | None, what: str) -> None:
    """Optimistic locking for an edit: move ``obj``'s version on by one if it is still
    ``expected_version`` (the version the edit form was read at), else raise ``Conflict``.
    Call it inside the service's transaction before saving; ``obj.version`` is updated.
    ``expected_version=None`` (the CLI, the demo) claims whatever is saved."""
    model = type(obj)
    rows = model.objects.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1) == 0:
        raise Conflict(f"Noen andre har lagret {what} etter at du åpnet skjemaet. Det du "
                       "skrev, står fortsatt i skjemaet. Se gjennom den lagrede versjonen, "
                       "og lagre på nytt hvis ditt skal erstatte den.")
    obj.version = model.objects.filter(pk=obj.pk).values_list("version", flat=True).get()
