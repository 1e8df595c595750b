"""The access contract: who sees a case, which parts, and the consent-age rule."""

import datetime as dt

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from levekar.followup import services
from levekar.followup.access import case_access_for_user, cases_visible_to, consent_age
from levekar.followup.models import InfoPart
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import open_family

pytestmark = pytest.mark.django_db


def test_the_coordinator_has_full_access_to_their_own_case(journey, coordinator):
    access = case_access_for_user(coordinator, journey["case"].pk)
    assert access.full and access.via == "coordinator"
    assert access.parts == frozenset(InfoPart.values)
    assert access.can_see_person_part(journey["persons"]["child16"].pk, InfoPart.HEALTH)


def test_another_coordinator_gets_404(journey, colleague):
    with pytest.raises(Http404):
        case_access_for_user(colleague, journey["case"].pk)


@pytest.mark.parametrize("username", ["bti1", "analytiker1", "admin", "planeier1", "utlan1"])
def test_roles_without_a_relation_to_the_family_get_404(journey, demo_org, username):
    with pytest.raises(Http404):
        case_access_for_user(demo_org["users"][username], journey["case"].pk)


def test_a_partner_sees_only_the_parts_the_consent_names(journey, health_partner):
    access = case_access_for_user(health_partner, journey["case"].pk)
    assert not access.full and access.via == "consent"
    assert access.parts == {InfoPart.ECONOMY, InfoPart.HOUSING, InfoPart.HEALTH}
    assert not access.can_see(InfoPart.SCHOOL)
    assert not access.can_see(InfoPart.CHILD_WELFARE)
    with pytest.raises(Http404):
        access.require(InfoPart.SCHOOL)
    access.require(InfoPart.HEALTH)  # does not raise
    assert access.can_see_household_part(InfoPart.HOUSING)


def test_a_partner_without_any_consent_for_their_unit_gets_404(journey, demo_org):
    from levekar.core.services import user_ensure

    other = user_ensure(username="ppt1", password="x" * 12, roles=("tjenestepartner",),
                        org_unit=demo_org["units"]["ppt"])
    with pytest.raises(Http404):
        case_access_for_user(other, journey["case"].pk)


def test_the_parents_consent_does_not_cover_the_health_of_a_child_at_the_consent_age(
        journey, health_partner):
    p = journey["persons"]
    access = case_access_for_user(health_partner, journey["case"].pk)
    assert consent_age(InfoPart.HEALTH) == 16
    assert access.can_see_person_part(p["mother"].pk, InfoPart.HEALTH)
    assert access.can_see_person_part(p["child11"].pk, InfoPart.HEALTH)
    assert access.can_see_person_part(p["child4"].pk, InfoPart.HEALTH)
    assert not access.can_see_person_part(p["child16"].pk, InfoPart.HEALTH)
    # Economy follows the age of majority: the mother's consent covers the 16-year-old.
    assert access.can_see_person_part(p["child16"].pk, InfoPart.ECONOMY)


def test_the_young_persons_own_consent_covers_only_their_own_information(journey, demo_org):
    from levekar.core.services import user_ensure

    school = user_ensure(username="skole1", password="x" * 12, roles=("tjenestepartner",),
                         org_unit=demo_org["units"]["strommen-skole"])
    p = journey["persons"]
    access = case_access_for_user(school, journey["case"].pk)
    assert access.parts == {InfoPart.SCHOOL, InfoPart.HEALTH}
    assert access.can_see_person_part(p["child16"].pk, InfoPart.HEALTH)
    assert not access.can_see_person_part(p["mother"].pk, InfoPart.HEALTH)
    assert not access.can_see_person_part(p["child11"].pk, InfoPart.HEALTH)
    assert not access.can_see_household_part(InfoPart.HEALTH)
    assert access.can_see_person_part(p["child11"].pk, InfoPart.SCHOOL)


