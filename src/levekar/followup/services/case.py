"""Opening a case with its household and members, adding a member, and the case's status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Kind, Purpose, audit_changes, audit_record, audit_snapshot
from levekar.core.errors import AccessDenied, InvalidInput, Problem
from levekar.core.models import OrgUnit, User
from levekar.core.roles import Role, has_role
from levekar.followup.models import (
    BtiLevelChange,
    Case,
    CaseMember,
)
from levekar.followup.services._common import _member_ids
from levekar.people.identity import InvalidNationalId, national_id_clean
from levekar.people.models import Person, Zone
from levekar.people.services import (
    household_create,
    person_create,
    person_find_by_national_id,
)


@dataclass(frozen=True)
class MemberInput:
    """One person to register in the household (national id optional: newly arrived)."""

    first_name: str
    last_name: str
    role: str
    national_id: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    taking_part: bool = True


def _member_problems(members: list[MemberInput], offset: int = 1) -> list[Problem]:
    problems = []
    for i, m in enumerate(members, start=offset):
        where = f"person {i}"
        if not m.first_name.strip():
            problems.append(Problem("Fornavn mangler.", file=where, field="fornavn"))
        if not m.last_name.strip():
            problems.append(Problem("Etternavn mangler.", file=where, field="etternavn"))
        if m.role not in CaseMember.Role.values:
            problems.append(Problem("Ukjent rolle i familien.", file=where, field="rolle"))
        if not m.national_id and m.birth_date is None:
            problems.append(Problem("Oppgi fødselsdato når personen ikke har fødselsnummer "
                                    "(trengs for samtykkereglene).", file=where,
                                    field="fødselsdato"))
    if not any(m.role == CaseMember.Role.PARENT for m in members) and offset == 1:
        problems.append(Problem("Minst én forelder eller foresatt må registreres.",
                                field="rolle"))
    return problems


def _registered(*, actor: User, members: list[MemberInput], offset: int = 1,
                purpose: Purpose) -> dict[int, Person]:
    """Look up each member given with a national id (audited, found or not): index →
    the registered person when the number and the name match. A number registered to
    someone of another name is refused with one neutral answer (``people``), never
    "already registered". Runs before the transaction that saves, so the audit events
    of a refused attempt stay."""
    found: dict[int, Person] = {}
    problems: list[Problem] = []
    for i, m in enumerate(members, start=offset):
        try:
            nid = national_id_clean(m.national_id) if m.national_id.strip() else ""
        except InvalidNationalId:
            continue  # reported by person_create, with the other problems of the row
        if not nid:
            continue
        try:
            person = person_find_by_national_id(actor=actor, national_id=nid,
                                                first_name=m.first_name,
                                                last_name=m.last_name, purpose=purpose)
        except InvalidInput as exc:
            problems += [Problem(p.message, file=f"person {i}", field=p.field)
                         for p in exc.problems]
            continue
        if person is not None:
            found[i] = person
    if problems:
        raise InvalidInput(problems)
    return found


def case_open(*, actor: User, members: list[MemberInput], street: str = "",
              postcode: str = "", city: str = "", zone: Zone | None = None,
              preferred_language: str = "nb", referred_by: OrgUnit | None = None,
              start_date: dt.date | None = None, planned_years: int = 5,
              external_id: str = "") -> Case:
    """Open a familieløp: register the household and its members, with ``actor`` as the
    family coordinator. All or nothing. A member whose national id and name match a
    registered person is that person (not a copy); see ``_registered``."""
    if not has_role(actor, Role.COORDINATOR) or actor.org_unit_id is None:
        raise AccessDenied("Bare familiekoordinatorer kan åpne et familieløp.")
    problems = _member_problems(members)
    if not 1 <= planned_years <= 10:
        problems.append(Problem("Planlagt varighet må være 1–10 år.", field="varighet"))
    if problems:
        raise InvalidInput(problems)
    registered = _registered(actor=actor, members=members, purpose=Purpose.NEW_CASE)
    return _case_open(actor=actor, members=members, registered=registered, street=street,
                      postcode=postcode, city=city, zone=zone,
                      preferred_language=preferred_language, referred_by=referred_by,
                      start_date=start_date, planned_years=planned_years,
                      external_id=external_id)


@transaction.atomic
def _case_open(*, actor: User, members: list[MemberInput], registered: dict[int, Person],
               street: str, postcode: str, city: str, zone: Zone | None,
               preferred_language: str, referred_by: OrgUnit | None,
               start_date: dt.date | None, planned_years: int, external_id: str) -> Case:
    household = household_create(
        actor=actor, municipality=actor.org_unit.municipality, street=street.strip(),
        postcode=postcode.strip(), city=city.strip(), zone=zone, external_id=external_id,
        preferred_language=preferred_language,
    )
    case = Case.objects.create(
        household=household, coordinator=actor, unit=actor.org_unit, referred_by=referred_by,
        start_date=start_date or timezone.localdate(), planned_years=planned_years,
    )
    BtiLevelChange.objects.create(case=case, from_level=None, to_level=case.bti_level,
                                  changed_by=actor, reason="Familieløpet åpnet.")
    person_ids = [_add_member(actor=actor, case=case, member=m, index=i,
                              person=registered.get(i)).person_id
                  for i, m in enumerate(members, start=1)]
    audit_record(actor=actor, kind=Kind.CASE_CREATE, obj=case, persons=person_ids)
    return case


def _add_member(*, actor: User, case: Case, member: MemberInput, index: int,
                person: Person | None = None) -> CaseMember:
    if person is not None:
        if CaseMember.objects.filter(case=case, person=person).exists():
            raise InvalidInput([Problem("Personen er allerede med i dette familieløpet.",
                                        file=f"person {index}", field="fødselsnummer")])
        return CaseMember.objects.create(case=case, person=person, role=member.role,
                                         taking_part=member.taking_part)
    try:
        person = person_create(
            actor=actor, first_name=member.first_name, last_name=member.last_name,
            household=case.household, national_id=member.national_id,
            birth_date=member.birth_date, phone=member.phone.strip(),
            email=member.email.strip(),
        )
    except InvalidInput as exc:
        raise InvalidInput([Problem(p.message, file=f"person {index}", field=p.field)
                            for p in exc.problems]) from exc
    return CaseMember.objects.create(case=case, person=person, role=member.role,
                                     taking_part=member.taking_part)


def member_add(*, actor: User, case: Case, member: MemberInput) -> CaseMember:
    """Register one more person in the household and the case (e.g. a newborn). A
    registered person is added when the national id and the name match (see
    ``_registered``)."""
    index = case.members.count() + 1
    problems = _member_problems([member], offset=index)
    if problems:
        raise InvalidInput(problems)
    registered = _registered(actor=actor, members=[member], offset=index,
                             purpose=Purpose.NEW_MEMBER)
    return _member_add(actor=actor, case=case, member=member, index=index,
                       person=registered.get(index))


@transaction.atomic
def _member_add(*, actor: User, case: Case, member: MemberInput, index: int,
                person: Person | None) -> CaseMember:
    cm = _add_member(actor=actor, case=case, member=member, index=index, person=person)
    audit_record(actor=actor, kind=Kind.CASE_MEMBER_ADD, obj=case, persons=[cm.person_id])
    return cm


_STATUS_MOVES = {
    Case.Status.ACTIVE: {Case.Status.PAUSED, Case.Status.CLOSED},
    Case.Status.PAUSED: {Case.Status.ACTIVE, Case.Status.CLOSED},
    Case.Status.CLOSED: {Case.Status.ACTIVE},
}


@transaction.atomic
def case_status_change(*, actor: User, case: Case, status: str, reason: str) -> Case:
    """Pause, close or reopen a case. Pausing and closing need a reason."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.anonymised_at is not None:
        raise InvalidInput([Problem("Familieløpet er anonymisert og kan ikke endres.")])
    if status not in _STATUS_MOVES.get(case.status, set()):
        raise InvalidInput([Problem(
            f"Familieløpet kan ikke endres fra «{Case.Status(case.status).label}» til "
            f"«{Case.Status(status).label if status in Case.Status.values else status}».",
            field="status")])
    reason = reason.strip()
    if status != Case.Status.ACTIVE and not reason:
        raise InvalidInput([Problem("Oppgi en begrunnelse for å sette familieløpet på pause "
                                    "eller avslutte det.", field="begrunnelse")])
    if case.status == Case.Status.CLOSED and not reason:
        raise InvalidInput([Problem("Oppgi en begrunnelse for å gjenåpne familieløpet.",
                                    field="begrunnelse")])
    now = timezone.now()
    reopened = case.status == Case.Status.CLOSED
    before = audit_snapshot(case, ["status"])
    case.status = status
    case.status_reason = reason
    case.status_changed_at = now
    case.closed_at = now if status == Case.Status.CLOSED else None
    case.save(update_fields=["status", "status_reason", "status_changed_at", "closed_at"])
    audit_record(actor=actor, kind=Kind.CASE_STATUS_CHANGE, obj=case,
                 persons=_member_ids(case), changes=audit_changes(case, before),
                 purpose=Purpose.CASE_REOPENED if reopened else "")
    return case
