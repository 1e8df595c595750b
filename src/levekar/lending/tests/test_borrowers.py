"""Borrowers: anyone registers with a name and a way to be reached; children under an
adult; institutions; deletion on request keeps the loans anonymously."""

import datetime as dt

import pytest
from django.utils import timezone

from levekar.core.audit_kinds import AuditKind as Kind
from levekar.core.errors import Conflict, InvalidInput
from levekar.core.models import AuditEvent
from levekar.lending import selectors, services
from levekar.lending.forms import BorrowerForm
from levekar.lending.models import Borrower, Loan, Reservation

T0 = timezone.make_aware(dt.datetime(2026, 3, 7, 11, 0))


def test_registration_keeps_a_normalised_phone_and_is_audited_without_persons(
        library, lending_desk):
    b = services.borrower_register(actor=lending_desk, name="  Kari   Nordmann ",
                                   phone="+47 912 34 567")
    assert (b.name, b.phone, b.phone_pretty) == ("Kari Nordmann", "91234567", "912 34 567")
    event = AuditEvent.objects.get(object_type="lending.borrower", object_id=str(b.pk))
    assert (event.action, event.kind, event.actor, event.detail) == (
        "create", Kind.BORROWER_CREATE, lending_desk, "")  # the kind's sentence says it
    assert not event.subjects.exists()


def test_a_borrower_needs_a_phone_or_an_email(library, lending_desk):
    with pytest.raises(InvalidInput) as exc:
        services.borrower_register(actor=lending_desk, name="Kari", phone="", email="")
    assert exc.value.problems[0].message == \
        "Oppgi mobilnummer eller e-post, så vi kan nå låntakeren."
    with pytest.raises(InvalidInput, match="«1234» er ikke et gyldig norsk telefonnummer"):
        services.borrower_register(actor=lending_desk, name="Kari", phone="1234")
    assert services.borrower_register(actor=lending_desk, name="Kari",
                                      email="kari@example.org").phone == ""


def test_registration_asks_nothing_about_income_or_need():
    """The service is universal: the form has no field about money, benefits or need."""
    assert set(BorrowerForm().fields) == {
        "kind", "name", "phone", "email", "birth_year", "institution_kind",
        "contact_person", "language", "shared_phone"}
    model_fields = {f.name for f in Borrower._meta.get_fields()}
    assert not {n for n in model_fields
                if any(w in n for w in ("income", "benefit", "need", "poor"))}


def test_children_are_co_borrowers_who_borrow_on_their_own_card(library, people,
                                                                 lending_desk):
    child = services.borrower_add_child(actor=lending_desk, guardian=people.father,
                                        name="Emma Berg", birth_year=2017)
    assert child.guardian == people.father and child.phone == ""
    checkout = services.loans_lend(actor=lending_desk, borrower=child, copy_numbers=[1001],
                                   location=library.library, now=T0)
    assert checkout.loans.get().borrower == child
    with pytest.raises(InvalidInput, match=r"Bare en voksen låntaker kan legge til barn\."):
        services.borrower_add_child(actor=lending_desk, guardian=child, name="Barnebarn")
    with pytest.raises(InvalidInput, match="Bare en voksen"):
        services.borrower_add_child(actor=lending_desk, guardian=people.school, name="Elev")


def test_an_institution_names_its_kind(library, lending_desk):
    with pytest.raises(InvalidInput, match="Velg hva slags institusjon"):
        services.borrower_register(actor=lending_desk, name="Kjeller barnehage",
                                   kind="institution", phone="40000003")
    b = services.borrower_register(actor=lending_desk, name="Kjeller barnehage",
                                   kind="institution", institution_kind="kindergarten",
                                   phone="40000003", birth_year=1990)
    assert b.is_institution and b.birth_year is None


def test_the_desk_finds_a_borrower_by_phone_name_or_card_number(library, people,
                                                                 lending_desk):
    child = services.borrower_add_child(actor=lending_desk, guardian=people.father,
                                        name="Emma Berg", birth_year=2017)

    def names(q):
        return [b.name for b in selectors.borrower_search(lending_desk, q=q)]

    assert names("912 34 567") == ["Jonas Berg"]
    assert names("+4791234567") == ["Jonas Berg"]
    assert names("34567") == ["Jonas Berg"]
    assert names("berg") == ["Emma Berg", "Jonas Berg"]
    assert names("BERG jonas") == ["Jonas Berg"]
    assert names(str(child.pk)) == ["Emma Berg"]
    assert names("amina@example") == ["Amina Said"]
    assert names("strømmen") == ["Strømmen skole"]
    assert names("") == []


