import datetime as dt

import pytest

from levekar.core.lib.dates import age_on


@pytest.mark.parametrize(("birth", "day", "age"), [
    (dt.date(2010, 3, 2), dt.date(2026, 3, 1), 15),   # the day before the 16th birthday
    (dt.date(2010, 3, 2), dt.date(2026, 3, 2), 16),   # the birthday itself
    (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),  # born on 29 February
    (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    (None, dt.date(2026, 1, 1), None),
])
def test_age_on(birth, day, age):
    assert age_on(birth, day) == age
