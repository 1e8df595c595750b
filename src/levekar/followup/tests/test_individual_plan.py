"""The individuell plan and the barnekoordinator as records (issue 11, item 2): a plan for
the family or one child with status and dates, the person responsible for it and the
barnekoordinator by name — a user or a named person without an account. Only full access
writes; every write and refusal is audited; edits carry a version."""

import datetime as dt

import pytest
from django.urls import reverse

from levekar.core.errors import AccessDenied, Conflict, InvalidInput
from levekar.core.models import AuditEvent
from levekar.followup import services as S
from levekar.followup.models import IndividualPlan, Participant
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import bti_set, child_of

pytestmark = pytest.mark.django_db

TEACHER = S.NewPerson(name="Tone Lærer", organisation="Strømmen skole",
                      contact="tone.laerer@skole.no")


def _events(kind, obj):
    return list(AuditEvent.objects.filter(kind=kind, object_type=obj._meta.label_lower,
                                          object_id=str(obj.pk)).order_by("pk"))


def test_a_plan_for_a_child_names_a_teacher_without_account_as_barnekoordinator(
        journey, coordinator):
    case, child = journey["case"], child_of(journey["case"])
    plan = S.individual_plan_create(
        actor=coordinator, case=case, member=child, status=IndividualPlan.Status.IN_PROGRESS,
        started_on=dt.date(2026, 11, 2), new_coordinator=TEACHER,
        coordinator_appointed_on=dt.date(2026, 11, 9), note="Skolen og PPT er med.")
    teacher = Participant.objects.get(case=case, name="Tone Lærer")
    assert (teacher.user, teacher.organisation, teacher.contact) == (
        None, "Strømmen skole", "tone.laerer@skole.no")
    plan.refresh_from_db()
    assert (plan.member, plan.child_coordinator, plan.coordinator_appointed_on,
            plan.created_by, plan.version) == (child, teacher, dt.date(2026, 11, 9),
                                               coordinator, 1)
    [event] = _events("bti.individual_plan.create", plan)
    assert event.actor == coordinator and event.action == "create"
    assert journey["persons"]["mother"].pk in set(event.subjects.values_list("person_id",
                                                                              flat=True))
    assert AuditEvent.objects.filter(kind="case.participant.add",
                                     object_id=str(teacher.pk)).count() == 1


def test_an_edit_is_audited_with_old_and_new_values_and_moves_the_version(
        journey, coordinator, health_partner):
    case = journey["case"]
    nurse = S.participant_add(actor=coordinator, case=case, user=health_partner)
    plan = S.individual_plan_create(actor=coordinator, case=case,
                                    status=IndividualPlan.Status.ASSESSING,
                                    started_on=dt.date(2026, 11, 2))
    S.individual_plan_update(actor=coordinator, plan=plan, status=IndividualPlan.Status.ADOPTED,
                             started_on=dt.date(2026, 11, 2), adopted_on=dt.date(2026, 12, 1),
                             responsible=nurse, child_coordinator=nurse,
                             coordinator_appointed_on=dt.date(2026, 12, 1),
                             note="Vedtatt i ansvarsgruppen.", expected_version=1)
    plan.refresh_from_db()
    assert (plan.status, plan.adopted_on, plan.responsible, plan.version) == (
        "adopted", dt.date(2026, 12, 1), nurse, 2)
    [event] = _events("bti.individual_plan.change", plan)
    changes = {c["field"]: c for c in event.changes}
    assert changes["status"] == {"field": "status", "old": "assessing", "new": "adopted"}
    assert "child_coordinator" in changes and "responsible" in changes
    assert changes["note"] == {"field": "note"}   # free text: named, not copied
    assert "started_on" not in changes


def test_a_stale_version_is_a_conflict_and_changes_nothing(journey, coordinator):
    plan = S.individual_plan_create(actor=coordinator, case=journey["case"],
                                    status=IndividualPlan.Status.ASSESSING)
    S.individual_plan_update(actor=coordinator, plan=plan, status="in_progress",
                             expected_version=1)
    with pytest.raises(Conflict):
        S.individual_plan_update(actor=coordinator, plan=plan, status="ended",
                                 ended_on=dt.date(2026, 12, 1), expected_version=1)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("in_progress", 2)
    assert len(_events("bti.individual_plan.change", plan)) == 1


@pytest.mark.parametrize("who", ["colleague", "health_partner"])
def test_only_the_coordinator_writes_and_a_refusal_is_audited(journey, coordinator, who,
                                                               request):
    actor = request.getfixturevalue(who)
    case = journey["case"]
    with pytest.raises(AccessDenied, match="Bare familiekoordinatoren"):
        S.individual_plan_create(actor=actor, case=case, status="assessing")
    assert not IndividualPlan.objects.filter(case=case).exists()
    [denied] = _events("bti.individual_plan.denied", case)
    assert (denied.actor, denied.action) == (actor, "denied")

    plan = S.individual_plan_create(actor=coordinator, case=case, status="assessing")
    with pytest.raises(AccessDenied):
        S.individual_plan_update(actor=actor, plan=plan, status="ended",
                                 ended_on=dt.date(2026, 12, 1), expected_version=1)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("assessing", 1)
    assert len(_events("bti.individual_plan.denied", plan)) == 1