def test_deletion_on_request_keeps_the_loans_without_name(library, people, lending_desk):
    child = services.borrower_add_child(actor=lending_desk, guardian=people.father,
                                        name="Emma Berg", birth_year=2017, phone="98765432")
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1001, 2001],
                        location=library.library, now=T0)
    services.loans_lend(actor=lending_desk, borrower=child, copy_numbers=[1050],
                        location=library.library, now=T0)
    services.reservation_create(actor=lending_desk, borrower=people.father, item=library.bag,
                                location=library.library, now=T0)
    before = selectors.usage_summary(year=2026)

    with pytest.raises(Conflict, match=r"Låntakeren har 3 utlån som ikke er levert\."):
        services.borrower_delete_on_request(actor=lending_desk, borrower=people.father)

    services.loans_return(actor=lending_desk, copy_numbers=[1001, 2001, 1050],
                          location=library.library, now=T0 + dt.timedelta(days=5))
    ids = services.borrower_delete_on_request(actor=lending_desk, borrower=people.father)
    assert sorted(ids) == sorted([people.father.pk, child.pk])

    for b in Borrower.objects.filter(pk__in=ids):
        assert (b.name, b.phone, b.email, b.birth_year, b.search_name) == ("", "", "", None, "")
        assert b.anonymised_at is not None and b.display_name == "Slettet låntaker"
    assert Borrower.objects.get(pk=child.pk).guardian_id == people.father.pk
    # The history stays, anonymous, and the year's figures do not change.
    assert Loan.objects.filter(borrower_id__in=ids).count() == 3
    assert selectors.usage_summary(year=2026) == before
    assert Reservation.objects.get(borrower=people.father).status == "cancelled"
    # Nobody finds them, and the desk cannot open them.
    assert selectors.borrower_search(lending_desk, q="berg") == []
    assert selectors.borrower_search(lending_desk, q="98765432") == []
    deletes = AuditEvent.objects.filter(action="delete", object_type="lending.borrower")
    assert sorted(int(e.object_id) for e in deletes) == sorted(ids)
    assert all(not e.subjects.exists() for e in deletes)
    with pytest.raises(Conflict, match="allerede slettet"):
        services.borrower_delete_on_request(actor=lending_desk,
                                            borrower=Borrower.objects.get(pk=people.father.pk))


def test_a_landline_is_refused_as_the_mobile_number(library, lending_desk):
    with pytest.raises(InvalidInput, match="fasttelefonnummer og kan ikke få SMS"):
        services.borrower_register(actor=lending_desk, name="Kari Nordmann",
                                   phone="64 00 00 00")
    assert not Borrower.objects.filter(name="Kari Nordmann").exists()
    b = services.borrower_register(actor=lending_desk, name="Kari Nordmann",
                                   phone="0047 912 34 567")
    assert b.phone == "91234567"


def test_a_mobile_number_already_registered_offers_the_existing_borrower(library, people,
                                                                         lending_desk):
    with pytest.raises(services.DuplicatePhone) as exc:
        services.borrower_register(actor=lending_desk, name="J. Berg", phone="+47 91234567")
    assert exc.value.existing == people.father
    assert "912 34 567 er allerede registrert på Jonas Berg" in exc.value.message
    assert not Borrower.objects.filter(name="J. Berg").exists()
    # The desk confirmed it is someone else who shares the number.
    other = services.borrower_register(actor=lending_desk, name="Sara Berg",
                                       phone="912 34 567", allow_shared_phone=True)
    assert other.phone == people.father.phone
    # Changing someone's number to another borrower's is refused too.
    with pytest.raises(services.DuplicatePhone):
        services.borrower_update(actor=lending_desk, borrower=people.mother,
                                 name="Amina Said", phone="91234567",
                                 email="amina@example.org")


def test_the_registration_page_links_to_the_borrower_who_has_the_number(client_as, library,
                                                                        people):
    desk = client_as("utlan1")
    form = {"kind": "person", "name": "J. Berg", "phone": "91234567", "email": "",
            "birth_year": "", "institution_kind": "", "contact_person": "", "language": "nb"}
    page = desk.post("/utstyr/utlan/lantakere/ny/", form)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/utstyr/utlan/lantakere/{people.father.pk}/"' in html
    assert "allerede registrert på Jonas Berg" in html
    assert not Borrower.objects.filter(name="J. Berg").exists()
    page = desk.post("/utstyr/utlan/lantakere/ny/", {**form, "shared_phone": "on"})
    assert page.status_code == 302
    assert Borrower.objects.filter(name="J. Berg", phone="91234567").exists()
