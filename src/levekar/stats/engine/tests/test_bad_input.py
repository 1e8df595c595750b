# ruff: noqa: S608  (test SQL over temporary file names)
"""Bad input is refused as a whole, naming file, row and column; nothing is written."""

import duckdb
import pytest

from levekar.stats.engine import InputError, compute
from levekar.stats.engine.tests.util import COLUMNS, OPEN, every_year, person, write_csv


def good(year):
    return [person(year, "a", "h1", income=300_000, rooms=3, area=70, zone="0301-01"),
            person(year, "b", "h1", age=10, rooms=3, area=70, zone="0301-01"),
            person(year, "c", income=200_000, rooms=1, area=30, zone="0301-02")]


def refused(tmp_path, data, **kwargs) -> list[str]:
    out = tmp_path / "out"
    with pytest.raises(InputError) as err:
        compute(input_path=data, period=kwargs.pop("period", (2022, 2024)), out_dir=out,
                params=OPEN, **kwargs)
    assert not out.exists(), "nothing may be written on bad input"
    assert err.value.problems
    return err.value.problems


def csv_with(tmp_path, change, name="persons.csv"):
    """The good rows as CSV text, with ``change(lines)`` applied to the list of lines."""
    path = write_csv(tmp_path / name, every_year(good))
    lines = path.read_text(encoding="utf-8").splitlines()
    change(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def set_field(lines, line_no, column, value):
    fields = lines[line_no - 1].split(",")
    fields[COLUMNS.index(column)] = value
    lines[line_no - 1] = ",".join(fields)


def test_the_good_rows_are_accepted(tmp_path):
    data = write_csv(tmp_path / "persons.csv", every_year(good))
    summary = compute(input_path=data, period=(2022, 2024), out_dir=tmp_path / "o",
                      params=OPEN)
    assert summary["person_years"] == 9


def test_a_missing_column(tmp_path):
    rows = every_year(good)
    data = write_csv(tmp_path / "p.csv", rows, [c for c in COLUMNS if c != "rooms"])
    assert refused(tmp_path, data) == [f"{data}, rad 1, kolonne rooms: kolonnen mangler"]


def test_a_misspelt_column_is_named_with_the_likely_intended_one(tmp_path):
    data = csv_with(tmp_path, lambda lines: lines.__setitem__(
        0, lines[0].replace("person_id", "persn_id")))
    assert refused(tmp_path, data) == [
        f"{data}, rad 1, kolonne person_id: kolonnen mangler (fant «persn_id» – feilstavet?)"]


@pytest.mark.parametrize(("column", "value", "message"), [
    ("income_after_tax", "12a", "«12a» er ikke et heltall"),
    ("income_after_tax", "12.5", "«12.5» er ikke et heltall"),
    ("birth_year", "", "mangler verdi"),
    ("year", "2022x", "«2022x» er ikke et heltall"),
    ("student", "yes", "«yes» er ikke en sannhetsverdi (true/false/1/0)"),
    ("municipality", "301", "«301» er ikke et kommunenummer med fire sifre"),
    ("area_m2", "12,5", None),  # a comma splits the field: the row has too many fields
    ("area_m2", "abc", "«abc» er ikke et tall (bruk punktum som desimaltegn)"),
    ("area_m2", "-5", "arealet må være større enn 0 (fant «-5»)"),
    ("rooms", "0", "antall rom må være minst 1 (fant «0»)"),
    ("person_id", "", "mangler verdi"),
    ("birth_year", "2030", "fødselsåret «2030» er etter året i kolonnen year"),
])
def test_a_wrong_value_is_named_by_row_and_column(tmp_path, column, value, message):
    # Line 4 of the file is the third person row of 2022.
    data = csv_with(tmp_path, lambda lines: set_field(lines, 4, column, value))
    problems = refused(tmp_path, data)
    if message is None:
        assert problems == [f"{data}, rad 4: feil antall felt (ventet 10, fant 11)"]
    else:
        assert problems == [f"{data}, rad 4, kolonne {column}: {message}"]


def test_every_wrong_value_is_reported_up_to_a_limit(tmp_path):
    def change(lines):
        set_field(lines, 2, "rooms", "x")
        set_field(lines, 2, "student", "maybe")
        set_field(lines, 7, "year", "")
    data = csv_with(tmp_path, change)
    assert refused(tmp_path, data) == [
        f"{data}, rad 2, kolonne student: «maybe» er ikke en sannhetsverdi (true/false/1/0)",
        f"{data}, rad 2, kolonne rooms: «x» er ikke et heltall",
        f"{data}, rad 7, kolonne year: mangler verdi",
    ]


def test_a_wrong_type_in_parquet_is_named_by_row_and_column(tmp_path):
    data = write_csv(tmp_path / "p.csv", every_year(good))
    pq = tmp_path / "p.parquet"
    duckdb.execute(f"""COPY (SELECT * REPLACE (CASE WHEN person_id = 'c' AND year = 2023
        THEN 1.5 ELSE rooms END AS rooms) FROM read_csv('{data}',
        types={{'municipality': 'VARCHAR'}})) TO '{pq}' (FORMAT parquet)""")
    assert refused(tmp_path, pq) == [f"{pq}, rad 6, kolonne rooms: «1.5» er ikke et heltall"]


def test_a_duplicate_person_in_a_year(tmp_path):
    rows = [*every_year(good), person(2023, "c", "h9", income=5)]
    data = write_csv(tmp_path / "p.csv", rows)
    assert refused(tmp_path, data) == [
        f"{data}, rad 11, kolonne person_id: personen «c» står flere ganger for år 2023 "
        f"(også i {data}, rad 7)"]


@pytest.mark.parametrize(("column", "value", "shown", "first"), [
    ("municipality", "1103", "1103", "0301"),
    ("rooms", "4", "4", "3"),
    ("rooms", "", "tom", "3"),
    ("area_m2", "71.5", "71.5", "70"),
])
def test_household_members_must_agree(tmp_path, column, value, shown, first):
    data = csv_with(tmp_path, lambda lines: set_field(lines, 3, column, value))
    assert refused(tmp_path, data) == [
        f"{data}, rad 3, kolonne {column}: husholdningen «h1» i 2022 har {shown} her, men "
        f"{first} i {data}, rad 2 (medlemmene må være enige)"]


def test_a_zone_lies_in_one_municipality(tmp_path):
    data = csv_with(tmp_path, lambda lines: set_field(lines, 10, "municipality", "1103"))
    assert refused(tmp_path, data) == [
        f"{data}, rad 10, kolonne zone: sonen «0301-02» ligger i kommune 1103 her, men i "
        f"kommune 0301 i {data}, rad 4 (en sone ligger i én kommune)"]


def test_problems_across_files_name_each_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for year in (2022, 2023, 2024):
        write_csv(folder / f"persons_{year}.csv", good(year))
    write_csv(folder / "extra.csv", [person(2023, "a", "x", income=1)])
    # Files are read in name order: extra.csv first, so its row is the first occurrence.
    assert refused(tmp_path, folder) == [
        f"{folder / 'persons_2023.csv'}, rad 2, kolonne person_id: personen «a» står flere "
        f"ganger for år 2023 (også i {folder / 'extra.csv'}, rad 2)"]


def test_an_empty_file_and_a_file_without_rows(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert refused(tmp_path, empty) == [f"{empty}: filen er tom"]
    header = tmp_path / "header.csv"
    header.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    assert refused(tmp_path, header) == [f"{header}: filen har ingen rader under overskriften"]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("broken.parquet", b"PAR1 this is not parquet", "kan ikke leses som Parquet"),
    ("latin1.csv", None, "rad 3: teksten er ikke UTF-8"),
    ("short.csv", None, "rad 3: feil antall felt (ventet 10, fant 9)"),
])
def test_an_unreadable_file(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    elif name == "latin1.csv":
        write_csv(path, every_year(good))
        raw = path.read_bytes().splitlines()
        raw[2] = raw[2].replace(b"0301-01", "Bjørnholt".encode("latin-1"))
        path.write_bytes(b"\n".join(raw) + b"\n")
    else:
        write_csv(path, every_year(good))
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[2] = lines[2].rsplit(",", 1)[0]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = refused(tmp_path, path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}")
    assert message in problems[0]


def test_a_path_that_does_not_exist_and_a_folder_without_data(tmp_path):
    assert refused(tmp_path, tmp_path / "nope.csv") == [f"{tmp_path / 'nope.csv'}: finnes ikke"]
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    assert refused(tmp_path, folder) == [
        f"{folder}: mappen har ingen .csv- eller .parquet-filer"]


def test_a_year_of_the_period_without_rows(tmp_path):
    data = write_csv(tmp_path / "p.csv", every_year(good, years=(2022, 2024)))
    assert refused(tmp_path, data) == ["Inndata har ingen rader for år 2023 (perioden er "
                                       "2022–2024)"]


def test_the_period_must_be_three_years(tmp_path):
    data = write_csv(tmp_path / "p.csv", every_year(good))
    assert refused(tmp_path, data, period=(2022, 2025)) == [
        "Perioden må være tre år (fikk 2022–2025)"]


@pytest.mark.parametrize(("content", "message"), [
    ("year,index\n2022,100\n2024,110\n", "mangler indeksen for år 2023"),
    ("year,index\n2022,100\n2023,abc\n2024,110\n", "rad 3, kolonne index: «abc» er ikke et "
                                                   "positivt tall"),
    ("year,index\n2022,100\n2023,0\n2024,110\n", "rad 3, kolonne index: «0» er ikke et "
                                                 "positivt tall"),
    ("year,index\n2022,100\n2022,101\n", "rad 3, kolonne year: året 2022 står også på rad 2"),
    ("år,index\n2022,100\n", "rad 1, kolonne year: kolonnen mangler"),
    ("", "filen er tom"),
])
def test_a_bad_cpi_file(tmp_path, content, message):
    data = write_csv(tmp_path / "p.csv", every_year(good))
    cpi = tmp_path / "kpi.csv"
    cpi.write_text(content, encoding="utf-8")
    problems = refused(tmp_path, data, cpi_path=cpi)
    assert problems[0] == f"{cpi}: {message}" or problems[0] == f"{cpi}, {message}"


def test_whole_numbers_stored_as_floats_in_parquet_are_accepted(tmp_path):
    data = write_csv(tmp_path / "p.csv", every_year(good))
    pq = tmp_path / "p.parquet"
    duckdb.execute(f"""COPY (SELECT * REPLACE (CAST(rooms AS DOUBLE) AS rooms,
        CAST(income_after_tax AS DOUBLE) AS income_after_tax) FROM read_csv('{data}',
        types={{'municipality': 'VARCHAR'}})) TO '{pq}' (FORMAT parquet)""")
    summary = compute(input_path=pq, period=(2022, 2024), out_dir=tmp_path / "o",
                      params=OPEN)
    assert summary["person_years"] == 9


@pytest.mark.parametrize(("column", "value", "words"), [
    ("income_after_tax", "12.5", "«12.5» er ikke et heltall"),
    ("year", "2023.5", "er ikke et heltall"),
    ("area_m2", "70 m2", "er ikke et tall"),
])
def test_csv_read_with_native_numbers_still_names_the_bad_value(tmp_path, column, value, words):
    """CSV numbers are parsed by DuckDB on the happy path (fast); a value that is not a
    whole number, or a decimal comma, still ends in the same message with its row."""
    problems = refused(tmp_path, csv_with(tmp_path, lambda ls: set_field(ls, 3, column, value)))
    assert any("persons.csv, rad 3" in p and column in p and words in p
               for p in problems), problems


def test_a_bad_csv_row_outside_the_period_is_still_refused(tmp_path):
    def change(lines):
        fields = lines[1].split(",")
        fields[COLUMNS.index("year")] = "2019"
        fields[COLUMNS.index("income_after_tax")] = "mye"
        lines.append(",".join(fields))
    problems = refused(tmp_path, csv_with(tmp_path, change))
    assert any("kolonne income_after_tax" in p and "«mye»" in p for p in problems), problems
