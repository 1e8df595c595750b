"""Recording and withdrawing consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone, translation

from levekar.core.audit import Kind, audit_changes, audit_record, audit_snapshot
from levekar.core.errors import InvalidInput, NotFound, Problem
from levekar.core.models import OrgUnit, User
from levekar.followup.access import active_grants, child_grants, consent_age
from levekar.followup.models import (
    Case,
    CaseMember,
    Consent,
    ConsentGrant,
    InfoPart,
)
from levekar.followup.services._common import _member_ids
from levekar.people.models import Person


def _part_name(part: str) -> str:
    """The part's own label (``InfoPart``), in Norwegian like every service message."""
    with translation.override("nb"):
        return str(InfoPart(part).label).lower()


def _named(grants: Iterable[tuple[int, str]]) -> list[tuple[OrgUnit, str]]:
    units = OrgUnit.objects.in_bulk([u for u, _ in grants])
    return [(units[u], p) for u, p in grants]


def _members_by_person(case: Case) -> dict[int, CaseMember]:
    return {m.person_id: m for m in case.members.select_related("person")}


@transaction.atomic
def consent_record(*, actor: User | None, case: Case, given_by: Person, subject: Person | None,
                   grants: Iterable[tuple[OrgUnit, str]], valid_from: dt.date | None = None,
                   valid_to: dt.date | None = None, note: str = "",
                   actor_name: str = "") -> Consent:
    """Record a consent: ``given_by`` lets each (unit, part) in ``grants`` see that part
    of the family's information (``subject`` empty) or of one person's.

    ``actor`` is the staff user who records it, or None when the family member gives it
    themselves on Min side (then ``actor_name`` names them in the audit log).

    The rules of consent age: a consent about the whole family is given by a parent; a
    young person consents for their own information from the age in
    ``data/consent_ages.json``; a parent cannot consent for a child's information the
    child decides over.
    """
    members = _members_by_person(case)
    grants = sorted({(u.pk, str(p)) for u, p in grants})
    today = timezone.localdate()
    valid_from = valid_from or today
    problems: list[Problem] = []
    if not grants:
        problems.append(Problem("Velg minst én tjeneste og én del av saken samtykket gjelder.",
                                field="tjenester"))
    if any(p not in InfoPart.values for _, p in grants):
        problems.append(Problem("Ukjent del av saken.", field="tjenester"))
    if valid_to is not None and valid_to < valid_from:
        problems.append(Problem("Sluttdatoen kan ikke være før startdatoen.", field="gyldig til"))
    giver = members.get(given_by.pk)
    if giver is None:
        problems.append(Problem("Den som samtykker må være med i familieløpet.",
                                field="gitt av"))
    if subject is not None and subject.pk not in members:
        problems.append(Problem("Samtykket må gjelde et medlem av familieløpet.", field="gjelder"))
    if problems:
        raise InvalidInput(problems)
    giver_age = given_by.age_on(today)
    parts = sorted({p for _, p in grants})
    if subject is None:
        if giver.role != CaseMember.Role.PARENT:
            problems.append(Problem("Samtykke for hele familien gis av en forelder eller "
                                    "foresatt.", field="gitt av"))
        elif giver_age is not None and giver_age < 18:
            problems.append(Problem(f"{given_by.full_name} er under 18 år og kan ikke samtykke "
                                    "for hele familien.", field="gitt av"))
    elif subject.pk == given_by.pk:
        for part in parts:
            if giver_age is not None and giver_age < consent_age(part):
                problems.append(Problem(
                    f"{given_by.full_name} er {giver_age} år og kan samtykke selv til "
                    f"{_part_name(part)} først fra {consent_age(part)} år; før det "
                    "samtykker foreldrene.", field="gitt av"))
    else:
        if giver.role != CaseMember.Role.PARENT:
            problems.append(Problem("Bare en forelder eller foresatt kan samtykke på vegne av "
                                    "en annen.", field="gitt av"))
        subject_age = subject.age_on(today)
        for part in parts:
            if subject_age is None or subject_age >= consent_age(part):
                who = (f"{subject.full_name} er {subject_age} år og" if subject_age is not None
                       else f"{subject.full_name} har ukjent alder og")
                problems.append(Problem(
                    f"{who} samtykker selv til {_part_name(part)} "
                    f"(fra {consent_age(part)} år). Registrer samtykket som gitt av "
                    f"{subject.first_name}.", field="gitt av"))
    if problems:
        raise InvalidInput(problems)
    consent = Consent.objects.create(
        case=case, given_by=given_by, subject=subject, valid_from=valid_from,
        valid_to=valid_to, recorded_by=actor, note=note.strip(),
    )
    ConsentGrant.objects.bulk_create(
        [ConsentGrant(consent=consent, unit_id=unit_id, part=part) for unit_id, part in grants]
    )
    audit_record(actor=actor, actor_username=actor_name, kind=Kind.CONSENT_CREATE, obj=consent,
                 persons=list(members) if subject is None else [subject.pk, given_by.pk],
                 detail="" if actor is not None else
                 "ga samtykke på Min side: " + ", ".join(
                     f"{u.name} – {_part_name(p)}" for u, p in _named(grants)))
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User | None, consent: Consent, unit: OrgUnit | None = None,
                     part: str | None = None, reason: str = "",
                     actor_name: str = "") -> Consent:
    """Withdraw a consent, or only its grants to ``unit`` (and of them only ``part`` when
    given). Takes effect at once: access is checked against these rows on every request.
    ``actor`` None: the family member withdrew it on Min side (``actor_name``)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise InvalidInput([Problem("Samtykket er allerede trukket tilbake.")])
    now = timezone.now()
    before = audit_snapshot(consent, ["withdrawn_at"])
    if unit is None:
        consent.withdrawn_at = now
        consent.withdrawn_reason = reason.strip()
        consent.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        detail = "trakk tilbake samtykke"
    else:
        grants = consent.grants.filter(unit=unit, withdrawn_at__isnull=True)
        if part is not None:
            grants = grants.filter(part=part)
        changed = grants.update(withdrawn_at=now)
        if not changed:
            raise InvalidInput([Problem(f"Samtykket gir ikke lenger {unit.name} tilgang.",
                                        field="tjeneste")])
        if not consent.grants.filter(withdrawn_at__isnull=True).exists():
            consent.withdrawn_at = now
        if reason.strip():
            consent.withdrawn_reason = reason.strip()
        consent.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        detail = f"trakk tilbake samtykke for {unit.name}" + (
            f" – {_part_name(part)}" if part is not None else "")
    if actor is None:
        detail += " (på Min side)"
    persons = [consent.given_by_id] + ([consent.subject_id] if consent.subject_id else
                                       _member_ids(consent.case))
    audit_record(actor=actor, actor_username=actor_name, kind=Kind.CONSENT_CHANGE, obj=consent,
                 persons=persons, detail=detail, changes=audit_changes(consent, before))
    return consent


def case_has_active_consent(case: Case) -> bool:
    return active_grants().filter(consent__case_id=case.pk).exists()


def child_has_active_consent(member: CaseMember) -> bool:
    """The level-2 rule, per child: an active consent about the whole family or about
    this child."""
    return child_grants(case_id=member.case_id, person_id=member.person_id).exists()


# --- The family themselves, on Min side ---------------------------------------------------

MIN_SIDE_ACTOR = "innbygger (Min side)"


def _tell_coordinator(case: Case, what: str) -> None:
    """The coordinator is told by e-mail (the family is not named: the case number is)."""
    from levekar.core import messaging

    email = getattr(case.coordinator, "email", "")
    if email:
        messaging.queue_email(
            to=email, subject="Samtykke endret på Min side",
            body=(f"Familien i sak {case.pk} har {what} på Min side. Endringen gjelder "
                  "fra nå. Se saken i Levekår."),
            reference=f"followup-case-{case.pk}-consent")


@transaction.atomic
def consent_give_on_min_side(*, reader, unit: OrgUnit, parts: Iterable[str]) -> Consent:
    """A parent gives consent for the whole family, or a young person for their own
    information (only the parts they decide over from their consent age), to ``unit``.
    Parts already open to the unit through a consent the reader sees are left out."""
    from levekar.followup.selectors.citizen import consents_for_reader

    parts = sorted(set(parts))
    not_theirs = [p for p in parts if p not in InfoPart.values or not reader.decides(p)]
    if not_theirs:
        raise InvalidInput([Problem(
            "Du kan ikke samtykke selv til " + ", ".join(
                _part_name(p) if p in InfoPart.values else p for p in not_theirs) + ".",
            field="deler")])
    open_now = {g.part for u in consents_for_reader(reader) for g in u.grants
                if g.unit_id == unit.pk}
    new = [p for p in parts if p not in open_now]
    if parts and not new:
        raise InvalidInput([Problem(f"{unit.name} har allerede samtykke til det du valgte.",
                                    field="deler")])
    consent = consent_record(
        actor=None, actor_name=MIN_SIDE_ACTOR, case=reader.case, given_by=reader.person,
        subject=None if reader.is_parent else reader.person,
        grants=[(unit, p) for p in new], note="Gitt av familien på Min side.")
    _tell_coordinator(reader.case, f"gitt samtykke til {unit.name} ("
                      + ", ".join(_part_name(p) for p in new) + ")")
    return consent


@transaction.atomic
def consent_grant_withdraw_on_min_side(*, reader, grant_id: int) -> ConsentGrant:
    """The reader withdraws one (unit, part) of a consent they see on Min side; the rest
    of the consent stays. Raises ``NotFound`` for a grant outside what they manage."""
    from levekar.followup.selectors.citizen import reader_manages

    grant = (active_grants().filter(pk=grant_id, consent__case_id=reader.case.pk)
             .select_related("unit", "consent").first())
    if grant is None or not reader_manages(reader, grant):
        raise NotFound("Fant ikke samtykket.")
    consent_withdraw(actor=None, actor_name=MIN_SIDE_ACTOR, consent=grant.consent,
                     unit=grant.unit, part=grant.part,
                     reason="Trukket tilbake av familien på Min side.")
    _tell_coordinator(reader.case, f"trukket tilbake samtykket til {grant.unit.name} "
                      f"({_part_name(grant.part)})")
    grant.refresh_from_db()
    return grant
