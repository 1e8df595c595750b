"""``levekar stats compute`` and ``levekar stats synth`` (the engine's commands): exit codes and
Norwegian messages. Here rather than in ``stats/engine/tests`` because the engine's own tests
may not import the CLI (import-linter: the engine is plain Python)."""

import pytest
from typer.testing import CliRunner

from levekar.cli.stats import app
from levekar.stats.engine.tests.util import every_year, person, write_csv

runner = CliRunner()


def rows(year):
    return [person(year, f"p{i}", income=100_000 * (i + 1), rooms=2, area=60)
            for i in range(12)]


@pytest.fixture
def data(tmp_path):
    return write_csv(tmp_path / "persons.csv", every_year(rows))


def test_compute_writes_both_files_and_says_so(tmp_path, data):
    out = tmp_path / "resultat"
    result = runner.invoke(app, ["compute", "--input", str(data), "--period", "2022-2024",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Skrev" in result.output and "indikatorrader" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["indicators.csv", "thresholds.csv"]
    # Default suppression: 12 persons, nobody crowded → hidden numerators.
    assert "2022,country,0,crowding,all,,,12,,true" in (out / "indicators.csv").read_text(
        encoding="utf-8")


def test_compute_passes_the_choices_on(tmp_path, data):
    out = tmp_path / "resultat"
    result = runner.invoke(app, [
        "compute", "--input", str(data), "--period", "2022-2024", "--out", str(out),
        "--suppress-numerator", "-1", "--suppress-complement", "-1",
        "--suppress-min-denominator", "0", "--no-secondary-suppression",
        "--child-age-cutoff", "16"])
    assert result.exit_code == 0, result.output
    assert "2022,country,0,crowding,all,,0,12,0.0,false" in (out / "indicators.csv").read_text(
        encoding="utf-8")


def test_compute_with_a_cpi_file(tmp_path, data):
    cpi = tmp_path / "kpi.csv"
    cpi.write_text("year,index\n2022,100\n2023,105\n2024,110\n", encoding="utf-8")
    result = runner.invoke(app, ["compute", "--input", str(data), "--period", "2022-2024",
                                 "--out", str(tmp_path / "o"), "--cpi", str(cpi)])
    assert result.exit_code == 0, result.output


def test_bad_input_exits_non_zero_names_the_place_and_writes_nothing(tmp_path, data):
    text = data.read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace("300000", "300 000 kr")
    data.write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "resultat"
    result = runner.invoke(app, ["compute", "--input", str(data), "--period", "2022-2024",
                                 "--out", str(out)])
    assert result.exit_code == 1
    assert "Feil:" in result.output
    assert "ingenting er skrevet" in result.output
    assert f"{data}, rad 4, kolonne income_after_tax: «300 000 kr» er ikke et heltall\n" in (
        result.output)
    assert not out.exists()


@pytest.mark.parametrize(("period", "message"), [
    ("2022", "--period må skrives som to årstall med bindestrek"),
    ("2022-2025", "--period må være tre år"),
    ("2024-2022", "siste år (2022) kan ikke være før første år (2024)"),
])
def test_a_bad_period_is_explained(tmp_path, data, period, message):
    result = runner.invoke(app, ["compute", "--input", str(data), "--period", period,
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_a_missing_input_is_explained(tmp_path):
    result = runner.invoke(app, ["compute", "--input", str(tmp_path / "nei.csv"), "--period",
                                 "2022-2024", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'nei.csv'}: finnes ikke\n" in result.output


def test_synth_writes_files_that_compute_accepts(tmp_path):
    out = tmp_path / "mikro"
    result = runner.invoke(app, ["synth", "--persons", "2000", "--years", "2022-2024",
                                 "--out", str(out), "--seed", "5", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Skrev 3 filer" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "persons_2022.csv", "persons_2023.csv", "persons_2024.csv"]
    result = runner.invoke(app, ["compute", "--input", str(out), "--period", "2022-2024",
                                 "--out", str(tmp_path / "res")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--persons", "0"], "--persons må være minst 1"),
    (["--persons", "10", "--format", "xlsx"], "--format må være parquet eller csv"),
    (["--persons", "10", "--years", "i fjor"], "--years må skrives som to årstall"),
])
def test_synth_refuses_bad_arguments(tmp_path, args, message):
    result = runner.invoke(app, ["synth", "--out", str(tmp_path / "x"), *args])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
