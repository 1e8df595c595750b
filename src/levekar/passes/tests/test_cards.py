"""A lost card: blocked and replaced at the leisure office's desk."""

import pytest

from levekar.core.audit import Purpose
from levekar.core.errors import InvalidInput
from levekar.core.models import AuditEvent
from levekar.passes import codes
from levekar.passes.models import ActivityPass, BlockedCard
from levekar.passes.services import (
    club_create,
    pass_block_and_replace,
    pass_use_register,
    passes_issue,
    refunds_approve,
)
from levekar.passes.tests.conftest import YEAR


@pytest.fixture
def club(municipality, zones):
    club, _token = club_create(municipality=municipality, name="Strømmen IF",
                               account_number="12345678903", token="hemmelig-kort")
    return club


@pytest.fixture
def card(scheme, make_household):
    make_household(children=[10], income=150_000)
    passes_issue(scheme=scheme, year=YEAR)
    return ActivityPass.objects.get()


def test_block_and_replace_kills_the_old_code_and_moves_the_balance(
        card, club, leisure_office, client):
    # 400 of the year's 1 000 kr are refunded on the old card: 600 are left.
    pass_use_register(club=club, code=card.code, fee=400, activity="Fotball")
    refunds_approve(actor=leisure_office)
    old_code = card.code

    new, blocked = pass_block_and_replace(actor=leisure_office, activity_pass=card,
                                          reason="Mistet på trening")

    assert new.pk == card.pk and new.code != old_code and codes.is_valid(new.code)
    assert (blocked.code, blocked.blocked_by, blocked.reason) == (
        old_code, leisure_office, "Mistet på trening")
    assert ActivityPass.objects.filter(code=old_code).count() == 0
    # The old code stops working at once, with a plain message to the club.
    with pytest.raises(InvalidInput, match="Dette kortet er sperret"):
        pass_use_register(club=club, code=old_code, fee=100, activity="Cup")
    page = client.post("/fritid/klubb/hemmelig-kort/", {
        "code": codes.display(old_code), "fee": "100", "activity": "Cup"})
    assert "Dette kortet er sperret" in page.content.decode()
    # The new code works, and only what was left of the cap is refunded on it.
    use = pass_use_register(club=club, code=new.code, fee=900, activity="Cup")
    refunds_approve(actor=leisure_office)
    use.refresh_from_db()
    assert (use.status, use.approved_amount, use.capped) == ("approved", 600, True)
    # The club's history keeps the code it saw for the old registration.
    first = club.uses.order_by("registered_at", "id").first()
    assert first.display_code == codes.display(old_code)
    assert use.display_code == codes.display(new.code)
    event = AuditEvent.objects.filter(action="update", object_type="passes.activitypass").get()
    assert event.detail == "kort sperret og erstattet (Mistet på trening)"
    assert list(event.subjects.values_list("person_id", flat=True)) == [card.person_id]


def test_blocking_needs_a_reason_and_changes_nothing_without(card, leisure_office):
    code = card.code
    with pytest.raises(InvalidInput, match="Skriv hvorfor kortet sperres"):
        pass_block_and_replace(actor=leisure_office, activity_pass=card, reason="  ")
    assert ActivityPass.objects.get().code == code and not BlockedCard.objects.exists()


