"""The participants of a case: staff with an account and people without one."""

from __future__ import annotations

from django.db import transaction

from levekar.core.audit import Kind
from levekar.core.errors import InvalidInput, Problem
from levekar.core.models import OrgUnit
from levekar.followup.models import Case, Participant
from levekar.followup.services._common import _audit, _member_ids


def _full_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


@transaction.atomic
def participant_add(*, actor, case: Case, name: str = "", organisation: str = "",
                    unit: OrgUnit | None = None, contact: str = "", user=None,
                    request=None) -> Participant:
    """A participant of ``case``: a user (name and unit taken from the account unless
    given) or a named person without an account, with their service and contact."""
    if user is not None:
        existing = Participant.objects.filter(case=case, user=user).first()
        if existing is not None:
            return existing
        name = name.strip() or _full_name(user)
        unit = unit or user.org_unit
    problems = []
    if not name.strip():
        problems.append(Problem("Skriv navnet.", field="navn"))
    if user is None and not (organisation.strip() or unit):
        problems.append(Problem("Skriv hvilken tjeneste eller organisasjon personen er fra.",
                                field="tjeneste eller organisasjon"))
    if problems:
        raise InvalidInput(problems)
    participant = Participant.objects.create(case=case, name=name.strip(),
                                             organisation=organisation.strip(), unit=unit,
                                             contact=contact.strip(), user=user)
    _audit(actor=actor, request=request, kind=Kind.CASE_PARTICIPANT_ADD, obj=participant,
           persons=_member_ids(case))
    return participant


def participant_named(*, case: Case, name: str, unit: OrgUnit | None) -> Participant:
    """The case's participant with this name (and unit), created when missing: how a name
    given as text (the CLI, the demo) becomes a participant. Runs inside the caller's
    transaction and audit event."""
    name = name.strip()
    participant = Participant.objects.filter(case=case, name=name, unit=unit).first()
    if participant is None:
        participant = Participant.objects.create(case=case, name=name, unit=unit,
                                                 organisation=unit.name if unit else "")
    return participant


def participant_for_user(*, case: Case, user) -> Participant:
    """The case's participant for ``user``, created from the account when missing (inside
    the caller's transaction and audit event)."""
    participant = Participant.objects.filter(case=case, user=user).first()
    if participant is None:
        participant = Participant.objects.create(case=case, name=_full_name(user), user=user,
                                                 unit=user.org_unit)
    return participant
