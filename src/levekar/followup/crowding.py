"""Trangboddhet (crowding): the statistics' rule as one pure function.

SSB's definition, used by the kunnskapsgrunnlag: a household is crowded when BOTH
  1. there are fewer rooms than persons, or one person lives in one room, AND
  2. there are fewer than 25 m² per person.
When one of rooms / floor area is unknown, the other criterion decides alone; when both
are unknown the answer is unknown (``None``).

The lead should move this into ``levekar.core.lib`` so the statistics engine and the
mapping share one implementation (it imports nothing).
"""

AREA_PER_PERSON_LIMIT_M2 = 25


def is_crowded(*, persons: int, rooms: int | None, area_m2: float | None) -> bool | None:
    """True/False by the statistics' rule, or None when neither rooms nor area is known.

    ``rooms`` counts living rooms and bedrooms (not kitchen, bathroom, hall).
    Raises ValueError when ``persons`` is below one or a size is negative.
    """
    if persons < 1:
        raise ValueError("persons must be at least 1")
    if (rooms is not None and rooms < 0) or (area_m2 is not None and area_m2 < 0):
        raise ValueError("rooms and area cannot be negative")
    by_rooms = None if rooms is None else (rooms < persons or (persons == 1 and rooms == 1))
    by_area = None if area_m2 is None else (area_m2 / persons < AREA_PER_PERSON_LIMIT_M2)
    if by_rooms is None and by_area is None:
        return None
    if by_rooms is None:
        return by_area
    if by_area is None:
        return by_rooms
    return by_rooms and by_area
