"""The nomination form is no fødselsnummer oracle (finding 2): a service gets one answer
for "not registered", "no child of the age" and "nominated by another service", and
every lookup by national id is audited."""

import pytest

from levekar.core.models import AuditEvent
from levekar.passes.models import Nomination
from levekar.passes.tests.test_holidays import child_age_on_start, nominate, offer  # noqa: F401

pytestmark = pytest.mark.django_db
NEUTRAL = "Familien kan ikke nomineres med dette nummeret"


def fnr(day: int) -> str:
    from stdnum.no import fodselsnummer

    for individual in range(100, 200):
        body = f"{day:02d}0585{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(body)
        if len(k1) != 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(body + k1)
        if len(k2) == 1:
            return body + k1 + k2
    raise AssertionError


def _family(municipality, actor, national_id, child_age):
    from levekar.people.models import Person
    from levekar.people.services import household_create, person_create

    household = household_create(actor=actor, municipality=municipality)
    person_create(actor=actor, household=household, first_name="Mor", last_name="Li",
                  national_id=national_id)
    Person.objects.create(household=household, first_name="Barn", last_name="Li",
                          birth_date=child_age_on_start(child_age))
    return household


def _answer(client, offer, national_id) -> str:  # noqa: F811
    response = client.post(f"/fritid/ferie/{offer.pk}/nominer/", {
        "national_id": national_id, "need": 4, "reason": "Trenger ferie sammen",
        "basis": "service_case"})
    assert response.status_code == 200
    return response.content.decode()


def test_a_service_cannot_tell_why_a_number_cannot_be_nominated(
        client_as, offer, municipality, nav_partner, health_partner):  # noqa: F811
    _family(municipality, nav_partner, fnr(11), child_age=2)        # no child 6–13
    nominated = _family(municipality, nav_partner, fnr(12), child_age=9)
    nominate(offer, nominated, health_partner)                      # another service's
    client = client_as("nav1")
    before = AuditEvent.objects.count()
    answers = [_answer(client, offer, n) for n in (fnr(10), fnr(11), fnr(12))]  # 10: unknown
    assert all(NEUTRAL in a for a in answers)
    for text in ("Ingen husstand er registrert", "minst ett barn mellom",
                 "allerede nominert"):
        assert not any(text in a for a in answers), text
    lookups = AuditEvent.objects.filter(detail__startswith="oppslag på fødselsnummer")
    assert lookups.count() == 3 and AuditEvent.objects.count() >= before + 3
    assert {e.actor_username for e in lookups} == {"nav1"}
    assert lookups.filter(detail__endswith="(ikke funnet)").count() == 1
    assert Nomination.objects.count() == 1


def test_a_service_is_told_when_its_own_unit_nominated_already(
        client_as, offer, municipality, nav_partner):  # noqa: F811
    household = _family(municipality, nav_partner, fnr(13), child_age=9)
    nominate(offer, household, nav_partner)
    answer = _answer(client_as("nav1"), offer, fnr(13))
    assert "allerede nominert" in answer and NEUTRAL not in answer


def test_the_leisure_office_gets_the_detail(client_as, offer, municipality,  # noqa: F811
                                            leisure_office):
    _family(municipality, leisure_office, fnr(14), child_age=2)
    answer = _answer(client_as("fritid1"), offer, fnr(14))
    assert "minst ett barn mellom" in answer
