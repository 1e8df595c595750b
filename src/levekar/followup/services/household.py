"""The case over five years: members change (corrected, leave, die), the household moves,
its address gets strengthened protection, the case is handed to another coordinator.

The persons and the household are people's: these services check the case's rules and
call ``levekar.people.services`` for the writes, then audit on the case."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from levekar.core import messaging
from levekar.core.audit import Kind, Purpose, audit_record
from levekar.core.errors import AccessDenied, Conflict, InvalidInput, Problem
from levekar.core.models import User
from levekar.core.roles import Role, has_role
from levekar.followup.models import Case, CaseHandover, CaseMember
from levekar.followup.selectors.household import handover_candidates
from levekar.followup.services._common import _case_bti_level_refresh, _member_ids
from levekar.people import services as people
from levekar.people.models import HouseholdAddress, Person, Zone


def _check_open(case: Case) -> None:
    if case.anonymised_at is not None:
        raise InvalidInput([Problem("Familieløpet er anonymisert og kan ikke endres.")])


def _check_member(case: Case, member: CaseMember) -> None:
    if member.case_id != case.pk:
        raise InvalidInput([Problem("Personen er ikke med i dette familieløpet.",
                                    field="person")])


def member_update(*, actor: User, case: Case, member: CaseMember, first_name: str,
                  last_name: str, national_id: str = "", birth_date: dt.date | None = None,
                  phone: str = "", role: str | None = None,
                  expected_version: int | None = None) -> CaseMember:
    """Correct a member's names, add or replace the fødselsnummer (a D-number turned into
    a fødselsnummer), the date of birth, phone and the role in the family. A new number
    is looked up first (audited; another person's number gets people's neutral answer),
    outside the transaction so the audit event stays when refused."""
    _check_open(case)
    _check_member(case, member)
    people.national_id_check_free(actor=actor, person=member.person, national_id=national_id)
    return _member_update(actor=actor, case=case, member=member, first_name=first_name,
                          last_name=last_name, national_id=national_id,
                          birth_date=birth_date, phone=phone, role=role,
                          expected_version=expected_version)


@transaction.atomic
def _member_update(*, actor: User, case: Case, member: CaseMember, first_name: str,
                   last_name: str, national_id: str, birth_date: dt.date | None,
                   phone: str, role: str | None,
                   expected_version: int | None) -> CaseMember:
    if role is not None and role not in CaseMember.Role.values:
        raise InvalidInput([Problem("Ukjent rolle i familien.", field="rolle")])
    person = Person.objects.select_for_update().get(pk=member.person_id)
    people.person_update(actor=actor, person=person, first_name=first_name,
                         last_name=last_name, national_id=national_id,
                         birth_date=birth_date, phone=phone, email=person.email,
                         expected_version=expected_version)
    if role is not None and role != member.role:
        member.role = role
        member.save(update_fields=["role"])
        _case_bti_level_refresh(case)  # a child's level counts only while a child
    member.person = person
    audit_record(actor=actor, kind=Kind.CASE_MEMBER_CORRECT, obj=case, persons=[person.pk])
    return member


LEAVE_REASONS = ("moved", "died")


@transaction.atomic
def member_leave(*, actor: User, case: Case, member: CaseMember, left_on: dt.date,
                 reason: str) -> CaseMember:
    """A member leaves the household from ``left_on``: moved out, or died (the death is
    recorded on the person). The member stays in the case's history, no longer taking
    part."""
    _check_open(case)
    _check_member(case, member)
    problems = []
    if reason not in LEAVE_REASONS:
        problems.append(Problem("Velg om personen har flyttet ut eller er død.",
                                field="årsak"))
    if left_on > timezone.localdate():
        problems.append(Problem("Datoen kan ikke ligge fram i tid.", field="dato"))
    if member.left_on is not None:
        problems.append(Problem("Personen er allerede registrert som ute av husstanden.",
                                field="person"))
    if problems:
        raise InvalidInput(problems)
    person = member.person
    if reason == "died":
        people.person_death_record(actor=actor, person=person, died_on=left_on)
    member.left_on = left_on
    member.left_reason = reason
    member.taking_part = False
    member.save(update_fields=["left_on", "left_reason", "taking_part"])
    _case_bti_level_refresh(case)  # the family's level is that of the children still home
    audit_record(actor=actor, kind=Kind.CASE_MEMBER_LEAVE, obj=case, persons=[member.person_id],
                 purpose=Purpose.MEMBER_DIED if reason == "died" else Purpose.MEMBER_MOVED_OUT)
    return member


@transaction.atomic
def household_move_record(*, actor: User, case: Case, street: str, postcode: str,
                          city: str, zone: Zone | None, moved_on: dt.date,
                          rooms: int | None = None, previous_rooms: int | None = None,
                          expected_version: int | None = None) -> HouseholdAddress:
    """The family moved: new address and levekårssone from ``moved_on``, kept as history."""
    _check_open(case)
    return people.household_move(
        actor=actor, household=case.household, street=street, postcode=postcode, city=city,
        zone=zone, moved_on=moved_on, rooms=rooms, previous_rooms=previous_rooms,
        persons=_member_ids(case), expected_version=expected_version)


@transaction.atomic
def address_protection_set(*, actor: User, case: Case, level: str, reason: str):
    """Set or lift strengthened address protection on the case's household. Only the
    case's own coordinator may (they are the one who still sees the address)."""
    _check_open(case)
    if case.coordinator_id != actor.pk:
        raise AccessDenied("Bare familiens koordinator kan endre adressebeskyttelsen.")
    return people.household_protection_set(actor=actor, household=case.household,
                                           level=level, reason=reason,
                                           persons=_member_ids(case))


