"""Opening a case, members, status, the BTI state machine and break the glass."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone

from levekar.core.errors import AccessDenied, InvalidInput
from levekar.core.models import AuditEvent
from levekar.followup import services
from levekar.followup.access import case_access_for_user
from levekar.followup.models import BreakGlassAccess, BtiLevelChange, Case, CaseMember, InfoPart
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import bti_set, child_of, nid_for_age, open_family
from levekar.people.models import Household, Person

pytestmark = pytest.mark.django_db
P, C = CaseMember.Role.PARENT, CaseMember.Role.CHILD


def test_opening_a_case_registers_the_household_members_and_an_audit_event(
        coordinator, zones, demo_org):
    case, persons = open_family(coordinator, zone=zones["3205-03"],
                                referred_by=demo_org["units"]["nav-lillestrom"])
    assert case.coordinator == coordinator and case.unit.code == "familieteamet"
    assert case.planned_years == 5 and case.status == Case.Status.ACTIVE
    assert case.referred_by.code == "nav-lillestrom"
    assert case.household.zone.code == "3205-03"
    assert case.members.count() == 4
    assert persons["child4"].national_id is None
    assert persons["child16"].birth_date.year == timezone.localdate().year - 16
    assert Person.objects.filter(household=case.household).count() == 4
    event = AuditEvent.objects.filter(object_type="followup.case", action="create").get()
    assert set(event.subjects.values_list("person_id", flat=True)) == {
        p.pk for p in persons.values()}
    assert case.bti_changes.get().to_level == 0


def test_a_wrong_fodselsnummer_is_refused_and_nothing_is_written(coordinator, zones):
    members = [services.MemberInput("Leila", "Ahmadi", P, national_id=nid_for_age(38, 1)),
               services.MemberInput("Sara", "Ahmadi", C, national_id="01011012345")]
    with pytest.raises(InvalidInput) as exc:
        services.case_open(actor=coordinator, members=members, zone=zones["3205-03"])
    assert "person 2" in exc.value.message and "fødselsnummer" in exc.value.message
    assert not Case.objects.exists() and not Household.objects.exists()
    assert not Person.objects.exists()


def test_a_person_without_national_id_needs_a_birth_date(coordinator, zones):
    members = [services.MemberInput("Leila", "Ahmadi", P, national_id=nid_for_age(38, 1)),
               services.MemberInput("Nora", "Ahmadi", C)]
    with pytest.raises(InvalidInput) as exc:
        services.case_open(actor=coordinator, members=members, zone=zones["3205-03"])
    assert "fødselsdato" in exc.value.message


def test_a_case_needs_a_parent(coordinator, zones):
    with pytest.raises(InvalidInput, match="forelder"):
        services.case_open(actor=coordinator, zone=zones["3205-03"], members=[
            services.MemberInput("Nora", "Ahmadi", C, birth_date=dt.date(2020, 1, 1))])


def test_only_coordinators_open_cases(nav_partner, zones):
    with pytest.raises(AccessDenied):
        services.case_open(actor=nav_partner, zone=zones["3205-03"], members=[
            services.MemberInput("Leila", "Ahmadi", P, birth_date=dt.date(1988, 1, 1))])


def test_a_member_is_added_later(journey, coordinator):
    cm = services.member_add(actor=coordinator, case=journey["case"], member=services.MemberInput(
        "Baby", "Ahmadi", C, birth_date=timezone.localdate() - dt.timedelta(days=20)))
    assert cm.person.household == journey["case"].household
    assert journey["case"].members.count() == 5


def test_pausing_and_closing_need_a_reason(journey, coordinator):
    case = journey["case"]
    with pytest.raises(InvalidInput, match="begrunnelse"):
        services.case_status_change(actor=coordinator, case=case, status="paused", reason=" ")
    services.case_status_change(actor=coordinator, case=case, status="closed",
                                reason="Familien flyttet.")
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_at and case.status_reason
    with pytest.raises(InvalidInput, match="gjenåpne"):
        services.case_status_change(actor=coordinator, case=case, status="active", reason="")
    services.case_status_change(actor=coordinator, case=case, status="active",
                                reason="Familien ba om ny oppfølging.")
    case.refresh_from_db()
    assert case.closed_at is None


def test_the_database_refuses_a_closed_case_without_a_reason(journey):
    with pytest.raises(IntegrityError):
        Case.objects.filter(pk=journey["case"].pk).update(status="closed",
                                                          closed_at=timezone.now(),
                                                          status_reason="")


# --- BTI: each child has its own level, stafettholder and history ------------------------

def test_level_1_requires_a_named_stafettholder(journey, coordinator, health_partner):
    case = journey["case"]
    oldest = child_of(case)
    with pytest.raises(InvalidInput, match="stafettholder"):
        bti_set(actor=coordinator, case=case, to_level=1, reason="Tiltak i helsestasjonen.")
    change = bti_set(actor=coordinator, case=case, to_level=1,
                     reason="Tiltak i helsestasjonen.", holder=health_partner)
    oldest.refresh_from_db()
    case.refresh_from_db()
    assert oldest.bti_level == 1 and oldest.stafettholder.user == health_partner
    assert case.bti_level == 1  # the family's highest
    assert (change.member, change.from_level, change.to_level, change.changed_by,
            change.holder) == (oldest, 0, 1, coordinator, oldest.stafettholder)
    event = AuditEvent.objects.filter(object_type="followup.casemember").latest("id")
    assert event.object_id == str(oldest.pk) and event.kind == "bti.level.change"
    assert {"field": "bti_level", "old": 0, "new": 1} in event.changes


def test_each_child_has_its_own_level_and_stafettholder(journey, coordinator, health_partner,
                                                        demo_org):
    case = journey["case"]
    sara, omid, nora = child_of(case, 0), child_of(case, 1), child_of(case, 2)
    bti_set(actor=coordinator, case=case, child=sara, to_level=1, reason="Fravær.",
            holder=health_partner)
    bti_set(actor=coordinator, case=case, child=sara, to_level=2, reason="Samarbeid.",
            holder=health_partner)
    teacher = services.participant_add(actor=coordinator, case=case, name="Kari Lærer",
                                       organisation="Strømmen skole")
    services.bti_level_change(actor=coordinator, member=omid, to_level=1,
                              reason="Skolen følger opp.", stafettholder=teacher)
    for m in (sara, omid, nora):
        m.refresh_from_db()
    case.refresh_from_db()
    assert [(m.bti_level, m.stafettholder_id) for m in (sara, omid, nora)] == [
        (2, sara.stafettholder_id), (1, teacher.pk), (0, None)]
    assert sara.stafettholder.user == health_partner and teacher.user is None
    assert case.bti_level == 2
    assert list(BtiLevelChange.objects.filter(member=sara).order_by("pk")
                .values_list("to_level", flat=True)) == [1, 2]
    assert list(BtiLevelChange.objects.filter(member=omid).values_list(
        "to_level", "holder__name")) == [(1, "Kari Lærer")]
    # Lowering the highest child lowers the family's level to the next child's.
    bti_set(actor=coordinator, case=case, child=sara, to_level=0, reason="Avklart.")
    case.refresh_from_db()
    assert case.bti_level == 1


def test_level_2_needs_a_consent_that_covers_that_child(coordinator, zones, health_partner,
                                                        demo_org):
    case, persons = open_family(coordinator, zone=zones["3205-03"])
    sara, omid = child_of(case, 0), child_of(case, 1)
    for child in (sara, omid):
        bti_set(actor=coordinator, case=case, child=child, to_level=1, reason="Tiltak.",
                holder=health_partner)
    with pytest.raises(InvalidInput) as exc:
        bti_set(actor=coordinator, case=case, child=sara, to_level=2, reason="Samarbeid.",
                holder=health_partner)
    assert "kan ikke løftes til nivå 2 uten et registrert, gyldig samtykke" in exc.value.message
    # Sara's own consent covers Sara, not her brother.
    services.consent_record(actor=coordinator, case=case, given_by=persons["child16"],
                            subject=persons["child16"],
                            grants=[(demo_org["units"]["helsestasjon-lillestrom"],
                                     InfoPart.HEALTH)])
    bti_set(actor=coordinator, case=case, child=sara, to_level=2, reason="Samarbeid.",
            holder=health_partner)
    with pytest.raises(InvalidInput, match=omid.person.first_name):
        bti_set(actor=coordinator, case=case, child=omid, to_level=2, reason="Samarbeid.",
                holder=health_partner)
    omid.refresh_from_db()
    assert omid.bti_level == 1
    # A consent about the whole family covers him too.
    services.consent_record(actor=coordinator, case=case, given_by=persons["mother"],
                            subject=None,
                            grants=[(demo_org["units"]["nav-lillestrom"], InfoPart.ECONOMY)])
    bti_set(actor=coordinator, case=case, child=omid, to_level=2, reason="Samarbeid.",
            holder=health_partner)
    case.refresh_from_db()
    assert case.bti_level == 2
    assert list(case.bti_changes.filter(member=omid).order_by("pk")
                .values_list("to_level", flat=True)) == [1, 2]


def test_a_withdrawn_consent_does_not_count_for_level_2(journey, coordinator, health_partner):
    case = journey["case"]
    services.consent_withdraw(actor=coordinator, consent=journey["family_consent"])
    services.consent_withdraw(actor=coordinator, consent=journey["own_consent"])
    bti_set(actor=coordinator, case=case, to_level=1, reason="Tiltak.", holder=health_partner)
    with pytest.raises(InvalidInput, match="samtykke"):
        bti_set(actor=coordinator, case=case, to_level=2, reason="x", holder=health_partner)


def test_the_level_rises_one_step_at_a_time_and_falls_freely(journey, coordinator,
                                                             health_partner):
    case = journey["case"]
    with pytest.raises(InvalidInput, match="ett trinn"):
        bti_set(actor=coordinator, case=case, to_level=2, reason="x", holder=health_partner)
    for level in (1, 2, 3):
        bti_set(actor=coordinator, case=case, to_level=level, reason=f"Til {level}",
                holder=health_partner)
    bti_set(actor=coordinator, case=case, to_level=0, reason="Avklart.", holder=None)
    oldest = child_of(case)
    case.refresh_from_db()
    assert case.bti_level == 0 and oldest.bti_level == 0 and oldest.stafettholder is None
    # The opening of the case, and four changes of the oldest child.
    assert BtiLevelChange.objects.filter(case=case).count() == 5
    assert BtiLevelChange.objects.filter(member=oldest).count() == 4


def test_a_reason_is_required_for_every_change(journey, coordinator, health_partner):
    with pytest.raises(InvalidInput, match="hvorfor"):
        bti_set(actor=coordinator, case=journey["case"], to_level=1, reason="",
                holder=health_partner)


def test_only_a_child_has_a_bti_level(journey, coordinator, health_partner):
    case = journey["case"]
    mother = case.members.get(role=P)
    holder = services.participant_add(actor=coordinator, case=case, user=health_partner)
    with pytest.raises(InvalidInput, match="hvert barn"):
        services.bti_level_change(actor=coordinator, member=mother, to_level=1, reason="x",
                                  stafettholder=holder)
    mother.refresh_from_db()
    assert mother.bti_level == 0 and not BtiLevelChange.objects.filter(member=mother).exists()


def test_the_stafettholder_is_a_participant_of_the_same_case(journey, coordinator, zones,
                                                             health_partner):
    other, _persons = open_family(coordinator, serial=7, zone=zones["3205-03"])
    stranger = services.participant_add(actor=coordinator, case=other, user=health_partner)
    with pytest.raises(InvalidInput, match="deltaker i dette familieløpet"):
        services.bti_level_change(actor=coordinator, member=child_of(journey["case"]),
                                  to_level=1, reason="x", stafettholder=stranger)
    assert child_of(journey["case"]).bti_level == 0


# --- break the glass -------------------------------------------------------------------

def test_break_the_glass_needs_a_reason_expires_and_is_audited(journey, colleague, settings):
    settings.LEVEKAR_BREAK_GLASS_HOURS = 8
    case = journey["case"]
    with pytest.raises(InvalidInput, match="hvorfor"):
        services.break_glass_open(
            category="coordinator_absent", actor=colleague, case=case, reason="syk")
    grant = services.break_glass_open(category="coordinator_absent", actor=colleague, case=case,
                                      reason="Kari er syk, familien trenger hjelp i dag.")
    assert grant.expires_at - grant.granted_at == dt.timedelta(hours=8)
    access = case_access_for_user(colleague, case.pk)
    assert access.full and access.via == "break_glass"
    event = AuditEvent.objects.get(object_type="followup.breakglassaccess")
    assert event.actor == colleague and "Kari er syk" in event.detail
    assert event.subjects.count() == 4
    with time_machine.travel(timezone.now() + dt.timedelta(hours=8, minutes=1), tick=False), \
            pytest.raises(Http404):
        case_access_for_user(colleague, case.pk)


def test_break_the_glass_is_only_for_coordinators_of_the_same_unit(journey, nav_partner,
                                                                   coordinator):
    with pytest.raises(AccessDenied):
        services.break_glass_open(
            category="coordinator_absent", actor=nav_partner, case=journey["case"],
            reason="Jeg vil gjerne se saken.")
    with pytest.raises(InvalidInput, match="trenger"):
        services.break_glass_open(
            category="coordinator_absent", actor=coordinator, case=journey["case"],
            reason="Min egen sak, likevel.")
    assert not BreakGlassAccess.objects.exists()


def test_the_database_refuses_a_break_glass_without_reason(journey, colleague):
    now = timezone.now()
    with pytest.raises(IntegrityError):
        BreakGlassAccess.objects.create(case=journey["case"], user=colleague, reason="",
                                        granted_at=now, expires_at=now)
