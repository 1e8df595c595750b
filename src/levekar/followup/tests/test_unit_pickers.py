"""The unit pickers of the plan forms offer the case's municipality's units for families,
grouped by kind (issue 11, item 8): NAV, helsestasjon, skole … as option groups."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from levekar.core.models import Municipality, OrgUnit
from levekar.followup import services as S
from levekar.followup.forms import MeetingForm, TaskForm
from levekar.followup.models import PlanArea
from levekar.followup.tests.case_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_municipality_unit(demo_org):
    other = Municipality.objects.create(code="3405", name="Lillehammer")
    return OrgUnit.objects.create(municipality=other, code="nav-lillehammer",
                                  name="NAV Lillehammer", kind=OrgUnit.Kind.NAV)


def _groups(html: str) -> dict[str, list[str]]:
    return {label: re.findall(r"<option[^>]*>([^<]+)</option>", body)
            for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html,
                                          re.S)}


def test_the_task_forms_unit_picker_is_grouped_by_kind_in_the_municipality(
        demo_org, other_municipality_unit):
    municipality = demo_org["municipality"]
    with translation.override("nb"):
        html = str(TaskForm(municipality_id=municipality.pk)["responsible_unit"])
    groups = _groups(html)
    assert list(groups)[:4] == ["NAV", "Helsestasjon", "Barnehage", "Skole"]
    assert groups["NAV"] == ["NAV Lillestrøm"]                       # not Lillehammer's
    assert groups["Helsestasjon"] == ["Helsestasjon Lillestrøm", "Helsestasjon Strømmen"]
    every = [name for names in groups.values() for name in names]
    assert "Kommunedirektørens stab" not in every                   # administration
    assert "NAV Lillehammer" not in every
    assert html.index("(") < html.index("<optgroup")                 # the empty choice first


def test_the_meeting_forms_units_are_grouped_and_still_validate(demo_org, journey):
    units = journey["units"]
    members = list(journey["case"].members.all())
    form = MeetingForm({"kind": "office", "date": "2026-01-05", "time": "10:00",
                        "status": "held", "units": [units["nav-lillestrom"].pk,
                                                    units["strommen-skole"].pk]},
                       members=members, municipality_id=demo_org["municipality"].pk)
    assert form.is_valid(), form.errors
    assert {u.code for u in form.cleaned_data["units"]} == {"nav-lillestrom", "strommen-skole"}
    refused = MeetingForm({"kind": "office", "date": "2026-01-05", "time": "10:00",
                           "status": "held", "units": [units["kommunedirektoren"].pk]},
                          members=members, municipality_id=demo_org["municipality"].pk)
    assert not refused.is_valid() and "units" in refused.errors


def test_the_action_form_on_the_page_groups_the_units(client, journey, coordinator,
                                                      other_municipality_unit):
    goal = S.goal_create(actor=coordinator, case=journey["case"], area=PlanArea.HOUSING,
                         title="Større bolig")
    client.force_login(coordinator)
    html = client.get(reverse("followup:action_create",
                              args=[journey["case"].pk, goal.pk])).content.decode()
    select = html[html.index('name="responsible_unit"'):]
    select = select[:select.index("</select>")]
    groups = _groups(select)
    assert groups["NAV"] == ["NAV Lillestrøm"]
    assert groups["Bolig"] == ["Boligkontoret"]
    assert groups["Skole"] == ["Skjetten skole", "Strømmen skole"]
