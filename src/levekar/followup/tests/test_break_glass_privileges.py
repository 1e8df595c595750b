"""Break-the-glass against privilege changes (finding 4): the list shows the unit the user
had at the time, and a grant by someone who got the coordinator role less than a day
before is flagged to the BTI leader."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from levekar.core.privileges import acting_as
from levekar.followup import services
from levekar.followup.tests.case_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
FLAG = "Fikk rollen for under 24 timer siden"


def _list(client, bti_leader):
    client.force_login(bti_leader)
    response = client.get("/familier/bti/nodtilganger/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_the_unit_the_user_had_when_breaking_the_glass(
        client, journey, colleague, bti_leader, demo_org):
    # Two days after the demo accounts were made: the role is not new.
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        services.break_glass_open(
            category="coordinator_absent", actor=colleague, case=journey["case"],
            reason="Kari er syk, familien trenger hjelp i dag.")
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        colleague.org_unit = demo_org["units"]["nav-lillestrom"]
        with acting_as(demo_org["users"]["admin"]):
            colleague.save()
        page = _list(client, bti_leader)
    assert "Kåre Koordinator, Familieteamet" in page
    assert "Kåre Koordinator, NAV Lillestrøm" not in page
    assert FLAG not in page


def test_break_the_glass_soon_after_getting_the_role_is_flagged(
        client, journey, analyst, bti_leader, demo_org, django_assert_max_num_queries):
    with acting_as(demo_org["users"]["admin"]):
        analyst.groups.add(Group.objects.get(name="familiekoordinator"))
        analyst.org_unit = demo_org["units"]["familieteamet"]
        analyst.save()
    analyst = type(analyst).objects.get(pk=analyst.pk)
    services.break_glass_open(category="coordinator_absent", actor=analyst,
                              case=journey["case"],
                              reason="Kari er syk, familien trenger hjelp i dag.")
    client.force_login(bti_leader)
    with django_assert_max_num_queries(10):
        page = client.get("/familier/bti/nodtilganger/").content.decode()
    assert FLAG in page
    # A grant two days after the role was given is not flagged.
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        services.break_glass_open(
            category="coordinator_absent", actor=analyst, case=journey["case"],
            reason="Fortsatt syk, trenger planen igjen i dag.")
        assert _list(client, bti_leader).count(FLAG) == 1
