"""Every write of the case part of follow-up: opening a case with its household, members,
status, consent and its withdrawal, the BTI level, individual plan, break the glass.

Each service runs in one transaction, writes one audit event naming the family members
concerned, and raises a ``core.errors`` DomainError with a Norwegian message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Action, audit_record
from levekar.core.errors import AccessDenied, InvalidInput, Problem
from levekar.core.models import OrgUnit, User
from levekar.core.roles import Role, has_role
from levekar.followup.access import active_grants, consent_age
from levekar.followup.models import (
    BreakGlassAccess,
    BtiLevel,
    BtiLevelChange,
    Case,
    CaseMember,
    Consent,
    ConsentGrant,
    IndividualPlan,
    InfoPart,
)
from levekar.people.models import Person, Zone
from levekar.people.services import household_create, person_create

PART_LABELS_NB = {
    "economy": "økonomi", "housing": "bolig", "work": "arbeid og aktivitet", "health": "helse",
    "school": "barnehage og skole", "child_welfare": "barnevern", "leisure": "fritid",
}


def break_glass_hours() -> int:
    """How long an emergency access lasts (setting ``LEVEKAR_BREAK_GLASS_HOURS``, 8)."""
    return int(getattr(settings, "LEVEKAR_BREAK_GLASS_HOURS", 8))


def _member_ids(case: Case) -> list[int]:
    return list(case.members.values_list("person_id", flat=True))


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


@transaction.atomic
def case_open(*, actor: User, members: list[MemberInput], street: str = "",
              postcode: str = "", city: str = "", zone: Zone | None = None,
              preferred_language: str = "nb", referred_by: OrgUnit | None = None,
              start_date: dt.date | None = None, planned_years: int = 5,
              external_id: str = "") -> Case:
    """Open a familieløp: register the household and its members, with ``actor`` as the
    family coordinator. All or nothing."""
    if not has_role(actor, Role.COORDINATOR) or actor.org_unit_id is None:
        raise AccessDenied("Bare familiekoordinatorer kan åpne et familieløp.")
    problems = _member_problems(members)
    if not 1 <= planned_years <= 10:
        problems.append(Problem("Planlagt varighet må være 1–10 år.", field="varighet"))
    if problems:
        raise InvalidInput(problems)
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
    person_ids = [_add_member(actor=actor, case=case, member=m, index=i).person_id
                  for i, m in enumerate(members, start=1)]
    audit_record(actor=actor, action=Action.CREATE, obj=case, persons=person_ids,
                 purpose="åpnet familieløp")
    return case


def _add_member(*, actor: User, case: Case, member: MemberInput, index: int) -> CaseMember:
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


@transaction.atomic
def member_add(*, actor: User, case: Case, member: MemberInput) -> CaseMember:
    """Register one more person in the household and the case (e.g. a newborn)."""
    problems = _member_problems([member], offset=case.members.count() + 1)
    if problems:
        raise InvalidInput(problems)
    cm = _add_member(actor=actor, case=case, member=member, index=case.members.count() + 1)
    audit_record(actor=actor, action=Action.UPDATE, obj=case, persons=[cm.person_id],
                 purpose="nytt familiemedlem i familieløpet")
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
    now = timezone.now()
    case.status = status
    case.status_reason = reason
    case.status_changed_at = now
    case.closed_at = now if status == Case.Status.CLOSED else None
    case.save(update_fields=["status", "status_reason", "status_changed_at", "closed_at"])
    audit_record(actor=actor, action=Action.UPDATE, obj=case, persons=_member_ids(case),
                 purpose=f"status endret til {status}")
    return case


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


@transaction.atomic
def bti_level_change(*, actor: User, case: Case, to_level: int, reason: str,
                     stafettholder: User | None = None) -> BtiLevelChange:
    """Move the case along the handlingsveileder: up one level at a time, down any number.

    Level 1 and above need a named stafettholder; level 2 and above need an active
    recorded consent (cooperation between services only after consent).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    problems: list[Problem] = []
    if to_level not in BtiLevel.values:
        raise InvalidInput([Problem("BTI-nivået må være 0, 1, 2 eller 3.", field="nivå")])
    if not reason.strip():
        problems.append(Problem("Oppgi hvorfor nivået endres.", field="begrunnelse"))
    if case.status == Case.Status.CLOSED:
        problems.append(Problem("Familieløpet er avsluttet; åpne det igjen først.",
                                field="nivå"))
    if to_level > case.bti_level + 1:
        problems.append(Problem(
            f"Nivået kan bare økes ett trinn om gangen (fra {case.bti_level} til "
            f"{case.bti_level + 1}).", field="nivå"))
    if to_level >= BtiLevel.OWN_SERVICE and stafettholder is None:
        problems.append(Problem("Fra nivå 1 må saken ha en navngitt stafettholder.",
                                field="stafettholder"))
    if stafettholder is not None and not stafettholder.is_active:
        problems.append(Problem("Stafettholderen har ikke en aktiv brukerkonto.",
                                field="stafettholder"))
    if to_level >= BtiLevel.COOPERATION and not case_has_active_consent(case):
        problems.append(Problem(
            "Saken kan ikke løftes til nivå 2 uten et registrert, gyldig samtykke. "
            "Registrer samtykket fra familien først.", field="nivå"))
    if to_level == case.bti_level and (stafettholder.pk if stafettholder else None) == \
            case.stafettholder_id:
        problems.append(Problem("Verken nivå eller stafettholder er endret.", field="nivå"))
    if problems:
        raise InvalidInput(problems)
    change = BtiLevelChange.objects.create(
        case=case, from_level=case.bti_level, to_level=to_level, changed_by=actor,
        reason=reason.strip(), stafettholder=stafettholder,
    )
    case.bti_level = to_level
    case.stafettholder = stafettholder
    case.save(update_fields=["bti_level", "stafettholder"])
    audit_record(actor=actor, action=Action.UPDATE, obj=case, persons=_member_ids(case),
                 purpose=f"BTI-nivå {change.from_level} → {to_level}")
    return change


