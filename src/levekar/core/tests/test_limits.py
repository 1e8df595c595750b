"""The caps every parser of outside files goes through (core.lib.limits)."""

import json

import pytest

from levekar.core.lib import limits


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000,
                                  json.dumps(json.loads("[" * 80 + "]" * 80))])
def test_json_nested_deeper_than_a_real_file_is_refused(text):
    with pytest.raises(limits.LimitExceeded, match="nøstet for dypt"):
        limits.json_loads(text)


def test_ordinary_json_is_read():
    assert limits.json_loads('{"a": [[1, 2], {"b": null}]}') == {"a": [[1, 2], {"b": None}]}


def test_json_over_the_size_cap_is_refused():
    with pytest.raises(limits.LimitExceeded, match="Filen er for stor"):
        limits.json_loads("[" + "1," * 1000 + "1]", max_bytes=1000)


def test_csv_rows_name_the_line_of_a_field_that_is_too_long():
    text = "a;b\n1;2\n3;" + "x" * 200_000 + "\n"
    rows = limits.csv_rows(text, delimiter=";")
    assert next(rows) == (1, ["a", "b"]) and next(rows) == (2, ["1", "2"])
    with pytest.raises(limits.LimitExceeded, match="Linje 3: et felt er lengre enn 128 kB"):
        next(rows)


def test_a_deadline_that_has_passed_stops_the_parser():
    deadline = limits.Deadline(seconds=0)
    with pytest.raises(limits.LimitExceeded, match="tok mer enn 0 sekunder"):
        deadline.check()
