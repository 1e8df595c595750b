"""Adding or correcting a member does not tell whether a fødselsnummer is registered
(security review, finding 2): a number registered to someone of another name gets one
neutral answer, the right name adds the registered person, and every lookup by national
id is audited, found or not, even when the attempt is refused."""

import pytest
from django.urls import reverse

from levekar.core.audit import Kind, Purpose
from levekar.core.errors import InvalidInput
from levekar.core.models import AuditEvent
from levekar.followup import services
from levekar.followup.models import CaseMember
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import nid_for_age
from levekar.people.models import Person
from levekar.people.services import NATIONAL_ID_NOT_USABLE, person_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(coordinator):
    """A child registered elsewhere (another household, say from the register)."""
    return person_create(actor=coordinator, first_name="Ola", last_name="Nordmann",
                         national_id=nid_for_age(9, 77))


def _lookups(outcome: str):
    return AuditEvent.objects.filter(kind=Kind.PERSON_LOOKUP, detail=outcome)


def _post_member(client, case, **fields):
    return client.post(reverse("followup:member_add", args=[case.pk]),
                       {"role": "child", **fields})


def test_a_registered_number_with_another_name_gets_the_neutral_answer_and_is_audited(
        client_as, journey, registered):
    case = journey["case"]
    response = _post_member(client_as("koordinator1"), case, first_name="Per",
                            last_name="Hansen", national_id=registered.national_id)
    page = response.content.decode()
    assert response.status_code == 200
    assert NATIONAL_ID_NOT_USABLE in page
    assert "finnes allerede" not in page and "allerede registrert" not in page
    assert not case.members.filter(person=registered).exists()
    assert Person.objects.filter(national_id=registered.national_id).count() == 1
    # The refused attempt's lookup is in the log, naming the person looked up.
    event = _lookups("navnet stemmer ikke").get()
    assert event.actor.username == "koordinator1"
    assert list(event.subjects.values_list("person_id", flat=True)) == [registered.pk]


def test_the_right_name_adds_the_registered_person_not_a_copy(coordinator, journey,
                                                              registered):
    case = journey["case"]
    member = services.member_add(actor=coordinator, case=case, member=services.MemberInput(
        first_name=" ola ", last_name="NORDMANN", role="child",
        national_id=registered.national_id))
    assert member.person == registered
    assert Person.objects.filter(national_id=registered.national_id).count() == 1
    assert _lookups("treff").filter(object_id=str(registered.pk)).exists()
    with pytest.raises(InvalidInput, match="allerede med i dette familieløpet"):
        services.member_add(actor=coordinator, case=case, member=services.MemberInput(
            first_name="Ola", last_name="Nordmann", role="child",
            national_id=registered.national_id))


def test_an_unregistered_number_registers_a_new_person_and_the_lookup_is_audited(
        coordinator, journey):
    nid = nid_for_age(1, 78)
    member = services.member_add(actor=coordinator, case=journey["case"],
                                 member=services.MemberInput(
                                     first_name="Adam", last_name="Ahmadi", role="child",
                                     national_id=nid))
    assert member.person.national_id == nid
    assert _lookups("ingen treff").filter(purpose=Purpose.NEW_MEMBER,
                                          subjects__isnull=True).count() == 1


def test_opening_a_case_with_a_registered_number_and_a_wrong_name_opens_nothing(
        coordinator, registered, zones):
    from levekar.followup.models import Case

    members = [services.MemberInput("Mona", "Moe", "parent", national_id=nid_for_age(40, 79)),
               services.MemberInput("Oline", "Nordmann", "child",
                                    national_id=registered.national_id)]
    with pytest.raises(InvalidInput) as info:
        services.case_open(actor=coordinator, members=members, zone=zones["3205-03"])
    problem, = info.value.problems
    assert problem.message == NATIONAL_ID_NOT_USABLE and problem.file == "person 2"
    assert not Case.objects.exists()
    assert _lookups("navnet stemmer ikke").count() == 1
    assert _lookups("ingen treff").count() == 1


def test_correcting_a_member_to_another_persons_number_is_neutral_and_audited(
        client_as, journey, registered):
    case, child = journey["case"], journey["persons"]["child4"]
    member = CaseMember.objects.get(case=case, person=child)
    url = reverse("followup:member_edit", args=[case.pk, member.pk])
    response = client_as("koordinator1").post(url, {
        "first_name": "Ola", "last_name": "Nordmann", "role": "child",
        "national_id": registered.national_id, "version": child.version})
    page = response.content.decode()
    assert NATIONAL_ID_NOT_USABLE in page and "finnes allerede" not in page
    child.refresh_from_db()
    assert child.national_id is None
    event = AuditEvent.objects.get(purpose=Purpose.PERSON_CORRECTION)
    assert set(event.subjects.values_list("person_id", flat=True)) == {child.pk,
                                                                       registered.pk}
