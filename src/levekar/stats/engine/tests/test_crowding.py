"""Crowding (trangboddhet): the rooms rule, the area rule and each missing-data case."""

import pytest

from levekar.stats.engine.tests.util import every_year, person, run


def household(year, hid, ages, rooms, area, *, student=False, mun="0301"):
    return [person(year, f"{hid}-{i}", hid, age=a, income=300_000, rooms=rooms, area=area,
                   student=student, mun=mun) for i, a in enumerate(ages)]


CASES = [
    # (ages, rooms, area, crowded?) — crowded when both rules hold
    ((40, 38), 1, 40, True),  # 1 room < 2 persons, 20 m² each
    ((40, 38), 1, 60, False),  # 30 m² each: the area rule fails
    ((40, 38), 2, 30, False),  # 2 rooms for 2: the rooms rule fails
    ((30,), 1, 20, True),  # one person in one room, 20 m²
    ((30,), 1, 25, False),  # 25 m² is not below 25
    ((30,), 2, 20, False),  # one person, two rooms
]


@pytest.mark.parametrize(("ages", "rooms", "area", "crowded"), CASES)
def test_both_rules_must_hold(tmp_path, ages, rooms, area, crowded):
    result = run(tmp_path, every_year(lambda y: household(y, "h", ages, rooms, area)))
    n = len(ages)
    assert result.count("2022", "country", "0", "crowding") == (n if crowded else 0, n)


@pytest.mark.parametrize(("ages", "rooms", "area", "crowded"), [
    ((40, 38, 5), None, 60, True),  # no rooms: 20 m² each decides
    ((40, 38, 5), None, 90, False),  # no rooms: 30 m² each decides
    ((40, 38, 5), 2, None, True),  # no area: 2 rooms for 3 decides
    ((40, 38, 5), 3, None, False),  # no area: 3 rooms for 3 decides
    ((30,), 1, None, True),  # no area: one person in one room
])
def test_when_one_value_is_missing_the_other_decides(tmp_path, ages, rooms, area, crowded):
    result = run(tmp_path, every_year(lambda y: household(y, "h", ages, rooms, area)))
    n = len(ages)
    assert result.count("2023", "country", "0", "crowding") == (n if crowded else 0, n)
    if 5 in ages:
        assert result.count("2023", "country", "0", "crowding", "children") == (
            1 if crowded else 0, 1)


def test_with_both_missing_the_household_is_left_out_of_the_denominator(tmp_path):
    def rows(year):
        return (household(year, "unknown", (40, 38, 5), None, None)
                + household(year, "known", (40, 6), 1, 40))
    result = run(tmp_path, every_year(rows))
    assert result.count("2024", "country", "0", "crowding") == (2, 2)
    assert result.count("2024", "country", "0", "crowding", "children") == (1, 1)


def test_every_person_counts_students_included_and_rows_need_a_known_person(tmp_path):
    def rows(year):
        return (household(year, "fam", (40, 38, 5), 2, 50)
                + household(year, "stud", (21,), 1, 18, student=True, mun="5001")
                + household(year, "nodata", (30,), None, None, mun="4601"))
    result = run(tmp_path, every_year(rows))
    assert result.count("2022", "country", "0", "crowding") == (4, 4)
    # Trondheim has only a student household: crowding, but no low-income rows.
    assert result.count("2022", "municipality", "5001", "crowding") == (1, 1)
    assert not [k for k in result.indicators if k[2] == "5001" and "low" in k[3]]
    # Bergen has nobody of known crowding status: no crowding row at all.
    assert not [k for k in result.indicators if k[2] == "4601" and k[3] == "crowding"]
    assert result.count("2022", "municipality", "4601", "low_income_60") == (0, 1)


def test_a_year_with_nobody_in_scope_still_has_crowding(tmp_path):
    def rows(year):
        if year == 2023:  # only a student household this year
            return household(year, "stud", (21,), 1, 18, student=True)
        return household(year, "fam", (40, 38, 5), 2, 50)
    result = run(tmp_path, every_year(rows))
    assert result.count("2023", "country", "0", "crowding") == (1, 1)
    assert not [k for k in result.indicators if k[0] == "2023" and "low" in k[3]]
    assert not [k for k in result.indicators if k[0] == "2022-2024"]
    assert result.count("2022", "country", "0", "low_income_60") == (0, 3)
