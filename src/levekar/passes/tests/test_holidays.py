"""Holiday offers: nominations, a reproducible draw, whole families, a moving waitlist."""

import datetime as dt
import hashlib

import pytest

from levekar.core.errors import Conflict, InvalidInput
from levekar.core.models import AuditEvent
from levekar.passes.models import HolidayOffer, Nomination, QueueEvent
from levekar.passes.selectors import draw_check
from levekar.passes.services import (
    nomination_create,
    nomination_decline,
    offer_allocate,
    offer_create,
    waitlist_move,
)

S = Nomination.Status
START = dt.date(dt.date.today().year + 1, 7, 5)


def child_age_on_start(age):
    return dt.date(START.year - age, 1, 10)


@pytest.fixture
def offer(municipality):
    return offer_create(municipality=municipality, name="Sommerleir", organiser="Røde Kors",
                        place="Haraldvangen", starts_on=START,
                        ends_on=START + dt.timedelta(days=4), capacity=10)


@pytest.fixture
def family(make_household, municipality, leisure_office):
    """``family(size, child_age=9)`` → a household of ``size`` persons with one child."""
    from levekar.people.models import Person

    def make(size, child_age=9):
        household, _people = make_household(adults=1, children=[], income=None)
        Person.objects.create(household=household, first_name="Barn", last_name="X",
                              birth_date=child_age_on_start(child_age))
        for i in range(size - 2):
            Person.objects.create(household=household, first_name=f"Søsken{i}", last_name="X",
                                  birth_date=child_age_on_start(3))
        return household

    return make


def nominate(offer, household, user, need=3, persons=None):
    return nomination_create(actor=user, offer=offer, household=household, need=need,
                             reason="Trenger ferie", persons=persons, basis="service_case")


@pytest.fixture
def nominated(offer, family, nav_partner):
    """Eight families of 2–5 persons (28 persons) for 10 places."""
    sizes = [4, 3, 2, 5, 3, 4, 2, 5]
    needs = [3, 5, 1, 3, 4, 2, 3, 5]
    return [nominate(offer, family(s), nav_partner, need=n) for s, n in zip(sizes, needs,
                                                                              strict=True)]


def test_a_family_needs_a_child_in_the_age_range_and_is_nominated_once(offer, family,
                                                                       nav_partner):
    too_young = family(3, child_age=4)
    with pytest.raises(InvalidInput) as err:
        nominate(offer, too_young, nav_partner)
    assert "minst ett barn mellom 6 og 13 år" in err.value.summary()
    household = family(3, child_age=13)
    nomination = nominate(offer, household, nav_partner)
    assert (nomination.persons, nomination.unit.code) == (3, "nav-lillestrom")
    with pytest.raises(Conflict):
        nominate(offer, household, nav_partner)
    assert AuditEvent.objects.filter(object_type="passes.nomination", action="create").count() == 1


def test_the_draw_puts_need_first_and_never_splits_a_family(offer, nominated, leisure_office):
    offer_allocate(actor=leisure_office, offer=offer, seed=42)
    allocated = list(Nomination.objects.filter(offer=offer, status=S.ALLOCATED))
    assert sum(n.persons for n in allocated) <= offer.capacity
    # Both need-5 families (3 + 5 persons) come first; the need-4 family (3 persons) does
    # not fit in the 2 places left and waits first in line; the need-3 family of 2 fits.
    assert {n.pk for n in allocated} == {nominated[1].pk, nominated[7].pk, nominated[6].pk}
    assert sum(n.persons for n in allocated) == 10
    waitlist = list(Nomination.objects.filter(offer=offer, status=S.WAITLISTED)
                    .order_by("waitlist_position"))
    assert waitlist[0].pk == nominated[4].pk
    assert [n.waitlist_position for n in waitlist] == list(range(1, len(waitlist) + 1))
    assert len(allocated) + len(waitlist) == len(nominated)
    offer.refresh_from_db()
    assert (offer.status, offer.seed) == (HolidayOffer.Status.ALLOCATED, 42)
    # The lottery key stored on each nomination is the published one, so the office can
    # show anyone how the draw was made.
    for n in Nomination.objects.filter(offer=offer):
        assert n.lottery_key == hashlib.sha256(f"42:{n.pk}".encode()).hexdigest()


