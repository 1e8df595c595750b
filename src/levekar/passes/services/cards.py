"""Cards at the desk of the leisure office: a lost card blocked and replaced, a card
issued by hand."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Kind, audit_record
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.passes import codes
from levekar.passes.eligibility import ADULT_AGE
from levekar.passes.models import ActivityPass, BlockedCard, Scheme
from levekar.passes.services._common import actor_user
from levekar.people.models import Person


def _unused_code() -> str:
    while True:
        code = codes.new_code()
        if not (ActivityPass.objects.filter(code=code).exists()
                or BlockedCard.objects.filter(code=code).exists()):
            return code


@transaction.atomic
def pass_block_and_replace(*, actor, activity_pass: ActivityPass,
                           reason: str) -> tuple[ActivityPass, BlockedCard]:
    """Block a lost or stolen card and give the child a new code at once.

    The old code stops working in the same transaction (a club trying it is told the card
    is blocked); the pass keeps its row, so its refunds so far and what is left of the
    year's cap go with the new code. Audited with the child as subject.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput([Problem("Skriv hvorfor kortet sperres (for eksempel «mistet»).",
                                    field="begrunnelse")])
    card = ActivityPass.objects.select_for_update().get(pk=activity_pass.pk)
    if card.year < timezone.localdate().year:
        raise Conflict(f"Kortet gjaldt for {card.year}; det er ingenting å erstatte.")
    blocked = BlockedCard.objects.create(activity_pass=card, code=card.code,
                                         blocked_by=actor_user(actor), reason=reason[:200])
    card.code = _unused_code()
    card.save(update_fields=["code"])
    audit_record(actor=actor, kind=Kind.PASS_CARD_REPLACE, obj=card, persons=[card.person_id],
                 detail=f"kort sperret og erstattet ({reason[:80]})")
    return card, blocked


# From this month on, a card issued for this year is valid for a few weeks only.
LATE_MONTH = 10


def card_year_problems(*, year: int, child: Person, child_field: str) -> list[Problem]:
    """A card is for a child under 18 (on 1 January of its year) and a year not gone by:
    the rule a card issued by hand and an application for a card share."""
    problems = []
    if year < timezone.localdate().year:
        problems.append(Problem(f"Et kort for {year} ville allerede vært utløpt.", field="år"))
    if child.birth_date is None or child.age_on(dt.date(year, 1, 1)) >= ADULT_AGE:
        problems.append(Problem("Aktivitetskortet er for barn under 18 år.", field=child_field))
    return problems


@transaction.atomic
def pass_issue_manual(*, actor, scheme: Scheme, year: int, person: Person,
                      reason: str) -> tuple[ActivityPass, list[str]]:
    """Issue a card by hand to a child the rules did not reach (a family NAV vouches for,
    a child who moved in after the run), with a reason in the audit log.

    Returns the card and warnings for the office (a card issued late in the year runs out
    on 31 December). Refused for an adult, or when the child already has this card.
    """
    reason = " ".join((reason or "").split())
    problems = []
    if not reason:
        problems.append(Problem("Skriv hvorfor kortet utstedes manuelt.", field="begrunnelse"))
    problems += card_year_problems(year=year, child=person, child_field="fødselsnummer")
    if problems:
        raise InvalidInput(problems)
    if ActivityPass.objects.filter(scheme=scheme, year=year, person=person).exists():
        raise Conflict(f"Barnet har allerede {scheme.card_title} for {year}.")
    household = person.household
    card = ActivityPass.objects.create(
        scheme=scheme, year=year, person=person, household=household,
        zone_id=household.zone_id if household else None, code=_unused_code())
    audit_record(actor=actor, kind=Kind.PASS_CARD_ISSUE, obj=card, persons=[person.pk],
                 detail=f"kort utstedt manuelt ({reason[:100]})")
    warnings, today = [], timezone.localdate()
    if year == today.year and today.month >= LATE_MONTH:
        warnings.append(f"Kortet gjelder bare til 31.12.{year}. Vurder også et kort for "
                        f"{year + 1}.")
    return card, warnings
