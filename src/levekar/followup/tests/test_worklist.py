"""«Mine familier», the coordinator's worklist: each thing to do appears when it falls due
and disappears when it is done or no longer due — time is moved with time-machine."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from levekar.core.models import OrgUnit
from levekar.followup import services as S
from levekar.followup.models import Assessment, GoalAction, InfoPart, Meeting, PlanArea
from levekar.followup.selectors import caseload_for, caseloads_by_coordinator, work_items
from levekar.followup.tests.case_fixtures import bti_set
from levekar.followup.tests.factories import journey_answers, make_family, member

OSLO = ZoneInfo("Europe/Oslo")
START = dt.date(2026, 3, 2)


def at(day: dt.date, hour: int = 9):
    """Travel to ``day`` at ``hour`` Oslo time (the clock stands still)."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=OSLO),
                               tick=False)


def kinds(user, case, today=None) -> list[str]:
    rows = caseload_for(user, today=today)
    return [i.kind for i in work_items(rows) if i.row.case.pk == case.pk]


@pytest.fixture
def nav(demo_org):
    return OrgUnit.objects.get(code="nav-lillestrom")


@pytest.fixture
def family(demo_org, coordinator):
    with at(START):
        return make_family(coordinator=coordinator, start_date=START)


@pytest.mark.django_db
def test_the_start_mapping_is_due_then_overdue_then_gone_when_recorded(family, coordinator):
    with at(START):
        assert "mapping_due" in kinds(coordinator, family)
    with at(START + dt.timedelta(days=30)):
        assert "mapping_due" in kinds(coordinator, family)      # due today: not yet overdue
    with at(START + dt.timedelta(days=31)):
        assert "mapping_overdue" in kinds(coordinator, family)
        S.assessment_create(actor=coordinator, case=family, kind=Assessment.Kind.START,
                            answers=journey_answers(family))
        assert not {"mapping_due", "mapping_overdue"} & set(kinds(coordinator, family))
    # The yearly mapping comes due a month before the year is out, and is overdue after.
    year_later = START + dt.timedelta(days=31 + 365)
    with at(year_later - dt.timedelta(days=40)):
        assert not {"mapping_due", "mapping_overdue"} & set(kinds(coordinator, family))
    with at(year_later - dt.timedelta(days=20)):
        assert "mapping_due" in kinds(coordinator, family)
    with at(year_later + dt.timedelta(days=1)):
        assert "mapping_overdue" in kinds(coordinator, family)


@pytest.mark.django_db
def test_a_plan_action_appears_after_its_deadline_and_goes_when_done(family, coordinator, nav):
    with at(START):
        goal = S.goal_create(actor=coordinator, case=family, area=PlanArea.WORK_ECONOMY,
                             title="Mor i arbeid")
        action = S.action_create(actor=coordinator, goal=goal, description="Avklare tiltak",
                                 responsible_unit=nav, deadline=START + dt.timedelta(days=14))
    with at(START + dt.timedelta(days=14)):
        assert "actions_overdue" not in kinds(coordinator, family)
    with at(START + dt.timedelta(days=15)):
        assert "actions_overdue" in kinds(coordinator, family)
        S.action_status_set(actor=coordinator, action=action, status=GoalAction.Status.DONE)
        assert "actions_overdue" not in kinds(coordinator, family)


@pytest.mark.django_db
def test_a_consent_shows_30_days_before_it_ends_and_goes_when_renewed(
        family, coordinator, nav):
    mother = member(family, "Amina").person
    ends = START + dt.timedelta(days=60)
    with at(START):
        S.consent_record(actor=coordinator, case=family, given_by=mother, subject=None,
                         grants=[(nav, InfoPart.ECONOMY)], valid_to=ends)
        assert "consent_expiring" not in kinds(coordinator, family)
    with at(ends - dt.timedelta(days=31)):
        assert "consent_expiring" not in kinds(coordinator, family)
    with at(ends - dt.timedelta(days=30)):
        items = [i for i in work_items(caseload_for(coordinator))
                 if i.kind == "consent_expiring"]
        assert [(i.row.case.pk, i.due) for i in items] == [(family.pk, ends)]
        # Renewed for a year by the same parent: off the list, although the old one
        # still runs to its end.
        S.consent_record(actor=coordinator, case=family, given_by=mother, subject=None,
                         grants=[(nav, InfoPart.ECONOMY)], valid_to=ends + dt.timedelta(days=365))
        assert "consent_expiring" not in kinds(coordinator, family)


