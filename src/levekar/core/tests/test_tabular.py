import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from levekar.core.lib.tabular import XlsxSheet, csv_text, neutralise, xlsx_bytes


def test_csv_is_for_norwegian_spreadsheets():
    text = csv_text(["Sone", "Prosent"], [["Strømmen vest", Decimal("29.7")], ["Kjeller", 4.3]])
    assert text == "\ufeffSone;Prosent\r\nStrømmen vest;29,7\r\nKjeller;4,3\r\n"


def test_a_file_for_other_systems_has_no_byte_order_mark():
    assert csv_text(["a"], [[1]], bom=False) == "a\r\n1\r\n"


ATTACKS = ["=HYPERLINK(\"http://x.example\",\"klikk\")", "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(A1)", "\t=1", "\r=1", "\uff1d1+1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_a_formula_in_a_csv_cell_is_written_as_text(text):
    out = csv_text(["Navn"], [[text]], bom=False)
    cell = list(csv.reader(io.StringIO(out), delimiter=";"))[1][0]
    assert cell == "'" + text


@pytest.mark.parametrize("text", ["Kari Nordmann", "+47 912 34 567", "-3", "-2,5", "", "a=b"])
def test_ordinary_text_numbers_and_phone_numbers_are_left_alone(text):
    assert neutralise(text) == text


def test_numbers_are_numbers_in_csv():
    assert csv_text(["a", "b"], [[-3, Decimal("-1.5")]], bom=False) == "a;b\r\n-3;-1,5\r\n"


def test_the_header_is_neutralised_too():
    assert csv_text(["=1+1"], [], bom=False) == "'=1+1\r\n"


@pytest.mark.parametrize("text", ATTACKS)
def test_a_formula_in_an_xlsx_cell_is_a_text_cell(text):
    data = xlsx_bytes([XlsxSheet(title="Ark", header=["Navn", "Tall"], rows=[[text, -3]])])
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    cell = ws["A2"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == text
    assert ws["B2"].value == -3 and ws["B2"].data_type == "n"


def test_xlsx_keeps_decimals_as_numbers_with_their_format():
    data = xlsx_bytes([XlsxSheet(title="Ark", header=["Prosent"], rows=[[Decimal("29.7")]],
                                 decimal_format="0.0")])
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.value == 29.7 and cell.number_format == "0.0"