def test_the_same_seed_gives_the_same_draw(offer, nominated, leisure_office):
    offer_allocate(actor=leisure_office, offer=offer, seed=20270705)
    first = dict(Nomination.objects.filter(offer=offer).values_list("pk", "drawn_position"))
    first_status = dict(Nomination.objects.filter(offer=offer).values_list("pk", "status"))
    # Undo the draw (as if on a copy of the data) and draw again with the same seed.
    Nomination.objects.filter(offer=offer).update(status=S.NOMINATED, drawn_status="",
                                                  drawn_position=None, waitlist_position=None)
    HolidayOffer.objects.filter(pk=offer.pk).update(status=HolidayOffer.Status.OPEN)
    offer_allocate(actor=leisure_office, offer=offer, seed=20270705)
    assert dict(Nomination.objects.filter(offer=offer).values_list("pk", "drawn_position")) \
        == first
    assert dict(Nomination.objects.filter(offer=offer).values_list("pk", "status")) == \
        first_status


def test_recomputing_the_draw_from_the_recorded_seed_gives_the_recorded_result(
        offer, nominated, leisure_office):
    offer_allocate(actor=leisure_office, offer=offer)
    offer.refresh_from_db()
    nominations = list(Nomination.objects.filter(offer=offer))
    assert offer.seed is not None
    assert draw_check(offer, nominations) is True
    # Tampering with the recorded order is detected.
    first = next(n for n in nominations if n.drawn_status == S.WAITLISTED)
    first.drawn_status = S.ALLOCATED
    assert draw_check(offer, nominations) is False


def test_the_waitlist_moves_up_when_a_family_declines(offer, nominated, leisure_office):
    offer_allocate(actor=leisure_office, offer=offer, seed=7)
    allocated = list(Nomination.objects.filter(offer=offer, status=S.ALLOCATED))
    leaving = max(allocated, key=lambda n: n.persons)
    free = offer.capacity - sum(n.persons for n in allocated) + leaving.persons
    waitlist = list(Nomination.objects.filter(offer=offer, status=S.WAITLISTED)
                    .order_by("waitlist_position"))
    expected, left = [], free
    for n in waitlist:
        if n.persons <= left:
            expected.append(n.pk)
            left -= n.persons
    promoted = nomination_decline(actor=leisure_office, nomination=leaving,
                                  reason="Skal på besøk til besteforeldre")
    assert [n.pk for n in promoted] == expected and expected
    leaving.refresh_from_db()
    assert leaving.status == S.DECLINED
    now_allocated = Nomination.objects.filter(offer=offer, status=S.ALLOCATED)
    assert sum(n.persons for n in now_allocated) <= offer.capacity
    remaining = list(Nomination.objects.filter(offer=offer, status=S.WAITLISTED)
                     .order_by("waitlist_position"))
    assert [n.waitlist_position for n in remaining] == list(range(1, len(remaining) + 1))
    kinds = list(QueueEvent.objects.filter(nomination__offer=offer)
                 .exclude(kind__startswith="drawn").values_list("kind", "reason"))
    assert ("declined", "Skal på besøk til besteforeldre") in kinds
    assert kinds.count(("promoted", "plass ledig etter at en familie takket nei")) == \
        len(expected)


def test_a_manual_move_needs_a_reason_and_is_logged(offer, nominated, leisure_office):
    offer_allocate(actor=leisure_office, offer=offer, seed=7)
    waitlist = list(Nomination.objects.filter(offer=offer, status=S.WAITLISTED)
                    .order_by("waitlist_position"))
    last = waitlist[-1]
    with pytest.raises(InvalidInput) as err:
        waitlist_move(actor=leisure_office, nomination=last, to_position=1, reason=" ")
    assert "må ha en begrunnelse" in err.value.summary()
    moved = waitlist_move(actor=leisure_office, nomination=last, to_position=1,
                          reason="Akutt behov meldt av barnevernet")
    assert moved.waitlist_position == 1
    event = QueueEvent.objects.get(kind="moved")
    assert (event.from_position, event.to_position, event.by) == (len(waitlist), 1,
                                                                  leisure_office)
    audit = AuditEvent.objects.get(object_type="passes.nomination", object_id=str(last.pk),
                                   action="update")
    assert "Akutt behov" in audit.detail


def test_nominations_close_when_the_places_are_drawn(offer, nominated, family, nav_partner,
                                                    leisure_office):
    offer_allocate(actor=leisure_office, offer=offer, seed=1)
    with pytest.raises(Conflict):
        nominate(offer, family(3), nav_partner)
    with pytest.raises(Conflict):
        offer_allocate(actor=leisure_office, offer=offer, seed=2)


