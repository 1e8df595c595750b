"""Trangboddhet for one household, by the rule of spec/statistics.md.

The statistics engine applies the same rule in SQL over register data; the family
follow-up applies it to a mapping. One definition, so the two never disagree.
"""


def is_crowded(*, persons: int, rooms: int | None, area_m2: float | None) -> bool | None:
    """True/False, or None when both rooms and area are unknown.

    ``rooms_rule = rooms < persons or (persons == 1 and rooms == 1)``,
    ``area_rule = area_m2 / persons < 25``. Crowded when both hold; when one of the two
    is missing, the other decides.
    """
    if persons <= 0:
        raise ValueError("En husstand har minst én person.")
    if rooms is not None and rooms < 0:
        raise ValueError("Antall rom kan ikke være negativt.")
    if area_m2 is not None and area_m2 < 0:
        raise ValueError("Arealet kan ikke være negativt.")
    rooms_rule = None if rooms is None else (rooms < persons or (persons == 1 and rooms == 1))
    area_rule = None if area_m2 is None else (area_m2 / persons < 25)
    if rooms_rule is None and area_rule is None:
        return None
    if rooms_rule is None:
        return area_rule
    if area_rule is None:
        return rooms_rule
    return rooms_rule and area_rule