def _leads(actor: User, case: Case) -> bool:
    """The actor is a BTI leader of the case's municipality."""
    return (has_role(actor, Role.BTI_COORDINATOR) and actor.org_unit_id is not None
            and actor.org_unit.municipality_id == case.unit.municipality_id)


@transaction.atomic
def case_handover(*, actor: User, case: Case, to: User, reason: str) -> CaseHandover:
    """Hand the case to another family coordinator. The case's own coordinator or a BTI
    leader may; the new coordinator is told by e-mail (a link, no names) and becomes the
    family's contact (Min side shows the case's coordinator)."""
    case = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    _check_open(case)
    if case.coordinator_id != actor.pk and not _leads(actor, case):
        raise AccessDenied("Bare familiens koordinator eller BTI-leder i kommunen kan "
                           "overføre familieløpet.")
    problems = []
    if not reason.strip():
        problems.append(Problem("Oppgi hvorfor familieløpet overføres.", field="begrunnelse"))
    if to is None or not handover_candidates(case).filter(pk=to.pk).exists():
        problems.append(Problem("Velg en annen familiekoordinator i kommunen.",
                                field="ny koordinator"))
    if problems:
        raise InvalidInput(problems)
    handover = CaseHandover.objects.create(
        case=case, from_coordinator_id=case.coordinator_id, to_coordinator=to,
        reason=reason.strip(), handed_by=actor)
    case.coordinator = to
    if to.org_unit_id:
        case.unit_id = to.org_unit_id
    case.save(update_fields=["coordinator", "unit"])
    if to.email:
        base = getattr(settings, "LEVEKAR_BASE_URL", "").rstrip("/")
        url = base + reverse("followup:case_detail", kwargs={"case_pk": case.pk})
        messaging.queue_email(
            to=to.email, subject="Du har fått ansvaret for et familieløp",
            body=("Et familieløp er overført til deg som familiekoordinator.\n\n"
                  f"Åpne familieløpet: {url}\n\n"
                  "Av personvernhensyn står det ingen navn i denne e-posten."),
            reference=f"followup.handover:{handover.pk}")
    audit_record(actor=actor, kind=Kind.CASE_HANDOVER, obj=case, persons=_member_ids(case))
    return handover


@transaction.atomic
def caseload_reassign(*, actor: User, from_coordinator: User, case_ids, to: User | None,
                      reason: str) -> list[CaseHandover]:
    """The BTI leader moves some of one coordinator's open cases to another coordinator of
    the municipality. Each case goes through ``case_handover`` (audited ``case.handover``,
    the new coordinator notified, Min side shows the new contact); all or none: a case
    handed over or closed since the leader's page was read is a conflict and nothing is
    written."""
    if not (has_role(actor, Role.BTI_COORDINATOR) and actor.org_unit_id is not None):
        raise AccessDenied("Bare BTI-leder kan fordele saker mellom koordinatorer.")
    municipality_id = actor.org_unit.municipality_id
    ids = sorted({int(i) for i in case_ids})
    cases = list(Case.objects.select_for_update().select_related("unit")
                 .filter(pk__in=ids).order_by("pk"))
    if (from_coordinator.org_unit_id
            and from_coordinator.org_unit.municipality_id != municipality_id) \
            or any(c.unit.municipality_id != municipality_id for c in cases):
        raise AccessDenied("Du kan bare fordele saker i din egen kommune.")
    problems = []
    if not ids:
        problems.append(Problem("Velg minst én sak som skal overføres.", field="saker"))
    if not reason.strip():
        problems.append(Problem("Oppgi hvorfor sakene overføres.", field="begrunnelse"))
    if to is None:
        problems.append(Problem("Velg den nye familiekoordinatoren.", field="ny koordinator"))
    elif to.pk == from_coordinator.pk:
        problems.append(Problem("Velg en annen koordinator enn den som har sakene nå.",
                                field="ny koordinator"))
    elif not (to.is_active and has_role(to, Role.COORDINATOR) and to.org_unit_id
              and to.org_unit.municipality_id == municipality_id):
        problems.append(Problem("Velg en aktiv familiekoordinator i kommunen.",
                                field="ny koordinator"))
    if problems:
        raise InvalidInput(problems)
    moved = [c for c in cases if c.coordinator_id != from_coordinator.pk
             or c.status not in (Case.Status.ACTIVE, Case.Status.PAUSED)
             or c.anonymised_at is not None]
    if moved or len(cases) != len(ids):
        n = len(moved) + len(ids) - len(cases)
        raise Conflict(f"{n} av de valgte sakene er ikke lenger åpne hos "
                       f"{from_coordinator.display_name} (overført eller avsluttet i mellomtiden). "
                       "Ingen saker er overført; se listen på nytt og velg igjen.")
    return [case_handover(actor=actor, case=c, to=to, reason=reason) for c in cases]
