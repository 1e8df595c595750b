"""The case lives for five years: members are corrected, leave, die and are born; the
household moves (address history, crowding before and after); the case is handed over
and reopened. Each write goes through the services and leaves an audit row."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from levekar.core.audit import Purpose
from levekar.core.audit_kinds import AuditKind as Kind
from levekar.core.errors import AccessDenied, Conflict, InvalidInput
from levekar.core.models import AuditEvent, OutboundMessage
from levekar.followup import selectors, services
from levekar.followup.models import Case, CaseHandover, CaseMember
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import birth_for_age, nid_for_age
from levekar.people.models import HouseholdAddress, Person

pytestmark = pytest.mark.django_db


def _events(detail: str):
    return AuditEvent.objects.filter(detail__contains=detail)


def _persons(event) -> set[int]:
    return set(event.subjects.values_list("person_id", flat=True))


def _member(case, person) -> CaseMember:
    return CaseMember.objects.select_related("person").get(case=case, person=person)


# --- members ------------------------------------------------------------------------------

def test_a_newly_arrived_child_gets_a_fodselsnummer_later(journey, coordinator):
    case, persons = journey["case"], journey["persons"]
    child = persons["child4"]
    assert child.national_id is None
    nid = nid_for_age(4, 77)
    services.member_update(actor=coordinator, case=case, member=_member(case, child),
                           first_name=child.first_name, last_name=child.last_name,
                           national_id=nid, expected_version=child.version)
    child.refresh_from_db()
    assert child.national_id == nid and child.version == 2
    event = _events("personopplysninger rettet").get()
    # The event names the field that changed, never the number itself.
    assert event.detail == "personopplysninger rettet: fødselsnummer"
    assert _persons(event) == {child.pk} and nid not in event.detail


def test_a_d_number_is_replaced_by_a_fodselsnummer_and_names_corrected(journey, coordinator):
    case, mother = journey["case"], journey["persons"]["mother"]
    new = nid_for_age(38, 301)
    services.member_update(actor=coordinator, case=case, member=_member(case, mother),
                           first_name="Leyla", last_name=mother.last_name, national_id=new,
                           expected_version=mother.version)
    mother.refresh_from_db()
    assert (mother.first_name, mother.national_id) == ("Leyla", new)
    assert _events("fornavn, fødselsnummer").exists()


@pytest.mark.parametrize("nid, field", [
    ("12345678901", "fødselsnummer"),   # check digits wrong
    ("123", "fødselsnummer"),
])
def test_a_bad_number_is_refused_naming_the_field_and_nothing_changes(
        journey, coordinator, nid, field):
    case, mother = journey["case"], journey["persons"]["mother"]
    before = (mother.first_name, mother.national_id, mother.version)
    with pytest.raises(InvalidInput) as exc:
        services.member_update(actor=coordinator, case=case, member=_member(case, mother),
                               first_name="Ny", last_name="", national_id=nid)
    assert {p.field for p in exc.value.problems} == {field, "etternavn"}
    mother.refresh_from_db()
    assert (mother.first_name, mother.national_id, mother.version) == before
    assert not _events("personopplysninger rettet").exists()


def test_a_number_taken_by_another_person_is_refused(journey, coordinator):
    case, persons = journey["case"], journey["persons"]
    with pytest.raises(InvalidInput, match="kan ikke brukes med dette navnet"):
        services.member_update(actor=coordinator, case=case,
                               member=_member(case, persons["child4"]), first_name="Barn4",
                               last_name="Ahmadi0",
                               national_id=persons["mother"].national_id)


def test_an_edit_from_an_older_version_is_a_conflict(journey, coordinator):
    case, mother = journey["case"], journey["persons"]["mother"]
    old = mother.version
    services.member_update(actor=coordinator, case=case, member=_member(case, mother),
                           first_name="Leyla", last_name=mother.last_name,
                           national_id=mother.national_id, expected_version=old)
    with pytest.raises(Conflict):
        services.member_update(actor=coordinator, case=case, member=_member(case, mother),
                               first_name="Lejla", last_name=mother.last_name,
                               national_id=mother.national_id, expected_version=old)
    mother.refresh_from_db()
    assert mother.first_name == "Leyla"


def test_a_member_moves_out_and_one_dies(journey, coordinator):
    case, persons = journey["case"], journey["persons"]
    day = timezone.localdate() - dt.timedelta(days=3)
    services.member_leave(actor=coordinator, case=case, member=_member(case, persons["child16"]),
                          left_on=day, reason="moved")
    services.member_leave(actor=coordinator, case=case, member=_member(case, persons["mother"]),
                          left_on=day, reason="died")
    moved, died = _member(case, persons["child16"]), _member(case, persons["mother"])
    assert (moved.left_on, moved.left_reason, moved.taking_part) == (day, "moved", False)
    assert died.left_reason == "died" and died.person.died_on == day
    assert AuditEvent.objects.filter(purpose=Purpose.MEMBER_MOVED_OUT).count() == 1
    assert AuditEvent.objects.filter(purpose=Purpose.MEMBER_DIED).count() == 1
    death = AuditEvent.objects.get(kind=Kind.PERSON_DEATH)
    assert death.detail == ""  # "registrerte et dødsfall" says it all
    with pytest.raises(InvalidInput, match="allerede"):
        services.member_leave(actor=coordinator, case=case, member=moved, left_on=day,
                              reason="moved")


def test_the_familys_bti_level_follows_the_children_still_at_home(journey, coordinator,
                                                                  health_partner):
    case = journey["case"]
    oldest, younger = child_of(case), child_of(case, 1)  # noqa: F405
    bti_set(actor=coordinator, case=case, to_level=1, reason="Tiltak i helsestasjonen.",  # noqa: F405
            holder=health_partner, child=oldest)
    case.refresh_from_db()
    assert case.bti_level == 1
    services.member_leave(actor=coordinator, case=case, member=oldest,
                          left_on=timezone.localdate(), reason="moved")
    case.refresh_from_db()
    assert (case.bti_level, younger.bti_level) == (0, 0)


def test_leaving_in_the_future_or_without_a_reason_is_refused(journey, coordinator):
    case, child = journey["case"], journey["persons"]["child11"]
    with pytest.raises(InvalidInput) as exc:
        services.member_leave(actor=coordinator, case=case, member=_member(case, child),
                              left_on=timezone.localdate() + dt.timedelta(days=1), reason="")
    assert {p.field for p in exc.value.problems} == {"årsak", "dato"}
    assert _member(case, child).left_on is None


def test_a_birth_is_a_new_member(journey, coordinator):
    case = journey["case"]
    cm = services.member_add(actor=coordinator, case=case, member=services.MemberInput(
        "Nyfødt", "Ahmadi0", CaseMember.Role.CHILD, birth_date=timezone.localdate()))
    assert cm.person.household_id == case.household_id
    assert AuditEvent.objects.filter(kind=Kind.CASE_MEMBER_ADD, purpose="",
                                     subjects__person_id=cm.person_id).exists()


# --- a move, end to end ---------------------------------------------------------------------

def test_a_move_keeps_the_address_history_and_shows_crowding_before_and_after(
        journey, coordinator, zones):
    case = journey["case"]
    household = case.household
    moved_on = timezone.localdate() - dt.timedelta(days=10)
    services.household_move_record(
        actor=coordinator, case=case, street="Stasjonsveien 3", postcode="2011",
        city="Strømmen", zone=zones["3205-04"], moved_on=moved_on, rooms=5, previous_rooms=2,
        expected_version=household.version)
    household.refresh_from_db()
    assert (household.street, household.zone.code) == ("Stasjonsveien 3", "3205-04")
    before, after = HouseholdAddress.objects.filter(household=household)
    assert (before.street, before.moved_on, before.zone.code) == ("Strømsveien 41 B", None,
                                                                  "3205-03")
    assert (after.moved_on, after.rooms) == (moved_on, 5)
    event = AuditEvent.objects.get(kind=Kind.HOUSEHOLD_MOVE)
    assert event.detail == ""
    assert _persons(event) == {p.pk for p in journey["persons"].values()}
    rows = selectors.address_history(case, selectors.case_members(case))
    # Four persons: crowded in two rooms, not in five ("Større bolig" reached).
    assert [(r.persons, r.crowded) for r in rows] == [(4, True), (4, False)]
    assert selectors.crowding_ended(rows) == rows[1]
    assert selectors.crowding_ended(rows[:1]) is None


def test_a_move_with_bad_input_names_the_fields_and_writes_nothing(journey, coordinator,
                                                                   zones):
    case = journey["case"]
    with pytest.raises(InvalidInput) as exc:
        services.household_move_record(
            actor=coordinator, case=case, street=" ", postcode="20", city="Strømmen",
            zone=zones["3205-04"], moved_on=timezone.localdate() + dt.timedelta(days=2),
            rooms=0)
    assert {p.field for p in exc.value.problems} == {"adresse", "postnummer", "flyttedato",
                                                     "rom"}
    assert not HouseholdAddress.objects.exists()
    case.household.refresh_from_db()
    assert case.household.street == "Strømsveien 41 B" and case.household.version == 1


def test_a_move_must_come_after_the_last_one_and_an_old_form_is_a_conflict(
        journey, coordinator, zones):
    case = journey["case"]
    day = timezone.localdate() - dt.timedelta(days=30)
    services.household_move_record(actor=coordinator, case=case, street="A 1", postcode="2000",
                                   city="Lillestrøm", zone=None, moved_on=day,
                                   expected_version=1)
    with pytest.raises(Conflict):
        services.household_move_record(actor=coordinator, case=case, street="B 2",
                                       postcode="2000", city="Lillestrøm", zone=None,
                                       moved_on=day + dt.timedelta(days=1),
                                       expected_version=1)
    with pytest.raises(InvalidInput, match="etter forrige flytting"):
        services.household_move_record(actor=coordinator, case=case, street="B 2",
                                       postcode="2000", city="Lillestrøm", zone=None,
                                       moved_on=day, expected_version=2)
    assert HouseholdAddress.objects.count() == 2


def test_the_move_page_records_a_move_and_the_case_page_shows_it(client_as, journey, zones):
    case = journey["case"]
    client = client_as("koordinator1")
    url = reverse("followup:household_move", args=[case.pk])
    day = timezone.localdate() - dt.timedelta(days=5)
    response = client.post(url, {"version": "1", "moved_on": day.isoformat(),
                                 "street": "Stasjonsveien 3", "postcode": "2011",
                                 "city": "Strømmen", "zone": zones["3205-04"].pk,
                                 "rooms": "5", "previous_rooms": "2"})
    assert response.status_code == 302
    page = client.get(reverse("followup:case_detail", args=[case.pk])).content.decode()
    assert "Stasjonsveien 3" in page and day.strftime("%d.%m.%Y") in page
    assert 'data-testid="crowding-ended"' in page  # two rooms before, five after
    # The same form posted again from the old version: the conflict page, input kept.
    response = client.post(url, {"version": "1", "moved_on": day.isoformat(),
                                 "street": "Annen vei 9", "postcode": "2011",
                                 "city": "Strømmen", "zone": zones["3205-04"].pk})
    assert response.status_code == 409
    text = response.content.decode()
    assert 'data-testid="conflict"' in text and "Annen vei 9" in text
    assert HouseholdAddress.objects.count() == 2


def test_the_move_page_names_the_bad_field(client_as, journey, zones):
    client = client_as("koordinator1")
    response = client.post(reverse("followup:household_move", args=[journey["case"].pk]),
                           {"version": "1", "moved_on": "2020-01-01", "street": "X 1",
                            "postcode": "abc", "city": "Strømmen",
                            "zone": zones["3205-04"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["postcode"]
    assert not HouseholdAddress.objects.exists()


# --- a handover, end to end -----------------------------------------------------------------

def test_a_handover_moves_the_case_and_tells_the_new_coordinator(
        journey, coordinator, colleague, client_as, django_capture_on_commit_callbacks):
    case = journey["case"]
    with django_capture_on_commit_callbacks():
        handover = services.case_handover(actor=coordinator, case=case, to=colleague,
                                          reason="Kari går ut i permisjon.")
    case.refresh_from_db()
    assert case.coordinator == colleague
    assert (handover.from_coordinator, handover.to_coordinator) == (coordinator, colleague)
    mail = OutboundMessage.objects.get(reference=f"followup.handover:{handover.pk}")
    assert mail.to == colleague.email
    assert f"/familier/{case.pk}/" in mail.body
    for person in journey["persons"].values():
        assert person.first_name not in mail.body and person.last_name not in mail.body
    event = AuditEvent.objects.get(kind=Kind.CASE_HANDOVER)
    assert event.detail == ""  # "overførte familieløpet til en annen familiekoordinator"
    assert event.actor_username == coordinator.username
    assert _persons(event) == {p.pk for p in journey["persons"].values()}
    # The old coordinator has no access any more; the new one has.
    assert client_as("koordinator1").get(
        reverse("followup:case_detail", args=[case.pk])).status_code == 404
    page = client_as("koordinator2").get(reverse("followup:case_detail", args=[case.pk]))
    assert page.status_code == 200 and "Kari går ut i permisjon." in page.content.decode()


def test_a_handover_needs_a_reason_and_another_coordinator(journey, coordinator, nav_partner,
                                                           colleague):
    case = journey["case"]
    with pytest.raises(InvalidInput) as exc:
        services.case_handover(actor=coordinator, case=case, to=nav_partner, reason=" ")
    assert {p.field for p in exc.value.problems} == {"begrunnelse", "ny koordinator"}
    with pytest.raises(AccessDenied):
        services.case_handover(actor=colleague, case=case, to=colleague, reason="Vil ha den")
    assert not CaseHandover.objects.exists()
    assert Case.objects.get(pk=case.pk).coordinator == coordinator


def test_a_closed_case_is_reopened_with_a_reason(journey, coordinator):
    case = journey["case"]
    services.case_status_change(actor=coordinator, case=case, status="closed",
                                reason="Målene nådd.")
    with pytest.raises(InvalidInput) as exc:
        services.case_status_change(actor=coordinator, case=case, status="active", reason="")
    assert exc.value.problems[0].field == "begrunnelse"
    services.case_status_change(actor=coordinator, case=case, status="active",
                                reason="Ny krise i familien.")
    case.refresh_from_db()
    assert (case.status, case.status_reason) == ("active", "Ny krise i familien.")
    assert AuditEvent.objects.filter(purpose=Purpose.CASE_REOPENED).count() == 1


def test_the_birth_date_follows_a_new_fodselsnummer(journey, coordinator):
    case, child = journey["case"], journey["persons"]["child4"]
    nid = nid_for_age(4, 78)
    services.member_update(actor=coordinator, case=case, member=_member(case, child),
                           first_name="Barn4", last_name="Ahmadi0", national_id=nid,
                           birth_date=birth_for_age(30))
    assert Person.objects.get(pk=child.pk).birth_date.year == birth_for_age(4).year


def test_two_corrections_of_a_member_from_the_same_form_get_the_conflict_page(
        client_as, journey, coordinator):
    case, mother = journey["case"], journey["persons"]["mother"]
    member = _member(case, mother)
    url = reverse("followup:member_edit", args=[case.pk, member.pk])
    client = client_as("koordinator1")
    form = {"first_name": "Leyla", "last_name": mother.last_name,
            "national_id": mother.national_id, "role": "parent", "phone": "",
            "birth_date": mother.birth_date.isoformat(), "version": str(mother.version)}
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "first_name": "Lejla"})  # the same old version
    assert response.status_code == 409
    text = response.content.decode()
    assert 'data-testid="conflict"' in text and 'value="Lejla"' in text
    assert 'data-testid="saved-version"' in text and "Leyla" in text
    mother.refresh_from_db()
    assert mother.first_name == "Leyla"
    # Saving again from the conflict page (deliberately) replaces the saved version.
    assert client.post(url, {**form, "first_name": "Lejla",
                             "version": str(mother.version)}).status_code == 302
    mother.refresh_from_db()
    assert mother.first_name == "Lejla"


def test_an_empty_post_changes_nothing_and_names_the_fields(client_as, journey):
    case, mother = journey["case"], journey["persons"]["mother"]
    url = reverse("followup:member_edit", args=[case.pk, _member(case, mother).pk])
    response = client_as("koordinator1").post(url, {})
    assert response.status_code == 200
    assert {"first_name", "last_name", "version"} <= set(response.context["form"].errors)
    mother.refresh_from_db()
    assert mother.first_name == "Leila" and mother.version == 1