def test_bad_input_names_the_field_and_writes_nothing(journey, coordinator):
    case = journey["case"]
    with pytest.raises(InvalidInput) as err:
        S.individual_plan_create(
            actor=coordinator, case=case, status=IndividualPlan.Status.ADOPTED,
            started_on=dt.date(2026, 11, 2), coordinator_ended_on=dt.date(2026, 12, 1),
            new_coordinator=S.NewPerson(name="Tone Lærer"))
    fields = {p.field for p in err.value.problems}
    assert {"vedtatt", "barnekoordinatorens tjeneste", "barnekoordinator oppnevnt"} <= fields
    assert not IndividualPlan.objects.filter(case=case).exists()
    assert not Participant.objects.filter(case=case, name="Tone Lærer").exists()
    assert not AuditEvent.objects.filter(kind="bti.individual_plan.create").exists()


def test_one_open_plan_per_child_and_one_for_the_family(journey, coordinator):
    case, child = journey["case"], child_of(journey["case"])
    S.individual_plan_create(actor=coordinator, case=case, member=child, status="assessing")
    S.individual_plan_create(actor=coordinator, case=case, status="assessing")
    with pytest.raises(InvalidInput, match="allerede en individuell plan"):
        S.individual_plan_create(actor=coordinator, case=case, member=child,
                                 status="in_progress")
    assert IndividualPlan.objects.filter(case=case).count() == 2


# --- pages ----------------------------------------------------------------------------

def _url(name, **kw):
    return reverse(f"followup:{name}", kwargs=kw)


def test_the_edit_page_answers_a_conflicting_save_with_409(client, journey, coordinator):
    case = journey["case"]
    plan = S.individual_plan_create(actor=coordinator, case=case, status="assessing")
    S.individual_plan_update(actor=coordinator, plan=plan, status="in_progress",
                             note="Lagret av en annen fane.", expected_version=1)
    client.force_login(coordinator)
    response = client.post(_url("individual_plan_edit", case_pk=case.pk, plan_pk=plan.pk),
                           {"status": "assessing", "version": "1", "note": "Mitt utkast"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Lagret av en annen fane." in page and "Mitt utkast" in page
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("in_progress", 2)


def test_the_form_refuses_in_norwegian_naming_the_field(client, journey, coordinator):
    case = journey["case"]
    client.force_login(coordinator)
    response = client.post(_url("individual_plan_create", case_pk=case.pk),
                           {"status": "ended"})
    assert response.status_code == 200
    assert "Skriv datoen planen ble avsluttet." in response.content.decode()
    assert not IndividualPlan.objects.filter(case=case).exists()


def test_the_case_page_and_the_list_use_a_constant_number_of_queries(
        client, journey, coordinator, health_partner, django_assert_max_num_queries):
    case = journey["case"]
    client.force_login(coordinator)
    S.individual_plan_create(actor=coordinator, case=case, status="assessing")
    pages = [_url("case_detail", case_pk=case.pk), _url("individual_plan", case_pk=case.pk)]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(200) as small:
            assert client.get(url).status_code == 200
        counts.append(len(small.captured_queries))
    S.individual_plan_update(actor=coordinator, plan=IndividualPlan.objects.get(case=case),
                             status="ended", ended_on=dt.date(2026, 12, 1))
    nurse = S.participant_add(actor=coordinator, case=case, user=health_partner)
    for n in range(3):
        S.individual_plan_create(actor=coordinator, case=case, member=child_of(case, n),
                                 status="in_progress", responsible=nurse,
                                 new_coordinator=S.NewPerson(name=f"Lærer {n}",
                                                             organisation="Skolen"))
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            page = client.get(url).content.decode()
        assert "Lærer 2" in page


def test_a_partner_sees_the_plan_on_the_case_page_but_not_the_pages(
        client, journey, coordinator, health_partner):
    case = journey["case"]
    bti_set(actor=coordinator, case=case, to_level=1, reason="Skolen melder.",
            holder=health_partner)
    S.individual_plan_create(actor=coordinator, case=case, status="in_progress",
                             new_coordinator=TEACHER)
    client.force_login(health_partner)
    page = client.get(_url("case_detail", case_pk=case.pk)).content.decode()
    assert "Tone Lærer, Strømmen skole" in page
    assert "tone.laerer@skole.no" not in page
    assert client.get(_url("individual_plan", case_pk=case.pk)).status_code == 404
