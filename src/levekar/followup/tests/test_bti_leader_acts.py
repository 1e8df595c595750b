"""The BTI leader acts on the overview (issue 11, item 6): distributes a coordinator's
cases to another coordinator of the municipality (through the one handover service) and
reminds the coordinators concerned by a count, once a day per coordinator and topic.

The matrix: the leader of the municipality may; a coordinator may not; a leader of another
municipality may not. Each handover leaves a ``case.handover`` audit row."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from levekar.core.audit import Purpose
from levekar.core.audit_kinds import AuditKind as Kind
from levekar.core.errors import AccessDenied, Conflict, InvalidInput
from levekar.core.models import AuditEvent, Municipality, OrgUnit, OutboundMessage, User
from levekar.core.roles import Role
from levekar.followup import selectors, services
from levekar.followup.models import Case, CaseHandover, WorklistNotice
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import open_family

pytestmark = pytest.mark.django_db


def _staff(username: str, role: str, unit: OrgUnit) -> User:
    user = User.objects.create(username=username, first_name="Ola", last_name=username,
                               email=f"{username}@example.no", org_unit=unit)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def elsewhere(demo_org):
    """Another municipality with its own BTI leader and coordinator."""
    other = Municipality.objects.create(code="3405", name="Lillehammer")
    unit = OrgUnit.objects.create(municipality=other, code="oppvekst-lillehammer",
                                  name="Oppvekst Lillehammer")
    return {"leader": _staff("btileder-lhm", Role.BTI_COORDINATOR, unit),
            "coordinator": _staff("koordinator-lhm", Role.COORDINATOR, unit)}


@pytest.fixture
def cases(demo_org, coordinator, zones):
    return [open_family(coordinator, serial=i)[0] for i in (1, 2, 3)]


def _reassign(actor, coordinator, cases, to, reason="Kari går ut i permisjon."):
    return services.caseload_reassign(actor=actor, from_coordinator=coordinator,
                                      case_ids=[c.pk for c in cases], to=to, reason=reason)


# --- Fordel saker: who may -------------------------------------------------------------------

def test_the_leader_hands_chosen_cases_to_another_coordinator(
        bti_leader, coordinator, colleague, cases, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = _reassign(bti_leader, coordinator, cases[:2], colleague)
    assert [h.case_id for h in done] == [cases[0].pk, cases[1].pk]
    coordinators = dict(Case.objects.values_list("pk", "coordinator_id"))
    assert coordinators == {cases[0].pk: colleague.pk, cases[1].pk: colleague.pk,
                            cases[2].pk: coordinator.pk}
    assert set(CaseHandover.objects.values_list("case_id", "from_coordinator_id",
                                                "to_coordinator_id", "handed_by_id")) == {
        (c.pk, coordinator.pk, colleague.pk, bti_leader.pk) for c in cases[:2]}
    events = AuditEvent.objects.filter(kind=Kind.CASE_HANDOVER)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        str(c.pk) for c in cases[:2])
    assert set(events.values_list("actor_username", flat=True)) == {bti_leader.username}
    mails = OutboundMessage.objects.filter(reference__startswith="followup.handover:")
    assert mails.count() == 2 and {m.to for m in mails} == {colleague.email}
    assert not any("Ahmadi" in m.body for m in mails)


def test_a_coordinator_may_not_distribute_cases(coordinator, colleague, cases):
    with pytest.raises(AccessDenied):
        _reassign(colleague, coordinator, cases[:1], colleague)
    with pytest.raises(AccessDenied):
        _reassign(coordinator, coordinator, cases[:1], colleague)
    assert not CaseHandover.objects.exists()
    assert not AuditEvent.objects.filter(kind=Kind.CASE_HANDOVER).exists()


def test_a_leader_of_another_municipality_may_not(coordinator, colleague, cases, elsewhere):
    with pytest.raises(AccessDenied):
        _reassign(elsewhere["leader"], coordinator, cases[:1], colleague)
    with pytest.raises(AccessDenied):
        services.case_handover(actor=elsewhere["leader"], case=cases[0], to=colleague,
                               reason="Tar saken")
    assert Case.objects.get(pk=cases[0].pk).coordinator == coordinator
    assert not AuditEvent.objects.filter(kind=Kind.CASE_HANDOVER).exists()


# --- Fordel saker: bad input and a stale selection ------------------------------------------

def test_no_case_no_reason_and_the_same_coordinator_are_named(bti_leader, coordinator, cases):
    with pytest.raises(InvalidInput) as exc:
        _reassign(bti_leader, coordinator, [], coordinator, reason=" ")
    assert {p.field for p in exc.value.problems} == {"saker", "begrunnelse", "ny koordinator"}
    assert "annen koordinator" in " ".join(p.message for p in exc.value.problems)
    assert not CaseHandover.objects.exists()


def test_a_coordinator_of_another_municipality_is_refused(bti_leader, coordinator, cases,
                                                          elsewhere):
    with pytest.raises(InvalidInput) as exc:
        _reassign(bti_leader, coordinator, cases[:1], elsewhere["coordinator"])
    assert [(p.field, p.message) for p in exc.value.problems] == [
        ("ny koordinator", "Velg en aktiv familiekoordinator i kommunen.")]
    assert Case.objects.get(pk=cases[0].pk).coordinator == coordinator


def test_a_case_handed_over_meanwhile_is_a_conflict_and_nothing_moves(
        bti_leader, coordinator, colleague, demo_org, cases):
    services.case_handover(actor=coordinator, case=cases[0], to=colleague, reason="Permisjon")
    third = demo_org["users"].get("koordinator3") or _staff(
        "koordinator3", Role.COORDINATOR, coordinator.org_unit)
    with pytest.raises(Conflict) as exc:
        _reassign(bti_leader, coordinator, cases[:2], third)
    assert "1 av de valgte sakene" in exc.value.message
    assert dict(Case.objects.values_list("pk", "coordinator_id")) == {
        cases[0].pk: colleague.pk, cases[1].pk: coordinator.pk, cases[2].pk: coordinator.pk}
    assert CaseHandover.objects.count() == 1


# --- Påminn: per count, once a day per coordinator and topic ---------------------------------

def _overdue_day(cases) -> dt.date:
    """A day when every start mapping of ``cases`` is overdue."""
    return max(c.start_date for c in cases) + dt.timedelta(days=45)


def test_the_leader_reminds_the_coordinators_concerned_once_a_day(
        bti_leader, coordinator, colleague, cases, django_capture_on_commit_callbacks):
    today = _overdue_day(cases)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.coordinators_remind_topic(actor=bti_leader,
                                                    topic="mappings_overdue", today=today)
    # koordinator2 has no case: not concerned, not reminded.
    assert (report.sent, report.already_sent, report.recipients) == (1, 0, [coordinator.pk])
    notice = WorklistNotice.objects.get()
    assert (notice.recipient, notice.topic, notice.sent_by) == (
        coordinator, "mappings_overdue", bti_leader)
    assert notice.counts == {"mappings_overdue": 3}
    mail = OutboundMessage.objects.get(reference__startswith="followup.worklist:reminder:")
    assert mail.to == coordinator.email
    assert ": 3" in mail.body and reverse("followup:worklist") in mail.body
    assert "Ahmadi" not in mail.body and "Leila" not in mail.body
    # A second press the same day sends nothing; another topic or the whole list still can.
    again = services.coordinators_remind_topic(actor=bti_leader, topic="mappings_overdue",
                                               today=today)
    assert (again.sent, again.already_sent) == (0, 1)
    services.coordinator_remind(actor=bti_leader, coordinator=coordinator, today=today)
    assert WorklistNotice.objects.count() == 2
    # The next day it can be sent again.
    later = services.coordinators_remind_topic(actor=bti_leader, topic="mappings_overdue",
                                               today=today + dt.timedelta(days=1))
    assert later.sent == 1
    overview = selectors.bti_overview(today=today, municipality_id=coordinator.org_unit
                                      .municipality_id)
    metric = next(m for m in overview.metrics if m.key == "mappings_overdue")
    assert (metric.concerned, metric.reminded_today, metric.can_remind) == (1, 1, False)


def test_a_coordinator_or_another_municipalitys_leader_reminds_nobody(
        coordinator, cases, elsewhere):
    today = _overdue_day(cases)
    with pytest.raises(AccessDenied):
        services.coordinators_remind_topic(actor=coordinator, topic="mappings_overdue",
                                           today=today)
    report = services.coordinators_remind_topic(actor=elsewhere["leader"],
                                                topic="mappings_overdue", today=today)
    assert report.sent == 0
    with pytest.raises(AccessDenied):
        services.coordinator_remind(actor=elsewhere["leader"], coordinator=coordinator,
                                    today=today)
    assert not WorklistNotice.objects.exists()
    assert not OutboundMessage.objects.filter(reference__startswith="followup.worklist").exists()


def test_an_unknown_topic_is_named(bti_leader):
    with pytest.raises(InvalidInput) as exc:
        services.coordinators_remind_topic(actor=bti_leader, topic="names")
    assert [p.field for p in exc.value.problems] == ["tema"]


# --- the pages --------------------------------------------------------------------------------

def _reassign_url(user) -> str:
    return reverse("followup:caseload_reassign", args=[user.pk])


@pytest.mark.parametrize("n", [1, 3])
def test_the_reassign_page_lists_case_numbers_without_names_in_constant_queries(
        client_as, coordinator, zones, django_assert_max_num_queries, n):
    made = [open_family(coordinator, serial=i)[0] for i in range(n)]
    client = client_as("bti1")
    with django_assert_max_num_queries(16):
        page = client.get(_reassign_url(coordinator))
    html = page.content.decode()
    assert page.status_code == 200
    for case in made:
        assert f'value="{case.pk}"' in html
    assert "Ahmadi" not in html and "Leila" not in html and "Strømsveien" not in html
    assert ">Familien" not in html
    event = AuditEvent.objects.filter(kind=Kind.CASE_LIST_READ,
                                      purpose=Purpose.BTI_LEADER_ALLOCATION).get()
    assert event.subjects.count() == 4 * n


def test_the_reassign_page_names_the_fields_and_writes_nothing(client_as, coordinator, cases):
    page = client_as("bti1").post(_reassign_url(coordinator), {"reason": ""})
    html = page.content.decode()
    assert page.status_code == 200
    for message in ("Velg minst én sak som skal overføres.", "Oppgi hvorfor sakene overføres.",
                    "Velg den nye familiekoordinatoren."):
        assert message in html
    assert not CaseHandover.objects.exists()


def test_the_reassign_page_hands_over_and_a_stale_selection_gets_the_conflict_page(
        client_as, coordinator, colleague, cases):
    client = client_as("bti1")
    response = client.post(_reassign_url(coordinator), {
        "cases": [cases[0].pk], "to": colleague.pk, "reason": "Jevnere fordeling"})
    assert response.status_code == 302 and response.url == reverse("followup:bti_overview")
    assert Case.objects.get(pk=cases[0].pk).coordinator == colleague
    # The same form posted again: the case is no longer koordinator1's.
    stale = client.post(_reassign_url(coordinator), {
        "cases": [cases[0].pk, cases[1].pk], "to": colleague.pk, "reason": "Jevnere"})
    assert stale.status_code == 409
    assert "ikke lenger åpne hos" in stale.content.decode()
    assert Case.objects.get(pk=cases[1].pk).coordinator == coordinator
    assert CaseHandover.objects.count() == 1


def test_the_reassign_page_of_another_municipalitys_coordinator_is_not_found(
        client_as, elsewhere):
    assert client_as("bti1").get(_reassign_url(elsewhere["coordinator"])).status_code == 404


def test_the_overview_offers_to_distribute_and_to_remind_by_count(client_as, coordinator,
                                                                   cases):
    client = client_as("bti1")
    html = client.get(reverse("followup:bti_overview")).content.decode()
    assert _reassign_url(coordinator) in html
    remind = reverse("followup:coordinators_remind_topic", args=["no_stafettholder"])
    assert remind not in html  # nobody has a child at level 1 without a stafettholder
    response = client.post(reverse("followup:coordinators_remind_topic",
                                   args=["mappings_overdue"]), follow=True)
    assert "Påminnelser sendt: 0." in response.content.decode()
