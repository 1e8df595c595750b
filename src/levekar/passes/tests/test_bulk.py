"""The bulk writer of the imports: dates in SQLite's JSON batches as the backend adapts
them."""

import datetime as dt
import decimal

import pytest
from django.db import connection
from django.utils import timezone

from levekar.passes.services import _bulk


def test_dates_and_datetimes_in_a_json_batch_are_what_the_backend_writes():
    moment = timezone.make_aware(dt.datetime(2026, 3, 1, 12, 30, 5))
    json_value = _bulk._json_values(connection.ops)
    assert json_value(dt.date(2016, 5, 2)) == \
        connection.ops.adapt_datefield_value(dt.date(2016, 5, 2))
    assert json_value(moment) == connection.ops.adapt_datetimefield_value(moment)
    with pytest.raises(TypeError):
        json_value(decimal.Decimal("1.5"))