def test_a_service_sees_only_its_own_units_nominations(client_as, offer, family, nav_partner,
                                                       health_partner):
    from levekar.people.models import Person

    by_nav = nominate(offer, family(3), nav_partner)
    by_health = nominate(offer, family(4), health_partner)
    page = client_as("helsestasjon1").get(f"/fritid/ferie/{offer.pk}/nominer/").content.decode()
    name = {n.pk: Person.objects.filter(household=n.household).first().full_name
            for n in (by_nav, by_health)}
    assert name[by_health.pk] in page
    assert name[by_nav.pk] not in page
    assert client_as("helsestasjon1").get(f"/fritid/ferie/{offer.pk}/").status_code == 403


def test_a_service_nominates_by_national_id_through_the_page(client_as, offer, municipality,
                                                            nav_partner):
    from levekar.people.services import household_create, person_create

    household = household_create(actor=nav_partner, municipality=municipality)
    person_create(actor=nav_partner, household=household, first_name="Mor", last_name="Li",
                  national_id=_valid_fnr())
    from levekar.people.models import Person

    Person.objects.create(household=household, first_name="Barn", last_name="Li",
                          birth_date=child_age_on_start(8))
    client = client_as("nav1")
    response = client.post(f"/fritid/ferie/{offer.pk}/nominer/", {
        "national_id": _valid_fnr(), "need": 4, "reason": "Trenger ferie sammen",
        "basis": "service_case", "shares_contact": "on", "transport_need": "Rullestol"},
        follow=True)
    assert "Familien er nominert." in response.content.decode()
    nomination = Nomination.objects.get()
    assert (nomination.persons, nomination.shares_contact, nomination.transport_need) == (
        2, True, "Rullestol")
    bad = client.post(f"/fritid/ferie/{offer.pk}/nominer/", {
        "national_id": "12345678901", "need": 4, "reason": "x"})
    assert "Fødselsnummeret er ikke gyldig" in bad.content.decode()


def _valid_fnr():
    from stdnum.no import fodselsnummer

    for individual in range(100, 200):
        body = f"150585{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(body)
        if len(k1) != 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(body + k1)
        if len(k2) == 1:
            return body + k1 + k2
    raise AssertionError


def test_the_organiser_list_has_the_families_with_places(client_as, offer, nominated):
    # Only the need-5 family of 3 agreed to share its contact details and transport need.
    Nomination.objects.filter(pk=nominated[1].pk).update(
        shares_contact=True, transport_need="Henting på Lillestrøm stasjon")
    client = client_as("fritid1")
    client.post(f"/fritid/ferie/{offer.pk}/fordel/", {"seed": 5})
    response = client.get(f"/fritid/ferie/{offer.pk}/liste-tildelt.csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == ("nr;kontaktperson;deler_kontaktinfo;telefon;epost;adresse;postnummer;"
                        "poststed;transportbehov;personer;barnas_alder;sprak")
    allocated = Nomination.objects.filter(offer=offer, status=S.ALLOCATED).count()
    assert len(lines) == allocated + 1
    assert AuditEvent.objects.filter(action="export", object_type="passes.holidayoffer").exists()
    # One byte-order mark (for Excel), and each row names the family's adult and the
    # children's ages on the first day: the need-5 family of 3 has children of 3 and 9.
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert not response.content.startswith(b"\xef\xbb\xbf" * 2)
    household = nominated[1].household
    adult = household.members.order_by("birth_date").first()
    row = next(line.split(";") for line in lines[1:] if household.street in line)
    assert (row[1], row[2], row[5], row[8], row[9], row[10]) == (
        adult.full_name, "ja", household.street, "Henting på Lillestrøm stasjon", "3", "3, 9")
    # Families that did not agree: the contact person's name, nothing to reach them by.
    others = [line.split(";") for line in lines[1:] if household.street not in line]
    assert others and all(r[1] and r[2] == "nei" and r[3:9] == [""] * 6 for r in others)


def test_no_more_persons_travel_than_the_household_has(offer, family, nav_partner):
    household = family(4)
    with pytest.raises(InvalidInput, match="Husstanden har 4 personer registrert; 9 kan ikke"):
        nominate(offer, household, nav_partner, persons=9)
    assert not Nomination.objects.exists()
    assert nominate(offer, household, nav_partner, persons=3).persons == 3


def test_the_leisure_office_sees_need_and_service_but_never_the_reason(
        client_as, offer, family, nav_partner):
    nomination_create(actor=nav_partner, offer=offer, household=family(3), need=4,
                      reason="Far er sykmeldt", persons=3, basis="service_case")
    page = client_as("fritid1").get(f"/fritid/ferie/{offer.pk}/").content.decode()
    assert "NAV" in page and "sykmeldt" not in page
