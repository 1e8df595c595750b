"""Small-cell suppression: the primary rule on every row, the secondary rule on zones."""

import pytest

from levekar.stats.engine import Params
from levekar.stats.engine.output import Row, indicator_lines, suppress
from levekar.stats.engine.tests.util import every_year, person, run


def row(area, num, den, *, level="zone", mun="0301", group="all", indicator="low_income_60",
        period="2024"):
    scope = "municipal" if level == "zone" else "national"
    return Row(period, level, area, indicator, group, scope, num, den,
               mun if level == "zone" else "")


@pytest.mark.parametrize(("num", "den", "hidden"), [
    (3, 50, True),  # numerator ≤ 3
    (4, 50, False),
    (47, 50, True),  # complement 3 ≤ 3
    (46, 50, False),
    (5, 9, True),  # denominator < 10
    (5, 10, False),
    (0, 40, True),
])
def test_the_primary_rule(num, den, hidden):
    rows = [row("0", num, den, level="country")]
    suppress(rows, Params())
    assert rows[0].suppressed is hidden


def test_the_limits_are_parameters():
    rows = [row("0", 5, 50, level="country")]
    suppress(rows, Params(suppress_numerator=5))
    assert rows[0].suppressed


def test_one_hidden_zone_hides_the_smallest_other_zone_ties_to_the_lowest_code():
    rows = [row("0301-01", 2, 80), row("0301-02", 10, 40), row("0301-04", 10, 30),
            row("0301-03", 10, 30), row("0301-05", 10, 60)]
    suppress(rows, Params())
    assert [r.area for r in rows if r.suppressed] == ["0301-01", "0301-03"]


def test_no_second_zone_is_hidden_when_two_already_are_or_none_is():
    rows = [row("0301-01", 2, 80), row("0301-02", 1, 40), row("0301-03", 10, 30)]
    suppress(rows, Params())
    assert [r.area for r in rows if r.suppressed] == ["0301-01", "0301-02"]
    rows = [row("0301-01", 20, 80), row("0301-02", 10, 40)]
    suppress(rows, Params())
    assert not [r for r in rows if r.suppressed]


def test_secondary_suppression_stays_within_municipality_indicator_group_and_period():
    rows = [row("0301-01", 2, 80), row("0301-02", 10, 40),
            row("1103-01", 10, 20, mun="1103"),  # another municipality
            row("0301-02", 10, 20, group="children"),  # another group
            row("0301-02", 10, 20, indicator="low_income_50"),  # another indicator
            row("0301-02", 10, 20, period="2023"),  # another period
            row("0301", 10, 20, level="municipality"), row("0", 10, 20, level="country")]
    suppress(rows, Params())
    assert [(r.area, r.group, r.indicator, r.period) for r in rows if r.suppressed] == [
        ("0301-01", "all", "low_income_60", "2024"), ("0301-02", "all", "low_income_60",
                                                       "2024")]


def test_secondary_suppression_can_be_turned_off():
    rows = [row("0301-01", 2, 80), row("0301-02", 10, 40)]
    suppress(rows, Params(secondary_suppression=False))
    assert [r.area for r in rows if r.suppressed] == ["0301-01"]


def test_a_suppressed_row_shows_neither_numerator_nor_percent():
    rows = [row("0301-01", 2, 80), row("0301-02", 10, 40), row("0301-03", 20, 40)]
    suppress(rows, Params())
    assert indicator_lines(rows) == [
        ["2024", "zone", "0301-01", "low_income_60", "all", "municipal", "", "80", "", "true"],
        ["2024", "zone", "0301-02", "low_income_60", "all", "municipal", "", "40", "", "true"],
        ["2024", "zone", "0301-03", "low_income_60", "all", "municipal", "20", "40", "50.0",
         "false"],
    ]


def test_the_engine_suppresses_by_default(tmp_path):
    def rows(year):
        zone_a = [person(year, f"a{i}", income=100_000 if i < 2 else 500_000,
                         zone="0301-01", rooms=3, area=90) for i in range(30)]
        zone_b = [person(year, f"b{i}", income=100_000 if i < 10 else 500_000,
                         zone="0301-02", rooms=3, area=90) for i in range(40)]
        zone_c = [person(year, f"c{i}", income=100_000 if i < 10 else 500_000,
                         zone="0301-03", rooms=3, area=90) for i in range(50)]
        return zone_a + zone_b + zone_c
    result = run(tmp_path, every_year(rows), params=Params())
    assert result.get("2022", "zone", "0301-01", "low_income_60") == ("", "30", "", "true")
    assert result.get("2022", "zone", "0301-02", "low_income_60") == ("", "40", "", "true")
    assert result.get("2022", "zone", "0301-03", "low_income_60") == ("10", "50", "20.0",
                                                                      "false")
    assert result.get("2022", "country", "0", "low_income_60") == ("22", "120", "18.3",
                                                                   "false")
    # Nobody is crowded: numerator 0 ≤ 3, every crowding row is hidden.
    assert result.get("2022", "country", "0", "crowding") == ("", "120", "", "true")
