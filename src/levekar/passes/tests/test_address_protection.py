"""Strengthened address protection (fortrolig / strengt fortrolig adresse) reaches the
passes too: the household's address is never printed on a letter, never in the
organiser's list and never on the office's pages, and a street search does not find it."""

import pytest

from levekar.passes.models import ActivityPass, Nomination
from levekar.passes.selectors import cards_search
from levekar.passes.services import (
    nomination_create,
    offer_allocate,
    offer_create,
    pass_letter_pdf,
    passes_issue,
)
from levekar.passes.tests.conftest import YEAR
from levekar.passes.tests.test_holidays import START, child_age_on_start
from levekar.passes.tests.test_letters import text_of
from levekar.people.models import Person
from levekar.people.services import household_protection_set

pytestmark = pytest.mark.django_db


def _protect(household, actor):
    household_protection_set(actor=actor, household=household, level="strengt_fortrolig",
                             reason="Melding fra folkeregisteret.")


def test_the_letter_of_a_protected_household_has_no_address(scheme, make_household,
                                                            leisure_office):
    household, people = make_household(children=[10], street="Hemmeligveien 7")
    passes_issue(scheme=scheme, year=YEAR)
    assert "Hemmeligveien 7" in text_of(pass_letter_pdf(household=household, scheme=scheme,
                                                        year=YEAR))
    _protect(household, leisure_office)
    text = text_of(pass_letter_pdf(household=household, scheme=scheme, year=YEAR))
    assert "Hemmeligveien" not in text and "2010" not in text
    assert people[0].full_name in text  # still addressed to the adults by name


def test_the_organisers_list_leaves_out_a_protected_address(client_as, municipality,
                                                            make_household, nav_partner,
                                                            leisure_office):
    offer = offer_create(municipality=municipality, name="Sommerleir", organiser="Røde Kors",
                         place="Haraldvangen", starts_on=START,
                         ends_on=START.replace(day=START.day + 4), capacity=10)
    households = []
    for street in ("Hemmeligveien 7", "Åpenveien 1"):
        household, _ = make_household(adults=1, children=[], income=None, street=street)
        Person.objects.create(household=household, first_name="Barn", last_name="X",
                              birth_date=child_age_on_start(9))
        nomination_create(actor=nav_partner, offer=offer, household=household, need=3,
                          basis="service_case", shares_contact=True,
                          reason="Trenger ferie")
        households.append(household)
    _protect(households[0], leisure_office)
    offer_allocate(actor=leisure_office, offer=offer, seed=1)
    assert Nomination.objects.filter(offer=offer, status="allocated").count() == 2
    csv = client_as("fritid1").get(f"/fritid/ferie/{offer.pk}/liste-tildelt.csv") \
        .content.decode("utf-8-sig")
    assert "Åpenveien 1" in csv
    assert "Hemmeligveien" not in csv


def test_the_card_pages_and_search_hide_a_protected_address(client_as, scheme,
                                                           make_household, leisure_office):
    household, _people = make_household(children=[10], street="Hemmeligveien 7")
    passes_issue(scheme=scheme, year=YEAR)
    _protect(household, leisure_office)
    card = ActivityPass.objects.get(household=household)
    assert list(cards_search("Hemmeligveien")) == []
    assert list(cards_search(card.person.first_name)) == [card]
    client = client_as("fritid1")
    page = client.get(f"/fritid/kort/{card.pk}/").content.decode()
    assert card.person.full_name in page and "Hemmeligveien" not in page