def test_a_child_turning_the_consent_age_leaves_the_parents_consent(journey, health_partner):
    p = journey["persons"]
    access_now = case_access_for_user(health_partner, journey["case"].pk)
    assert access_now.can_see_person_part(p["child11"].pk, InfoPart.HEALTH)
    # Five years on the 11-year-old is 16; the family consent (no end date) still runs.
    later = dt.datetime(timezone.localdate().year + 5, 6, 1, 12, tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        access = case_access_for_user(health_partner, journey["case"].pk)
        assert not access.can_see_person_part(p["child11"].pk, InfoPart.HEALTH)
        assert access.can_see_person_part(p["child4"].pk, InfoPart.HEALTH)


def test_a_parent_cannot_consent_for_the_health_of_a_child_at_the_consent_age(
        journey, coordinator):
    from levekar.core.errors import InvalidInput

    p, units = journey["persons"], journey["units"]
    with pytest.raises(InvalidInput) as exc:
        services.consent_record(actor=coordinator, case=journey["case"], given_by=p["mother"],
                                subject=p["child16"],
                                grants=[(units["helsestasjon-lillestrom"], InfoPart.HEALTH)])
    assert "samtykker selv til helse" in exc.value.message


def test_a_child_under_the_consent_age_cannot_consent_alone(journey, coordinator):
    from levekar.core.errors import InvalidInput

    p, units = journey["persons"], journey["units"]
    with pytest.raises(InvalidInput) as exc:
        services.consent_record(actor=coordinator, case=journey["case"], given_by=p["child11"],
                                subject=p["child11"],
                                grants=[(units["helsestasjon-lillestrom"], InfoPart.HEALTH)])
    assert "først fra 16 år" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        services.consent_record(actor=coordinator, case=journey["case"], given_by=p["child16"],
                                subject=None,
                                grants=[(units["nav-lillestrom"], InfoPart.ECONOMY)])
    assert "forelder eller foresatt" in exc.value.message


def test_a_parent_consents_for_a_young_childs_information(journey, coordinator, demo_org):
    from levekar.core.services import user_ensure

    p, units = journey["persons"], journey["units"]
    services.consent_record(actor=coordinator, case=journey["case"], given_by=p["mother"],
                            subject=p["child11"], grants=[(units["ppt"], InfoPart.SCHOOL)])
    ppt = user_ensure(username="ppt1", password="x" * 12, roles=("tjenestepartner",),
                      org_unit=units["ppt"])
    access = case_access_for_user(ppt, journey["case"].pk)
    assert access.can_see_person_part(p["child11"].pk, InfoPart.SCHOOL)
    assert not access.can_see_person_part(p["child4"].pk, InfoPart.SCHOOL)
    assert not access.can_see_household_part(InfoPart.SCHOOL)


def test_withdrawal_for_one_unit_takes_effect_at_once(journey, coordinator, health_partner,
                                                      nav_partner):
    case = journey["case"]
    services.consent_withdraw(actor=coordinator, consent=journey["family_consent"],
                              unit=journey["units"]["helsestasjon-lillestrom"])
    with pytest.raises(Http404):
        case_access_for_user(health_partner, case.pk)
    assert case_access_for_user(nav_partner, case.pk).parts == {
        InfoPart.ECONOMY, InfoPart.HOUSING, InfoPart.HEALTH}
    assert case not in cases_visible_to(health_partner)
    assert case in cases_visible_to(nav_partner)


def test_withdrawing_the_whole_consent_closes_every_unit(journey, coordinator, nav_partner):
    services.consent_withdraw(actor=coordinator, consent=journey["family_consent"],
                              reason="Mor ønsker ikke deling lenger.")
    with pytest.raises(Http404):
        case_access_for_user(nav_partner, journey["case"].pk)
    journey["family_consent"].refresh_from_db()
    assert journey["family_consent"].withdrawn_reason == "Mor ønsker ikke deling lenger."


def test_an_expired_consent_gives_no_access(journey, nav_partner):
    later = timezone.now() + dt.timedelta(days=10)
    journey["family_consent"].valid_to = timezone.localdate() + dt.timedelta(days=5)
    journey["family_consent"].save()
    assert case_access_for_user(nav_partner, journey["case"].pk).via == "consent"
    with time_machine.travel(later, tick=False), pytest.raises(Http404):
        case_access_for_user(nav_partner, journey["case"].pk)


def test_a_consent_not_yet_valid_gives_no_access(journey, coordinator, nav_partner):
    services.consent_withdraw(actor=coordinator, consent=journey["family_consent"])
    services.consent_record(actor=coordinator, case=journey["case"],
                            given_by=journey["persons"]["mother"], subject=None,
                            grants=[(journey["units"]["nav-lillestrom"], InfoPart.ECONOMY)],
                            valid_from=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(Http404):
        case_access_for_user(nav_partner, journey["case"].pk)


def test_a_closed_case_is_closed_to_partners_but_not_to_its_coordinator(
        journey, coordinator, nav_partner):
    services.case_status_change(actor=coordinator, case=journey["case"], status="closed",
                                reason="Målene er nådd.")
    with pytest.raises(Http404):
        case_access_for_user(nav_partner, journey["case"].pk)
    assert case_access_for_user(coordinator, journey["case"].pk).full
    assert journey["case"] not in cases_visible_to(coordinator)


def test_cases_visible_to_lists_own_cases_and_consented_cases_only(
        journey, coordinator, colleague, nav_partner, health_partner, bti_leader, zones):
    other, _ = open_family(colleague, serial=1, zone=zones["3205-01"])
    assert set(cases_visible_to(coordinator)) == {journey["case"]}
    assert set(cases_visible_to(colleague)) == {other}
    assert set(cases_visible_to(nav_partner)) == {journey["case"]}
    assert set(cases_visible_to(health_partner)) == {journey["case"]}
    assert list(cases_visible_to(bti_leader)) == []


def test_access_is_one_query_for_the_coordinator_and_two_for_a_partner(
        journey, coordinator, nav_partner, django_assert_num_queries):
    from levekar.core.roles import user_roles

    user_roles(coordinator), user_roles(nav_partner)  # cached per request in real use
    with django_assert_num_queries(1):
        case_access_for_user(coordinator, journey["case"].pk)
    with django_assert_num_queries(2):
        case_access_for_user(nav_partner, journey["case"].pk)


def test_an_unknown_case_is_a_404_like_any_refusal(coordinator, demo_org):
    with pytest.raises(Http404):
        case_access_for_user(coordinator, 987654)
