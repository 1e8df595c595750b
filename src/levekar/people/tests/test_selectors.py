import datetime as dt

import pytest

from levekar.people.selectors import person_by_national_id
from levekar.people.services import person_create

pytestmark = pytest.mark.django_db


def test_a_person_is_found_by_a_national_id_written_with_spaces_or_a_hyphen(coordinator):
    person = person_create(actor=coordinator, first_name="Kari", last_name="Nordmann",
                           national_id="15108695088", birth_date=dt.date(1986, 10, 15))
    assert person_by_national_id("151086 95088") == person
    assert person_by_national_id("151086-95088") == person
    assert person_by_national_id("15108695077") is None   # wrong check digits
    assert person_by_national_id("") is None