@pytest.mark.django_db
def test_an_ended_consent_leaves_the_list(family, coordinator, nav):
    mother = member(family, "Amina").person
    ends = START + dt.timedelta(days=20)
    with at(START):
        S.consent_record(actor=coordinator, case=family, given_by=mother, subject=None,
                         grants=[(nav, InfoPart.ECONOMY)], valid_to=ends)
        assert "consent_expiring" in kinds(coordinator, family)
    with at(ends):
        assert "consent_expiring" in kinds(coordinator, family)
    with at(ends + dt.timedelta(days=1)):
        assert "consent_expiring" not in kinds(coordinator, family)


@pytest.mark.django_db
def test_consents_holding_a_child_at_level_2_come_first(coordinator, health_partner, nav,
                                                         demo_org):
    health = health_partner.org_unit
    with at(START):
        early = make_family(coordinator=coordinator, street="Tidlig vei 1", start_date=START)
        level2 = make_family(coordinator=coordinator, street="Nivå vei 2", start_date=START)
        S.consent_record(actor=coordinator, case=early, given_by=member(early, "Amina").person,
                         subject=None, grants=[(nav, InfoPart.ECONOMY)],
                         valid_to=START + dt.timedelta(days=5))
        S.consent_record(actor=coordinator, case=level2,
                         given_by=member(level2, "Amina").person, subject=None,
                         grants=[(health, InfoPart.HEALTH)],
                         valid_to=START + dt.timedelta(days=25))
        for level in (1, 2):
            bti_set(actor=coordinator, case=level2, to_level=level, reason="Bekymring",
                               holder=health_partner)
        items = [i for i in work_items(caseload_for(coordinator))
                 if i.kind == "consent_expiring"]
    assert [(i.row.case.pk, i.urgent) for i in items] == [(level2.pk, True), (early.pk, False)]


@pytest.mark.django_db
def test_a_stafettholder_who_loses_access_is_on_the_list(family, coordinator, health_partner):
    health = health_partner.org_unit
    with at(START):
        consent = S.consent_record(actor=coordinator, case=family,
                                   given_by=member(family, "Amina").person, subject=None,
                                   grants=[(health, InfoPart.HEALTH)])
        for level in (1, 2):
            bti_set(actor=coordinator, case=family, to_level=level, reason="Bekymring",
                               holder=health_partner)
        assert "stafettholder_lost" not in kinds(coordinator, family)
        # The family withdraws the consent for the health service: the nurse who holds the
        # baton can no longer open the case.
        S.consent_withdraw(actor=coordinator, consent=consent, unit=health, reason="Ønsket")
        assert "stafettholder_lost" in kinds(coordinator, family)
        # Another stafettholder with access takes it off the list.
        bti_set(actor=coordinator, case=family, to_level=1, reason="Ned ett nivå",
                           holder=coordinator)
        assert "stafettholder_lost" not in kinds(coordinator, family)


@pytest.mark.django_db
def test_a_lost_stafettholder_is_listed_for_the_child_it_concerns(family, coordinator,
                                                                   health_partner, client_as):
    """Sara's own consent opens her case to the health service; her brother's level 2 rests
    on the family's consent. When the family's consent goes, only Yusuf's stafettholder
    (the nurse) has lost access for him."""
    health = health_partner.org_unit
    sara, yusuf = member(family, "Sara"), member(family, "Yusuf")
    with at(START):
        S.consent_record(actor=coordinator, case=family, given_by=sara.person,
                         subject=sara.person, grants=[(health, InfoPart.HEALTH)])
        whole = S.consent_record(actor=coordinator, case=family,
                                 given_by=member(family, "Amina").person, subject=None,
                                 grants=[(health, InfoPart.HEALTH)])
        for child in (sara, yusuf):
            for level in (1, 2):
                bti_set(actor=coordinator, case=family, child=child, to_level=level,
                        reason="Bekymring", holder=health_partner)
        S.consent_withdraw(actor=coordinator, consent=whole)
        lost = [i for i in work_items(caseload_for(coordinator))
                if i.kind == "stafettholder_lost"]
        assert [(i.row.case.pk, i.member.pk) for i in lost] == [(family.pk, yusuf.pk)]
        page = client_as("koordinator1").get(reverse("followup:worklist")).content.decode()
    assert "Stafettholderen for Yusuf har ikke lenger tilgang" in page
    assert reverse("followup:bti_level", args=[family.pk]) + f"?barn={yusuf.pk}" in page


@pytest.mark.django_db
def test_a_deactivated_stafettholder_is_on_the_list(family, coordinator, health_partner):
    with at(START):
        bti_set(actor=coordinator, case=family, to_level=1, reason="Bekymring",
                           holder=health_partner)
        assert "stafettholder_lost" not in kinds(coordinator, family)
        health_partner.is_active = False
        health_partner.save(update_fields=["is_active"])
        assert "stafettholder_lost" in kinds(coordinator, family)


