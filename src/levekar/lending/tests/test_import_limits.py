"""`levekar lending import` refuses files no inventory is, in Norwegian (findings 5, 8)."""

import zipfile

from typer.testing import CliRunner

from levekar.cli.main import app
from levekar.lending.models import Copy
from levekar.lending.tests.test_import import points, write_csv  # noqa: F401  (fixture)

runner = CliRunner()


def test_a_field_over_128_kb_is_refused_in_norwegian(points, tmp_path):  # noqa: F811
    path = write_csv(tmp_path, "5001;Vinter;Langrennsski;130 cm;7;9;god;bibliotek;nei",
                     '5002;Vinter;"' + "x" * 200_000 + '";130 cm;7;9;god;bibliotek;nei')
    result = runner.invoke(app, ["lending", "import", str(path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "field larger" not in result.output
    assert "lager.csv" in result.output
    assert "Linje 3: et felt er lengre enn 128 kB" in result.output
    assert not Copy.objects.exists()


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_opened(points, tmp_path,  # noqa: F811
                                                                          monkeypatch):
    from levekar.core.lib import limits

    monkeypatch.setattr(limits, "MAX_XLSX_UNPACKED_BYTES", 1024 * 1024)
    path = tmp_path / "lager.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (5 * 1024 * 1024))
    assert path.stat().st_size < 50_000
    result = runner.invoke(app, ["lending", "import", str(path)])
    assert result.exit_code != 0
    assert "Arbeidsboken pakker seg ut til 5 MB" in result.output
