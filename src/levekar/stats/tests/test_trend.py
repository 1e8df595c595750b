import dataclasses
import time

import pytest
from django.conf import settings

from levekar.stats.selectors import TrendPoint, indicator_trend
from levekar.stats.services import published_table_import, result_set_load
from levekar.stats.tests.factories import write_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_ssb(small_result):
    name = "ssb_12944_demo.json"
    published_table_import(data=(settings.REPO_DIR / "data" / "stats" / name).read_bytes(),
                           file_name=name)
    return small_result


def test_the_trend_joins_computed_and_published_figures_in_period_order(with_ssb):
    points = indicator_trend(indicator="persistent_low_income_60", area="0")
    assert [(p.period, p.percent, p.published) for p in points] == [
        ("2017-2019", 11.7, True), ("2018-2020", 11.7, True), ("2019-2021", 11.3, True),
        ("2020-2022", 10.6, True), ("2021-2023", 9.9, True), ("2022-2024", 10.0, False)]
    assert points[-1].source == "Testkjøring" and points[-1].threshold_scope == "national"
    assert points[0].source == "SSB (håndlaget demo), tabell 12944"
    with pytest.raises(dataclasses.FrozenInstanceError):
        points[0].percent = 1.0


def test_a_suppressed_zone_figure_has_no_number(with_ssb):
    point, = indicator_trend(indicator="persistent_low_income_60", area="3205-02")
    assert point == TrendPoint(period="2022-2024", percent=None, suppressed=True,
                               threshold_scope="municipal", source="Testkjøring",
                               published=False)


def test_the_group_is_chosen_and_annual_years_sort_by_year(with_ssb):
    points = indicator_trend(indicator="crowding", area="3205", group="all")
    assert [(p.period, p.percent, p.threshold_scope) for p in points] == [("2024", 21.0, "")]
    assert indicator_trend(indicator="crowding", area="3205") == []  # no children's row


def test_only_the_newest_computed_result_counts(with_ssb, tmp_path):
    time.sleep(0.01)
    result_set_load(paths=[write_result(tmp_path / "r", last_year=2023)], source="Nyere")
    computed = [p for p in indicator_trend(indicator="persistent_low_income_60", area="0")
                if not p.published]
    assert [(p.period, p.source) for p in computed] == [("2021-2023", "Nyere")]


def test_no_data_gives_an_empty_trend(db):
    assert indicator_trend(indicator="low_income_60", area="3205") == []


def test_a_plan_measure_linked_to_an_indicator_shows_its_trend(with_ssb):
    from levekar.plans.evidence import indicator_points
    from levekar.plans.models import IndicatorLink

    link = IndicatorLink(indicator="persistent_low_income_60", area="0", group="children",
                         target=9.0, target_year=2030)
    points = indicator_points(link)
    assert [(p.period, p.percent, p.published) for p in points][-2:] == [
        ("2021-2023", 9.9, True), ("2022-2024", 10.0, False)]
    assert points[-1].source == "Testkjøring"
