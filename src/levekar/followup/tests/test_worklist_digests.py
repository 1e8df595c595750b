"""The worklist's e-mails: a morning digest to each coordinator and a Monday digest to the
BTI leader, through the job runner, once per period, with counts and links but no names;
and the BTI leader's overview with real counts per coordinator and a reminder."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from levekar.core import jobs
from levekar.core.errors import InvalidInput
from levekar.core.models import Job, OrgUnit, OutboundMessage
from levekar.followup import services as S
from levekar.followup.models import InfoPart, PlanArea, WorklistNotice
from levekar.followup.selectors import bti_overview
from levekar.followup.tests.case_fixtures import bti_set
from levekar.followup.tests.factories import make_family, member

OSLO = ZoneInfo("Europe/Oslo")
MONDAY = dt.date(2026, 3, 2)


def at(day: dt.date, hour: int = 7, minute: int = 30):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, minute,
                                           tzinfo=OSLO), tick=False)


def mails(to: str | None = None):
    qs = OutboundMessage.objects.filter(reference__startswith="followup.worklist:")
    return list(qs.filter(to=to) if to else qs)


@pytest.fixture
def busy(demo_org, coordinator):
    """koordinator1's family, opened five weeks before MONDAY: the start mapping is overdue,
    a plan action is past its deadline and the consent ends within 30 days."""
    nav = OrgUnit.objects.get(code="nav-lillestrom")
    start = MONDAY - dt.timedelta(days=35)
    with at(start):
        case = make_family(coordinator=coordinator, start_date=start)
        goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.HOUSING,
                             title="Større bolig")
        S.action_create(actor=coordinator, goal=goal, description="Søke kommunal bolig",
                        responsible_unit=nav, deadline=start + dt.timedelta(days=14))
        S.consent_record(actor=coordinator, case=case, given_by=member(case, "Amina").person,
                         subject=None, grants=[(nav, InfoPart.ECONOMY)],
                         valid_to=MONDAY + dt.timedelta(days=20))
    return case


def run(name: str, **kwargs) -> Job:
    job = jobs.enqueue(name, dedupe=False, **kwargs)
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return job


@pytest.mark.django_db
def test_the_morning_digest_is_sent_once_with_counts_and_no_names(busy, coordinator,
                                                                    colleague):
    with at(MONDAY):
        first = run("followup.digest_daily")
        second = run("followup.digest_daily")       # run twice the same day: nothing more
    assert first.result["sent"] == 1 and second.result["sent"] == 0
    assert second.result["already_sent"] == 1
    [mail] = mails()
    assert mail.to == coordinator.email and mail.channel == OutboundMessage.Channel.EMAIL
    assert "- Kartlegginger over frist: 1" in mail.body
    assert "- Familier med tiltak over fristen: 1" in mail.body
    assert "- Samtykker som går ut innen 30 dager: 1" in mail.body
    assert reverse("followup:worklist") in mail.body
    for m in busy.members.select_related("person"):
        assert m.person.first_name not in mail.body and m.person.last_name not in mail.body
        assert m.person.last_name not in mail.subject
    assert coordinator.last_name not in mail.body
    # koordinator2 has no families: no mail. The notice records what was sent.
    assert not mails(colleague.email)
    notice = WorklistNotice.objects.get(recipient=coordinator)
    assert (notice.kind, notice.period) == ("daily", MONDAY)
    assert notice.counts["consent_expiring"] == 1


@pytest.mark.django_db
def test_the_next_day_gets_a_new_digest_and_a_cleared_list_gets_none(busy, coordinator):
    with at(MONDAY):
        run("followup.digest_daily")
    with at(MONDAY + dt.timedelta(days=1)):
        run("followup.digest_daily")
    assert len(mails(coordinator.email)) == 2
    S.case_status_change(actor=coordinator, case=busy, status="closed", reason="Flyttet")
    with at(MONDAY + dt.timedelta(days=2)):
        job = run("followup.digest_daily")
    assert job.result["nothing_to_do"] >= 1 and len(mails(coordinator.email)) == 2


@pytest.mark.django_db
def test_another_day_than_today_is_a_dry_run(busy, coordinator):
    with at(MONDAY):
        job = run("followup.digest_daily", today=(MONDAY + dt.timedelta(days=3)).isoformat())
    assert job.result["dry_run"] is True and job.result["sent"] == 1
    assert mails() == [] and not WorklistNotice.objects.exists()


@pytest.mark.django_db
def test_the_schedule_queues_the_digests_on_weekday_mornings(demo_org):
    with at(MONDAY, hour=7, minute=20):
        names = {j.name for j in jobs.schedule_due()}
        assert {"followup.digest_daily", "followup.digest_weekly"} <= names
        # The same period again queues nothing more, however often the worker ticks.
        assert not {j.name for j in jobs.schedule_due()} & {"followup.digest_daily",
                                                             "followup.digest_weekly"}
    with at(MONDAY + dt.timedelta(days=4), hour=7, minute=5):    # Friday: the daily only
        names = {j.name for j in jobs.schedule_due()}
        assert "followup.digest_daily" in names and "followup.digest_weekly" not in names
    with at(MONDAY + dt.timedelta(days=5), hour=8):    # Saturday: no new digest
        assert not {j.name for j in jobs.schedule_due()} & {"followup.digest_daily",
                                                             "followup.digest_weekly"}


@pytest.mark.django_db
def test_the_bti_leader_gets_one_digest_a_week(busy, bti_leader):
    with at(MONDAY):
        run("followup.digest_weekly")
    with at(MONDAY + dt.timedelta(days=2)):       # later the same week: nothing
        job = run("followup.digest_weekly")
    assert job.result["already_sent"] == 1
    [mail] = mails(bti_leader.email)
    assert "Åpne familieløp: 1" in mail.body
    assert "- Årlige kartlegginger over frist: 1" in mail.body
    assert reverse("followup:bti_overview") in mail.body
    for m in busy.members.select_related("person"):
        assert m.person.last_name not in mail.body
    assert busy.coordinator.last_name not in mail.body
    with at(MONDAY + dt.timedelta(days=7)):
        run("followup.digest_weekly")
    assert len(mails(bti_leader.email)) == 2


# --- the BTI leader's overview ------------------------------------------------------------

@pytest.mark.django_db
def test_the_overview_shows_each_coordinators_real_counts(busy, coordinator, colleague,
                                                          health_partner):
    with at(MONDAY):
        bti_set(actor=coordinator, case=busy, to_level=1, reason="Bekymring",
                holder=health_partner)
        other = make_family(coordinator=colleague, street="Annen vei 2", start_date=MONDAY)
        bti_set(actor=colleague, case=other, to_level=1, reason="Bekymring",
                holder=health_partner)
        health_partner.is_active = False
        health_partner.save(update_fields=["is_active"])
        overview = bti_overview()
    rows = {c.user_id: c for c in overview.coordinators}
    mine, theirs = rows[coordinator.pk], rows[colleague.pk]
    # Counted per child: each family has three children, one of them at level 1.
    assert (mine.cases, mine.by_level, mine.mappings_overdue, mine.no_stafettholder) == (
        1, [2, 1, 0, 0], 1, 1)
    assert (theirs.cases, theirs.by_level, theirs.mappings_overdue,
            theirs.no_stafettholder) == (1, [2, 1, 0, 0], 0, 1)
    metrics = {m.key: m.value for m in overview.metrics}
    assert metrics["no_stafettholder"] == "2" and metrics["mappings_overdue"] == "1"
    assert overview.level_totals == [4, 2, 0, 0] and overview.cases == 2
    by_unit = dict(zip(overview.by_unit.row_labels, overview.by_unit.cells, strict=True))
    assert by_unit["Helsestasjon Lillestrøm"] == ["0", "2", "0", "0"]


@pytest.mark.django_db
def test_the_leader_reminds_a_coordinator_once_a_day(client_as, busy, coordinator):
    client = client_as("bti1")
    with at(MONDAY, hour=10):
        page = client.get(reverse("followup:bti_overview")).content.decode()
        assert reverse("followup:coordinator_remind", args=[coordinator.pk]) in page
        for m in busy.members.select_related("person"):
            assert m.person.last_name not in page
        response = client.post(reverse("followup:coordinator_remind", args=[coordinator.pk]))
        assert response.status_code == 302
        [mail] = mails(coordinator.email)
        assert "- Kartlegginger over frist: 1" in mail.body
        notice = WorklistNotice.objects.get(kind="reminder")
        assert notice.sent_by.username == "bti1" and notice.recipient == coordinator
        page = client.get(reverse("followup:bti_overview")).content.decode()
        assert "Påminnet i dag" in page
        with pytest.raises(InvalidInput, match="allerede fått en påminnelse"):
            S.coordinator_remind(actor=notice.sent_by, coordinator=coordinator)
    assert len(mails(coordinator.email)) == 1


@pytest.mark.django_db
def test_only_an_active_coordinator_can_be_reminded(bti_leader, health_partner):
    with pytest.raises(InvalidInput, match="ikke en aktiv familiekoordinator"):
        S.coordinator_remind(actor=bti_leader, coordinator=health_partner)
    assert mails() == []


@pytest.mark.django_db
def test_the_overview_uses_a_constant_number_of_queries(client_as, demo_org, coordinator,
                                                        colleague, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("bti1")
    make_family(coordinator=coordinator, street="Vei 0")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("followup:bti_overview"))
    for n in range(1, 9):
        make_family(coordinator=coordinator if n % 2 else colleague, street=f"Vei {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("followup:bti_overview"))