def test_the_office_finds_a_card_and_blocks_it_from_the_card_page(
        client_as, card, club, leisure_office, django_assert_max_num_queries):
    office = client_as("fritid1")
    with django_assert_max_num_queries(12):
        page = office.get("/fritid/kort/", {"q": card.person.first_name})
    html = page.content.decode()
    assert card.person.full_name in html and card.display_code in html
    assert AuditEvent.objects.filter(action="view", purpose=Purpose.PASS_CARD_SEARCH).exists()
    page = office.get(f"/fritid/kort/{card.pk}/").content.decode()
    assert "1 000 kr" in page or "1\xa0000 kr" in page  # nothing refunded yet
    # Without ticking the confirmation nothing happens.
    office.post(f"/fritid/kort/{card.pk}/sperr/", {"reason": "Mistet"})
    assert not BlockedCard.objects.exists()
    page = office.post(f"/fritid/kort/{card.pk}/sperr/", {"reason": "Mistet", "confirm": "on"},
                       follow=True).content.decode()
    blocked = BlockedCard.objects.get()
    card.refresh_from_db()
    assert f"Kort {blocked.display_code} er sperret" in page and card.display_code in page
    # The blocked code still finds the card.
    found = office.get("/fritid/kort/", {"q": blocked.display_code}).content.decode()
    assert card.person.full_name in found
    assert client_as("utlan1").get("/fritid/kort/").status_code == 403


def test_a_card_issued_by_hand_needs_a_reason_and_is_audited(
        scheme, make_household, leisure_office, client_as):
    import time_machine

    from levekar.core.errors import Conflict
    from levekar.passes.services import pass_issue_manual

    # Over the income limit: the automatic issuance leaves the child out.
    _household, people = make_household(children=[9], income=900_000)
    passes_issue(scheme=scheme, year=YEAR)
    child = people[-1]
    assert not ActivityPass.objects.exists()
    with pytest.raises(InvalidInput, match="Skriv hvorfor"):
        pass_issue_manual(actor=leisure_office, scheme=scheme, year=YEAR, person=child,
                          reason="")
    with pytest.raises(InvalidInput, match="for barn under 18"):
        pass_issue_manual(actor=leisure_office, scheme=scheme, year=YEAR, person=people[0],
                          reason="NAV")
    with time_machine.travel(f"{YEAR}-11-02 10:00", tick=False):
        card, warnings = pass_issue_manual(actor=leisure_office, scheme=scheme, year=YEAR,
                                           person=child, reason="Gått god for av NAV")
    assert warnings == [f"Kortet gjelder bare til 31.12.{YEAR}. Vurder også et kort for "
                        f"{YEAR + 1}."]
    assert (card.person, card.run, codes.is_valid(card.code)) == (child, None, True)
    event = AuditEvent.objects.get(action="create", object_type="passes.activitypass")
    assert event.detail == "kort utstedt manuelt (Gått god for av NAV)"
    assert list(event.subjects.values_list("person_id", flat=True)) == [child.pk]
    with pytest.raises(Conflict, match="har allerede"):
        pass_issue_manual(actor=leisure_office, scheme=scheme, year=YEAR, person=child,
                          reason="igjen")


def _child_fnr(birth):
    """A valid fødselsnummer for a child born in 2000–2039 (individual numbers 500–749)."""
    from stdnum.no import fodselsnummer

    for individual in range(500, 750):
        body = f"{birth:%d%m%y}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(body)
        k2 = fodselsnummer.calc_check_digit2(body + k1) if len(k1) == 1 else "10"
        if len(k1) == 1 and len(k2) == 1:
            return body + k1 + k2
    raise AssertionError


def test_the_office_issues_a_card_by_hand_through_the_page(scheme, make_household,
                                                           client_as):
    from levekar.people.models import Person

    _household, people = make_household(children=[9], income=900_000)
    child = people[-1]
    fnr = _child_fnr(child.birth_date)
    Person.objects.filter(pk=child.pk).update(national_id=fnr)
    office = client_as("fritid1")
    form = {"national_id": fnr, "scheme": scheme.pk, "year": YEAR, "reason": ""}
    page = office.post("/fritid/kort/ny/", form)
    assert 'id="id_reason_error"' in page.content.decode()  # the reason is required
    assert not ActivityPass.objects.exists()
    page = office.post("/fritid/kort/ny/", {**form, "reason": "NAV går god for familien"},
                       follow=True)
    card = ActivityPass.objects.get()
    assert card.person_id == child.pk
    assert f"Kort {card.display_code} er utstedt" in page.content.decode()
