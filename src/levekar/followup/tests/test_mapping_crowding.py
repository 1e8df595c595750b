"""Crowding: the statistics' rule (SSB), as a table."""

import pytest

from levekar.core.lib.crowding import is_crowded

# persons, rooms, area m², crowded?
TABLE = [
    (4, 2, 48, True),        # the journey family: fewer rooms than persons and 12 m² each
    (4, 2, 100, False),      # fewer rooms, but 25 m² each is not below the limit
    (4, 2, 99, True),        # 24.75 m² each
    (4, 4, 60, False),       # as many rooms as persons
    (4, 3, 60, True),
    (1, 1, 24, True),        # one person in one room under 25 m²
    (1, 1, 25, False),       # one person, one room, exactly 25 m²
    (1, 2, 20, False),       # one person with two rooms
    (2, 1, 30, True),
    (3, 2, None, True),      # area unknown: the rooms decide
    (3, 3, None, False),
    (3, None, 60, True),     # rooms unknown: the area decides (20 m² each)
    (3, None, 75, False),
    (3, None, None, None),   # both unknown: unknown
    (5, 0, 20, True),
]


@pytest.mark.parametrize(("persons", "rooms", "area", "expected"), TABLE)
def test_crowding_follows_the_statistics_rule(persons, rooms, area, expected):
    assert is_crowded(persons=persons, rooms=rooms, area_m2=area) is expected


@pytest.mark.parametrize(("persons", "rooms", "area"), [(0, 2, 40), (2, -1, 40), (2, 2, -5)])
def test_crowding_refuses_impossible_households(persons, rooms, area):
    with pytest.raises(ValueError):
        is_crowded(persons=persons, rooms=rooms, area_m2=area)
