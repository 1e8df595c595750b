from decimal import Decimal

from levekar.core.lib.tabular import csv_text


def test_csv_is_for_norwegian_spreadsheets():
    text = csv_text(["Sone", "Prosent"], [["Strømmen vest", Decimal("29.7")], ["Kjeller", 4.3]])
    assert text == "\ufeffSone;Prosent\r\nStrømmen vest;29,7\r\nKjeller;4,3\r\n"


def test_a_file_for_other_systems_has_no_byte_order_mark():
    assert csv_text(["a"], [[1]], bom=False) == "a\r\n1\r\n"
