"""The one reader of CSV and XLSX files from outside: bad files refused in Norwegian,
naming the row (and the column where one field is at fault)."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from levekar.core.lib import limits, tabular_read
from levekar.core.lib.tabular_read import TabularError, read_table


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_semicolon_csv_in_utf8_is_read_with_row_numbers():
    data = "\ufeffnavn;alder\nÅse;7\n".encode()
    assert read_table(data, filename="liste.csv") == [(1, ["navn", "alder"]),
                                                      (2, ["Åse", "7"])]


def test_a_csv_saved_by_norwegian_excel_in_windows_1252_is_read():
    data = "navn,sted\nBjørn,Ålesund\n".encode("cp1252")
    assert read_table(data, filename="liste.csv")[1] == (2, ["Bjørn", "Ålesund"])


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
    bytes(range(128, 256)) * 8,  # 0x81 and friends: no text encoding here has them
    b"MZ" + bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 50,  # control characters, no NUL
], ids=["png", "undecodable", "control-characters"])
def test_a_binary_file_renamed_csv_is_refused(data):
    with pytest.raises(TabularError, match="ikke en tekstfil"):
        read_table(data, filename="lager.csv")


def test_a_csv_field_over_128_kb_names_its_line_and_column():
    data = ("a;b;c\n1;2;3\n4;" + "x" * (129 * 1024) + ";6\n").encode()
    with pytest.raises(TabularError) as exc:
        read_table(data, filename="lager.csv")
    assert str(exc.value).startswith("Linje 3: et felt er lengre enn 128 kB (kolonne B)")


def test_a_quoted_csv_field_over_128_kb_names_its_column():
    data = ('a,b,c\n"1,1",2,"' + "y" * (129 * 1024) + '"\n').encode()
    with pytest.raises(TabularError, match=r"\(kolonne C\)"):
        read_table(data, filename="lager.csv")


def test_a_csv_with_more_rows_than_the_cap_is_refused_naming_the_line():
    data = ("nr\n" + "".join(f"{i}\n" for i in range(5))).encode()
    assert len(read_table(data, filename="a.csv", max_rows=5)) == 6  # header not counted
    with pytest.raises(TabularError, match="Linje 6: filen har mer enn 4 rader"):
        read_table(data, filename="a.csv", max_rows=4)


def test_an_xlsx_is_read_with_dates_and_whole_numbers_as_text():
    import datetime as dt

    data = _xlsx([["navn", "antall", "dato"], ["Ski", 3.0, dt.date(2026, 1, 2)]])
    assert read_table(data, filename="lager.xlsx") == [
        (1, ["navn", "antall", "dato"]), (2, ["Ski", "3", "2026-01-02"])]


def test_an_xlsx_with_more_rows_than_the_cap_is_refused_naming_the_row():
    data = _xlsx([["nr"]] + [[i] for i in range(10)])
    assert len(read_table(data, filename="a.xlsx", max_rows=10)) == 11
    with pytest.raises(TabularError, match="Rad 11: arbeidsboken har mer enn 9 rader"):
        read_table(data, filename="a.xlsx", max_rows=9)


def test_an_xlsx_row_cap_exists_by_default():
    assert tabular_read.MAX_XLSX_ROWS == 1_048_576


def _replace_in_zip(data: bytes, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info).replace(old, new))
    return out.getvalue()


def test_an_xlsx_cell_over_128_kb_names_its_row_and_column():
    # Excel and openpyxl stop at 32 767 characters; a crafted file does not.
    data = _replace_in_zip(_xlsx([["a", "b"], ["1", "PLASSHOLDER"]]),
                           b"PLASSHOLDER", b"z" * (129 * 1024))
    with pytest.raises(TabularError, match="Rad 2, kolonne B: feltet er lengre enn 128 kB"):
        read_table(data, filename="a.xlsx")


def test_a_file_that_is_not_a_zip_is_refused_as_xlsx():
    with pytest.raises(TabularError, match="ikke en gyldig XLSX-fil"):
        read_table(b"navn;alder\n", filename="a.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hei.txt", "ikke en arbeidsbok")
    with pytest.raises(TabularError, match="kan ikke leses som en Excel-arbeidsbok"):
        read_table(out.getvalue(), filename="a.xlsx")


def test_a_workbook_with_a_broken_sheet_is_refused():
    good = _xlsx([["a"], ["1"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                body = body[: len(body) // 2]  # cut off in the middle of the XML
            dst.writestr(info, body)
    with pytest.raises(TabularError, match="kan ikke leses som en Excel-arbeidsbok"):
        read_table(out.getvalue(), filename="a.xlsx")


def test_an_xlsx_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_XLSX_UNPACKED_BYTES", 1000)
    with pytest.raises(TabularError, match="pakker seg ut til"):
        read_table(_xlsx([["a"] * 50] * 50), filename="a.xlsx")


def test_another_kind_of_file_is_refused():
    with pytest.raises(TabularError, match=r"må være \.csv eller \.xlsx"):
        read_table(b"{}", filename="a.json")
