"""The pure rules: a family's verdict per domain, and suppression of a table of shares."""

import pytest

from levekar.evaluation.lib import (
    IMPROVED,
    UNCHANGED,
    WORSE,
    Domain,
    domain_verdicts,
    suppress_rows,
)
from levekar.followup import instruments

INST = instruments.registry().current("mapping")
QOL = Domain("qol", {"nb": "Livskvalitet"}, ("quality_of_life",), ())
HOUSING = Domain("housing", {"nb": "Bolig"}, ("housing_standard_ok",), ("crowded",))
ECONOMY = Domain("economy", {"nb": "Økonomi"}, ("has_debt", "debt_amount", "payment_problems"), ())


def _verdict(domain, start, later):
    return domain_verdicts([domain], INST, start, INST, later)[domain.id]


def _person(pid, **items):
    return {"household": {}, "persons": {str(pid): items}}


@pytest.mark.parametrize(("start", "later", "expected"), [
    (4, 6, IMPROVED), (6, 4, WORSE), (5, 5, UNCHANGED), (None, 5, None), (5, None, None),
])
def test_quality_of_life_compares_the_same_person_in_both_mappings(start, later, expected):
    s = _person(1, quality_of_life=start) if start is not None else _person(1)
    lt = _person(1, quality_of_life=later) if later is not None else _person(1)
    assert _verdict(QOL, s, lt) == expected


def test_a_person_only_in_the_later_mapping_is_not_compared():
    assert _verdict(QOL, _person(1, quality_of_life=4), _person(2, quality_of_life=9)) is None


def test_two_adults_one_better_one_worse_is_unchanged():
    s = {"household": {}, "persons": {"1": {"quality_of_life": 4}, "2": {"quality_of_life": 7}}}
    lt = {"household": {}, "persons": {"1": {"quality_of_life": 6}, "2": {"quality_of_life": 5}}}
    assert _verdict(QOL, s, lt) == UNCHANGED


@pytest.mark.parametrize(("start", "later", "expected"), [
    # crowding: 4 persons in 2 rooms and 48 m² is crowded; 4 rooms and 100 m² is not
    ({"persons": 4, "rooms": 2, "area_m2": 48}, {"persons": 4, "rooms": 4, "area_m2": 100},
     IMPROVED),
    ({"persons": 4, "rooms": 4, "area_m2": 100}, {"persons": 4, "rooms": 2, "area_m2": 48}, WORSE),
    ({"housing_standard_ok": False}, {"housing_standard_ok": True}, IMPROVED),
    ({"housing_standard_ok": True, "persons": 4, "rooms": 2, "area_m2": 48},
     {"housing_standard_ok": False, "persons": 4, "rooms": 4, "area_m2": 100}, UNCHANGED),
    ({}, {}, None),
])
def test_housing_counts_the_standard_and_crowding(start, later, expected):
    assert _verdict(HOUSING, {"household": start}, {"household": later}) == expected


def test_less_debt_and_fewer_payment_problems_is_better():
    s = {"household": {"has_debt": True, "debt_amount": 50000,
                       "payment_problems": ["strom", "inkasso"]}}
    lt = {"household": {"has_debt": True, "debt_amount": 20000, "payment_problems": ["strom"]}}
    assert _verdict(ECONOMY, s, lt) == IMPROVED


def test_an_unanswered_tick_list_is_not_counted_as_none_ticked():
    s = {"household": {"payment_problems": ["strom"]}}
    assert _verdict(ECONOMY, s, {"household": {}}) is None


# --- suppression --------------------------------------------------------------------------------

def _texts(row):
    return [c.text for c in row.cells]


def test_a_row_with_enough_families_in_every_cell_is_shown():
    (row,) = suppress_rows([("all", [10, 5, 5])])
    assert _texts(row) == ["50,0", "25,0", "25,0"]
    assert row.total_text == "20"


def test_a_cell_of_one_to_three_families_is_hidden_and_the_smallest_other_with_it():
    (row,) = suppress_rows([("all", [12, 2, 6])])
    # 2 is hidden (primary); 6 would give it away (20 − 12 − 6), so it is hidden too.
    assert _texts(row) == ["60,0", ":", ":"]


def test_without_secondary_suppression_only_the_small_cell_is_hidden():
    (row,) = suppress_rows([("all", [12, 2, 6])], secondary=False)
    assert _texts(row) == ["60,0", ":", "30,0"]


def test_a_group_of_fewer_than_ten_families_shows_no_shares():
    (row,) = suppress_rows([("all", [5, 2, 2])])
    assert _texts(row) == [":", ":", ":"]
    assert row.total_text == "9"


def test_a_group_of_one_or_two_families_hides_even_its_count_and_a_second_group():
    rows = suppress_rows([("a", [10, 6, 6]), ("b", [1, 1, 0]), ("c", [9, 5, 5]),
                          ("d", [20, 10, 10])])
    a, b, c, d = rows
    assert b.total_text == ":" and _texts(b) == [":", ":", ":"]
    # b alone hidden would be total − a − c − d: the smallest shown group (c, 19) goes too.
    assert _texts(c) == [":", ":", ":"]
    assert _texts(a) == ["45,5", "27,3", "27,3"] and _texts(d) == ["50,0", "25,0", "25,0"]


def test_when_two_groups_are_hidden_no_third_is_needed():
    rows = suppress_rows([("a", [10, 6, 6]), ("b", [1, 1, 0]), ("c", [2, 0, 0])])
    assert [r.hidden for r in rows] == [False, True, True]