@pytest.mark.django_db
def test_flagged_feedback_is_on_the_list(family, coordinator):
    mother = member(family, "Amina")
    with at(START + dt.timedelta(days=40)):
        for n in range(3):
            m = S.meeting_create(actor=coordinator, case=family, kind=Meeting.Kind.HOME_VISIT,
                                 starts_at=timezone.now() - dt.timedelta(days=30 - 7 * n),
                                 status=Meeting.Status.HELD, members=[mother])
            S.feedback_record(actor=coordinator, meeting=m, member=mother,
                              outcome=[5, 5, 5, 5], alliance=[9 - n, 8 - n, 8 - n, 8 - n])
        assert "feedback_flag" in kinds(coordinator, family)


@pytest.mark.django_db
def test_every_coordinator_gets_their_own_rows(coordinator, colleague):
    with at(START):
        mine = make_family(coordinator=coordinator, street="Min vei 1", start_date=START)
        theirs = make_family(coordinator=colleague, street="Din vei 2", start_date=START)
        by_user = caseloads_by_coordinator()
    assert [r.case.pk for r in by_user[coordinator.pk]] == [mine.pk]
    assert [r.case.pk for r in by_user[colleague.pk]] == [theirs.pk]


@pytest.mark.django_db
def test_the_page_links_each_item_to_where_it_is_done(client_as, family, coordinator, nav):
    with at(START + dt.timedelta(days=31)):
        goal = S.goal_create(actor=coordinator, case=family, area=PlanArea.WORK_ECONOMY,
                             title="Mor i arbeid")
        S.action_create(actor=coordinator, goal=goal, description="Avklare tiltak",
                        responsible_unit=nav, deadline=START)
        html = client_as("koordinator1").get(reverse("followup:worklist")).content.decode()
    assert 'data-kind="mapping_overdue"' in html
    assert reverse("followup:mapping_create", args=[family.pk]) in html
    assert 'data-kind="actions_overdue"' in html
    assert "Startkartlegging over frist siden 01.04.2026" in html
    assert "Registrer kartleggingen" in html


@pytest.mark.django_db
def test_the_page_says_each_thing_in_norwegian_with_its_link(client_as, family, coordinator,
                                                            nav):
    """The sentences and links are made in Python (once per page), not in the template:
    they must still be the Norwegian ones, with the count and date, and the right link."""
    mother = member(family, "Amina").person
    with at(START + dt.timedelta(days=10)):
        goal = S.goal_create(actor=coordinator, case=family, area=PlanArea.HOUSING,
                             title="Større bolig")
        for n in range(2):
            S.action_create(actor=coordinator, goal=goal, description=f"Søke {n}",
                            responsible_unit=nav, deadline=START)
        S.consent_record(actor=coordinator, case=family, given_by=mother, subject=None,
                         grants=[(nav, InfoPart.ECONOMY)],
                         valid_to=START + dt.timedelta(days=20))
        html = client_as("koordinator1").get(reverse("followup:worklist")).content.decode()
    assert "2 tiltak over fristen" in html
    assert "Et samtykke går ut 22.03.2026" in html and "Forny samtykket" in html
    assert f'href="{reverse("followup:consent_list", args=[family.pk])}"' in html
    assert f'href="{reverse("followup:plan", args=[family.pk])}"' in html
    assert "Åpne planen" in html and "ingen planlagt" in html
    assert f"Familieløp {family.pk}</a>" in html
    assert "Startkartlegging" in html


@pytest.mark.django_db
def test_the_worklist_uses_a_constant_number_of_queries(client_as, coordinator, health_partner,
                                                        nav, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def busy_family(n):
        case = make_family(coordinator=coordinator, street=f"Vei {n}", start_date=START)
        S.consent_record(actor=coordinator, case=case, given_by=member(case, "Amina").person,
                         subject=None, grants=[(health_partner.org_unit, InfoPart.HEALTH)],
                         valid_to=START + dt.timedelta(days=10))
        bti_set(actor=coordinator, case=case, to_level=1, reason="x",
                           holder=health_partner)
        goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING, title="Bolig")
        S.action_create(actor=coordinator, goal=goal, description="Søke", responsible_unit=nav,
                        deadline=START)

    client = client_as("koordinator1")
    with at(START + dt.timedelta(days=3)):
        for n in range(2):
            busy_family(n)
        with CaptureQueriesContext(connection) as small:
            client.get(reverse("followup:worklist"))
        for n in range(2, 12):
            busy_family(n)
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(reverse("followup:worklist"))
    assert len(response.context["items"]) >= 36   # 12 × (mapping, action, consent)
