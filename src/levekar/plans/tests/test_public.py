"""The public plan pages: adopted plans, each measure's yearly status and report, and
only published figures (never computed-only ones), in Norwegian or English."""

import pytest

from levekar.plans.evidence import (
    IndicatorPoint,
    register_indicator_source,
    unregister_indicator_source,
)
from levekar.plans.models import ActionPlan, Deviation, Measure, Progress
from levekar.plans.services import measure_report_save, reporting_round_start
from levekar.plans.tests.conftest import PLAN

pytestmark = pytest.mark.django_db


def _trend(links):
    return [[IndicatorPoint("2020-2022", 12.6, False, "national", "SSB", True),
             IndicatorPoint("2021-2023", None, True, "national", "SSB", True),
             IndicatorPoint("2022-2024", 11.8, False, "national", "Levekår", False)]
            if link.indicator == "persistent_low_income_60" else [] for link in links]


@pytest.fixture
def source():
    register_indicator_source(_trend)
    yield
    unregister_indicator_source(_trend)


@pytest.fixture
def reported(example_plan, plan_owner):
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    measure_report_save(round=rnd, measure=measure, actor=plan_owner,
                        progress=Progress.IN_PROGRESS, narrative="Ti familier er i gang.",
                        indicator_value=None, expected_version=None,
                        deviation=Deviation.ON_TRACK)
    return example_plan


def test_anyone_sees_adopted_plans_with_their_yearly_status(client, reported, source):
    listing = client.get("/handlingsplaner/").content.decode()
    assert reported.title in listing
    page = client.get(f"/handlingsplaner/{PLAN}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ti familier er i gang." in html and "På sporet" in html
    assert "Vedvarende lavinntekt (EU-60) – barn 0–17 år" in html


def test_only_published_figures_are_shown_and_suppressed_ones_stay_hidden(
        client, reported, source):
    html = client.get(f"/handlingsplaner/{PLAN}/").content.decode()
    assert "12,6" in html  # published by SSB
    assert "11,8" not in html  # computed by the municipality only
    assert '<td class="lk-num">:</td>' in html  # suppressed stays ":"


def test_a_plan_not_adopted_is_not_public(client, reported):
    ActionPlan.objects.filter(pk=reported.pk).update(adopted_date=None)
    assert client.get(f"/handlingsplaner/{PLAN}/").status_code == 404
    assert reported.title not in client.get("/handlingsplaner/").content.decode()


def test_the_public_page_is_in_english_for_an_english_browser(client, reported):
    html = client.get(f"/handlingsplaner/{PLAN}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What has been done" in html and "On track" in html


@pytest.mark.parametrize("extra", [0, 30])
def test_the_public_page_uses_a_constant_number_of_queries(
        client, reported, plan_owner, source, django_assert_max_num_queries, extra):
    from levekar.plans.services import measure_create

    goal = reported.goals.first()
    for i in range(extra):
        measure_create(plan=reported, actor=plan_owner, goal=goal, title=f"Tiltak {i}",
                       code=f"x.{i}")
    with django_assert_max_num_queries(12):
        assert client.get(f"/handlingsplaner/{PLAN}/").status_code == 200
