import json
import shutil

import pytest
import typer
from django.conf import settings
from typer.testing import CliRunner

from levekar.cli._stats_db import app, register_db_commands
from levekar.people.demo import LILLESTROM_ZONES
from levekar.stats.models import PublishedTable, ResultSet, SurveyFigure, ZoneBoundary
from levekar.stats.readers.geo import synthetic_boundaries
from levekar.stats.tests.factories import write_periods

pytestmark = pytest.mark.django_db
runner = CliRunner()


def _flat(output: str) -> str:
    """The output without any whitespace: rich wraps lines at the terminal width."""
    return "".join(output.split())
DEMO_DATA = settings.REPO_DIR / "data" / "stats"


def test_load_stores_a_folder_of_periods(zones, tmp_path):
    root = write_periods(tmp_path / "resultater")
    result = runner.invoke(app, ["load", str(root), "--source", "Juni 2026"])
    assert result.exit_code == 0, result.output
    assert "Lastet«Juni2026»" in _flat(result.output)
    assert "perioder2020-2022,2021-2023,2022-2024" in _flat(result.output)
    assert ResultSet.objects.get().summary["years"] == ["2020", "2021", "2022", "2023", "2024"]


def test_a_bad_load_exits_non_zero_naming_file_line_and_column(zones, tmp_path, data_dir):
    folder = tmp_path / "r"
    shutil.copytree(data_dir / "result_2022_2024", folder)
    path = folder / "indicators.csv"
    path.write_text(path.read_text().replace("900,5000,18.0", "900,5000,x"))
    result = runner.invoke(app, ["load", str(folder), "--source", "Juni 2026"])
    assert result.exit_code == 1
    output = "".join(result.output.split())  # rich wraps long lines, even inside paths
    assert "Ingentingerlagret" in output
    assert "indicators.csv,linje14,felt«percent»" in output
    assert not ResultSet.objects.exists()


def test_import_jsonstat_and_survey_and_geojson(zones, tmp_path):
    result = runner.invoke(app, ["import-jsonstat", str(DEMO_DATA / "ssb_12944_demo.json")])
    assert result.exit_code == 0, result.output
    assert "Importertetabell12944" in _flat(result.output) and "5tall" in _flat(result.output)
    assert PublishedTable.objects.get().table_id == "12944"

    result = runner.invoke(app, ["import-survey", str(DEMO_DATA / "ungdata_lillestrom_demo.csv")])
    assert result.exit_code == 0, result.output
    assert SurveyFigure.objects.count() == 14

    geo = tmp_path / "soner.geojson"
    geo.write_text(json.dumps(synthetic_boundaries(LILLESTROM_ZONES)))
    result = runner.invoke(app, ["import-geojson", str(geo), "--municipality", "3205",
                                 "--synthetic"])
    assert result.exit_code == 0, result.output
    assert "14sonerforLillestrøm(3205)" in _flat(result.output)
    assert ZoneBoundary.objects.get().synthetic


def test_import_jsonstat_with_a_mapping_file(zones, tmp_path, data_dir):
    doc = json.loads((data_dir / "ssb_08764_object_index.json").read_text())
    doc["extension"]["px"]["tableid"] = "55555"
    table = tmp_path / "t.json"
    table.write_text(json.dumps(doc))
    result = runner.invoke(app, ["import-jsonstat", str(table)])
    assert result.exit_code == 1 and "--mapping" in _flat(result.output)
    assert "ikkeenavSSB-tabellene" in _flat(result.output)
    mapping = tmp_path / "kobling.json"
    mapping.write_text(json.dumps({"group": "children", "dimensions": {"ContentsCode": {
        "EUskala60": {"indicator": "low_income_60"}, "EUskala50": None}}}))
    result = runner.invoke(app, ["import-jsonstat", str(table), "--mapping", str(mapping)])
    assert result.exit_code == 0, result.output
    assert PublishedTable.objects.get().figures.count() == 6


def test_a_missing_file_or_unknown_municipality_exits_non_zero(zones, tmp_path):
    result = runner.invoke(app, ["import-survey", str(tmp_path / "finnes-ikke.csv")])
    assert result.exit_code == 1 and "filenfinnesikke" in _flat(result.output)
    geo = tmp_path / "g.json"
    geo.write_text(json.dumps(synthetic_boundaries(LILLESTROM_ZONES[:2])))
    result = runner.invoke(app, ["import-geojson", str(geo), "--municipality", "9999"])
    assert result.exit_code == 1 and "Kommune9999finnesikke" in _flat(result.output)


def test_the_commands_can_be_added_to_the_stats_command():
    stats = typer.Typer()

    @stats.command()
    def compute() -> None:
        """Beregn."""

    register_db_commands(stats)
    result = runner.invoke(stats, ["--help"])
    assert result.exit_code == 0
    for name in ("compute", "load", "import-jsonstat", "import-survey", "import-geojson"):
        assert name in result.output
