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


def _csv_module_rows(text: str, delimiter: str) -> list:
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(reader.line_num, row) for row in reader]


def test_csv_rows_without_quotes_are_the_rows_csv_reader_gives():
    """Files without quotes are split with ``str.split``: same rows and line numbers as
    ``csv.reader`` for blank lines, empty fields, spaces, a missing or present final line
    break and the other delimiter inside a field; files with quotes or carriage returns
    still go through ``csv.reader``."""
    import random

    rng = random.Random(15)
    alphabet = ["a", "Ø", ";", ",", " ", "\n", "\n", "\t", "7", "\u2028", "\x0c"]
    texts = ["", "\n", "a", "a;b\n\n;\n", "x;y\n1;2", "x;y\n1;2\n\n\n", "é\n;;\n \n"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
              for _ in range(2000)]
    for text in texts:
        for delimiter in ";,":
            assert limits._plain_csv_rows(text, delimiter, 10_000) is not None
            assert list(limits.csv_rows(text, delimiter=delimiter, header=True)) == \
                _csv_module_rows(text, delimiter), repr(text)
    for text in ['a;"b;c"\n1;2\n', "a;b\r\n1;2\r\n", "a\rb\n"]:
        assert limits._plain_csv_rows(text, ";", 10_000) is None
        assert list(limits.csv_rows(text, delimiter=";")) == _csv_module_rows(text, ";")


def test_csv_rows_over_the_row_cap_are_refused_without_quotes_too():
    text = "nr\n" + "".join(f"{i}\n" for i in range(6))
    assert len(list(limits.csv_rows(text, delimiter=";", max_rows=6, header=True))) == 7
    with pytest.raises(limits.LimitExceeded, match="Linje 7: filen har mer enn 5 rader"):
        list(limits.csv_rows(text, delimiter=";", max_rows=5, header=True))
