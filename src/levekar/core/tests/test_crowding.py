import pytest

from levekar.core.lib.crowding import is_crowded


@pytest.mark.parametrize(("persons", "rooms", "area", "expected"), [
    (4, 2, 48, True),        # the journey family: 2 rooms, 48 m² for 4 persons
    (4, 4, 48, False),       # enough rooms
    (4, 2, 100, False),      # enough area
    (1, 1, 20, True),        # one person in one room under 25 m²
    (1, 1, 30, False),       # one room but 30 m²
    (1, 2, 20, False),       # two rooms for one person
    (3, 2, None, True),      # area unknown: rooms decide
    (3, 3, None, False),
    (3, None, 60, True),     # rooms unknown: area decides (20 m² per person)
    (3, None, 75, False),    # exactly 25 m² per person is not crowded (strictly less)
    (3, None, None, None),   # both unknown: left out
])
def test_crowding_rule(persons, rooms, area, expected):
    assert is_crowded(persons=persons, rooms=rooms, area_m2=area) is expected


def test_a_household_has_at_least_one_person():
    with pytest.raises(ValueError, match="minst én person"):
        is_crowded(persons=0, rooms=1, area_m2=10)
