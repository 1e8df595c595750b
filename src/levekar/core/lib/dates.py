"""Dates (pure; no Django)."""

import datetime as dt


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    """Whole years of age on ``day`` (a birthday counts on the day); None when unknown."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
