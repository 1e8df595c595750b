"""Recording and withdrawing consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Action, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.core.models import OrgUnit, User
from levekar.followup.access import active_grants, consent_age
from levekar.followup.models import (
    Case,
    CaseMember,
    Consent,
    ConsentGrant,
    InfoPart,
)
from levekar.followup.services._common import _member_ids
from levekar.people.models import Person

PART_LABELS_NB = {
    "economy": "økonomi", "housing": "bolig", "work": "arbeid og aktivitet", "health": "helse",
    "school": "barnehage og skole", "child_welfare": "barnevern", "leisure": "fritid",
}


def _members_by_person(case: Case) -> dict[int, CaseMember]:
    return {m.person_id: m for m in case.members.select_related("person")}


@transaction.atomic
def consent_record(*, actor: User, case: Case, given_by: Person, subject: Person | None,
                   grants: Iterable[tuple[OrgUnit, str]], valid_from: dt.date | None = None,
                   valid_to: dt.date | None = None, note: str = "") -> Consent:
    """Record a consent: ``given_by`` lets each (unit, part) in ``grants`` see that part
    of the family's information (``subject`` empty) or of one person's.

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
                    f"{PART_LABELS_NB[part]} først fra {consent_age(part)} år; før det "
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
                    f"{who} samtykker selv til {PART_LABELS_NB[part]} "
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
    audit_record(actor=actor, action=Action.CREATE, obj=consent,
                 persons=list(members) if subject is None else [subject.pk, given_by.pk],
                 purpose="registrerte samtykke")
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, unit: OrgUnit | None = None,
                     reason: str = "") -> Consent:
    """Withdraw a consent, or only its grants to ``unit``. Takes effect at once: access is
    checked against these rows on every request."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise InvalidInput([Problem("Samtykket er allerede trukket tilbake.")])
    now = timezone.now()
    if unit is None:
        consent.withdrawn_at = now
        consent.withdrawn_reason = reason.strip()
        consent.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        purpose = "trakk tilbake samtykke"
    else:
        changed = consent.grants.filter(unit=unit, withdrawn_at__isnull=True).update(
            withdrawn_at=now)
        if not changed:
            raise InvalidInput([Problem(f"Samtykket gir ikke lenger {unit.name} tilgang.",
                                        field="tjeneste")])
        if not consent.grants.filter(withdrawn_at__isnull=True).exists():
            consent.withdrawn_at = now
        if reason.strip():
            consent.withdrawn_reason = reason.strip()
        consent.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        purpose = f"trakk tilbake samtykke for {unit.name}"
    persons = [consent.given_by_id] + ([consent.subject_id] if consent.subject_id else
                                       _member_ids(consent.case))
    audit_record(actor=actor, action=Action.UPDATE, obj=consent, persons=persons,
                 purpose=purpose)
    return consent


def case_has_active_consent(case: Case) -> bool:
    return active_grants().filter(consent__case_id=case.pk).exists()
