"""Demo citizens for Min side (idempotent). Their synthetic fødselsnumre (month + 80) are
in the README; log in with them on the local identity provider's test login.

- Jonas Berg: a parent whose two children hold activity cards this year (one used at a
  club), with no case in follow-up;
- Ola Nordmann: a resident with no relation to any data;
- the follow-up demo's journey family (``followup.demo.families``, DEMO-FAMILIE-01): Leila
  Ahmadi, a parent under follow-up, and Sara (16), who decides her own health consent. Here
  the register's parental responsibility is added for Leila's children, as the
  folkeregister would give it.
"""

import datetime as dt

from django.utils import timezone

from levekar.core.demo import MUNICIPALITY_CODE
from levekar.core.lib.progress import Reporter
from levekar.core.models import Municipality
from levekar.passes import codes
from levekar.passes.models import ActivityPass, Club, PassUse, Scheme
from levekar.people import services as people_services
from levekar.people.identity import synthetic_national_id
from levekar.people.models import Household, Person

PARENT = ("Jonas", "Berg", dt.date(1984, 3, 15), 0)
CHILDREN = [("Emil", "Berg", dt.date(2016, 5, 2), 1), ("Sara", "Berg", dt.date(2013, 9, 20), 2)]
NO_DATA = ("Ola", "Nordmann", dt.date(1990, 11, 7), 3)
HOUSEHOLD_ID = "DEMO-MINSIDE-BERG"
FOLLOWUP_HOUSEHOLD_ID = "DEMO-FAMILIE-01"
# The journey family's mother and eldest daughter (fixed birth dates in followup's demo).
FOLLOWUP_PARENT = ("Leila", "Ahmadi", dt.date(1988, 3, 1))
FOLLOWUP_YOUTH = ("Sara", "Ahmadi", dt.date(2010, 1, 1))
SCHEME_CODE = "fritidskort"


def national_id(person: tuple) -> str:
    return synthetic_national_id(person[2], person[3])


PARENT_PHONE = "41234567"  # as the contact register (KRR) gives it


def _person(p: tuple, household: Household | None, phone: str = "") -> Person:
    found = Person.objects.filter(national_id=national_id(p)).first()
    if found:
        return found
    return people_services.person_create(actor=None, first_name=p[0], last_name=p[1],
                                         household=household, national_id=national_id(p),
                                         phone=phone)


def _lending(parent: Person) -> None:
    """Jonas is a borrower at the equipment library (registered with his mobile number)
    and has a pair of skis on loan."""
    from levekar.lending import services as lending_services
    from levekar.lending.models import Borrower, Copy, LendingPoint, Loan

    if Borrower.objects.filter(phone=PARENT_PHONE).exists():
        return
    borrower = lending_services.borrower_register(actor=None, name=parent.full_name,
                                                  phone=PARENT_PHONE, birth_year=1984)
    point = LendingPoint.objects.filter(active=True).order_by("order", "pk").first()
    if point is None:
        return
    busy = Loan.objects.filter(returned_at__isnull=True).values("copy_id")
    copy = (Copy.objects.filter(location=point, condition="good").exclude(pk__in=busy)
            .order_by("pk").first())
    if copy is not None:
        lending_services.loans_lend(actor=None, borrower=borrower, copy_numbers=[copy.number],
                                    location=point)


def _journey_family_register() -> None:
    """Parental responsibility in the follow-up journey family: each adult of the
    household for each child under 18 (the folkeregister's answer for this family)."""
    from levekar.core.lib.dates import age_on

    household = Household.objects.filter(external_id=FOLLOWUP_HOUSEHOLD_ID).first()
    if household is None:  # the follow-up demo did not run
        return
    today = timezone.localdate()
    people = list(Person.objects.filter(household=household))
    adults = [p for p in people if (age_on(p.birth_date, today) or 0) >= 18]
    children = [p for p in people if p.birth_date and age_on(p.birth_date, today) < 18]
    for parent in adults:
        for child in children:
            people_services.parental_responsibility_set(actor=None, parent=parent, child=child)


def load(*, reporter: Reporter) -> None:
    municipality = Municipality.objects.get(code=MUNICIPALITY_CODE)
    household = Household.objects.filter(municipality=municipality,
                                         external_id=HOUSEHOLD_ID).first()
    if household is None:
        household = people_services.household_create(
            actor=None, municipality=municipality, street="Storgata 10", postcode="2000",
            city="Lillestrøm", external_id=HOUSEHOLD_ID)
    parent = _person(PARENT, household, phone=PARENT_PHONE)
    _lending(parent)
    children = [_person(c, household) for c in CHILDREN]
    for child in children:
        people_services.parental_responsibility_set(actor=None, parent=parent, child=child)
    _person(NO_DATA, None)
    _journey_family_register()
    scheme = Scheme.objects.filter(code=SCHEME_CODE).first()
    if scheme is None:  # the passes demo did not run
        return
    year = timezone.localdate().year
    club = Club.objects.filter(municipality=municipality).order_by("pk").first()
    for i, child in enumerate(children):
        card = ActivityPass.objects.filter(scheme=scheme, year=year, person=child).first()
        if card is None:
            card = ActivityPass.objects.create(scheme=scheme, year=year, person=child,
                                               household=household, code=codes.new_code())
            if i == 0 and club is not None:
                PassUse.objects.create(activity_pass=card, club=club, fee=450,
                                       activity="Fotball", status=PassUse.Status.APPROVED,
                                       approved_amount=450, decided_at=timezone.now())
                card.first_used_at = timezone.now()
                card.save(update_fields=["first_used_at"])
    reporter.advance(1)