@transaction.atomic
def case_individual_plan_record(*, actor: User, case: Case, assessment: str) -> Case:
    """Record the assessment of individuell plan and barnekoordinator (prompted at level 3)."""
    if assessment not in IndividualPlan.values or assessment == IndividualPlan.NOT_ASSESSED:
        raise InvalidInput([Problem("Velg hva vurderingen endte med.", field="vurdering")])
    case.individual_plan = assessment
    case.individual_plan_assessed_at = timezone.now()
    case.save(update_fields=["individual_plan", "individual_plan_assessed_at"])
    audit_record(actor=actor, action=Action.UPDATE, obj=case, persons=_member_ids(case),
                 purpose="vurderte individuell plan og barnekoordinator")
    return case


@transaction.atomic
def break_glass_open(*, actor: User, case: Case, reason: str,
                     now: dt.datetime | None = None) -> BreakGlassAccess:
    """Emergency access to another coordinator's case ("break the glass").

    Only for family coordinators in the case's own unit, with a written reason; lasts
    ``break_glass_hours()`` hours; audited and listed for the BTI coordinator / leader.
    """
    reason = reason.strip()
    if not has_role(actor, Role.COORDINATOR) or actor.org_unit_id != case.unit_id:
        raise AccessDenied("Nødtilgang kan bare gis til familiekoordinatorer i samme enhet "
                           "som familieløpet.")
    if case.coordinator_id == actor.pk:
        raise InvalidInput([Problem("Du er koordinator for dette familieløpet og trenger "
                                    "ikke nødtilgang.")])
    if case.anonymised_at is not None:
        raise InvalidInput([Problem("Familieløpet er anonymisert.")])
    if len(reason) < 10:
        raise InvalidInput([Problem("Skriv hvorfor du trenger nødtilgang (minst 10 tegn).",
                                    field="begrunnelse")])
    now = now or timezone.now()
    access = BreakGlassAccess.objects.create(
        case=case, user=actor, reason=reason, granted_at=now,
        expires_at=now + dt.timedelta(hours=break_glass_hours()),
    )
    audit_record(actor=actor, action=Action.CREATE, obj=access, persons=_member_ids(case),
                 purpose=f"nødtilgang til familieløp {case.pk}: {reason}")
    return access
