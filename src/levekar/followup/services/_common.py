"""What the services of every topic share: the persons of a case for the audit event."""

from __future__ import annotations

from collections.abc import Iterable

from levekar.core.audit import audit_record, audit_request
from levekar.core.errors import InvalidInput, Problem
from levekar.followup.models import (
    Case,
    CaseMember,
)


def _member_ids(case: Case) -> list[int]:
    return list(case.members.values_list("person_id", flat=True))


def _audit(*, actor, request, action, obj, persons: Iterable[int], purpose: str) -> None:
    if request is not None:
        audit_request(request, action=action, obj=obj, persons=persons, purpose=purpose)
    else:
        audit_record(actor=actor, action=action, obj=obj, persons=persons, purpose=purpose)


def _member_persons(case: Case) -> list[int]:
    return list(case.members.values_list("person_id", flat=True))


def _check_member(case: Case, member: CaseMember | None, field: str) -> None:
    if member is not None and member.case_id != case.pk:
        raise InvalidInput([Problem("Personen er ikke med i dette familieløpet.", field=field)])


def person_scopes(case: Case) -> dict[int, str]:
    """Person pk → "child" or "adult", as the mapping instrument's person sections need."""
    return {pid: ("child" if role == CaseMember.Role.CHILD else "adult")
            for pid, role in case.members.values_list("person_id", "role")}
