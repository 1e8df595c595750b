"""Uploads the statistics pages refuse in Norwegian instead of a 500 or an empty map
(findings 5 and 8)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from levekar.core.errors import InvalidInput
from levekar.core.lib import limits
from levekar.people.demo import LILLESTROM_ZONES
from levekar.stats.models import PublishedTable, SurveyFigure, ZoneBoundary
from levekar.stats.readers.computed import read_indicators, read_thresholds
from levekar.stats.readers.geo import synthetic_boundaries
from levekar.stats.readers.survey import read_survey
from levekar.stats.services import zone_boundaries_import

pytestmark = pytest.mark.django_db
NESTED = b"[" * 50_000 + b"]" * 50_000


def _upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content)


def test_deeply_nested_json_stat_is_refused_in_norwegian(zones, client_as):
    response = client_as("analytiker1").post("/kunnskap/import/ssb/", {
        "published-file": _upload("08764.json", NESTED)}, follow=True)
    assert response.status_code == 400
    assert "nøstet for dypt" in response.content.decode()
    assert not PublishedTable.objects.exists()


def test_deeply_nested_geojson_is_refused_in_norwegian(zones, client_as):
    doc = b'{"type": "FeatureCollection", "features": ' + NESTED + b"}"
    response = client_as("analytiker1").post("/kunnskap/import/sonegrenser/", {
        "boundaries-municipality": "3205", "boundaries-file": _upload("soner.geojson", doc),
    }, follow=True)
    assert response.status_code == 400
    assert "nøstet for dypt" in response.content.decode()
    assert not ZoneBoundary.objects.exists()


def test_geojson_with_unknown_zone_codes_does_not_replace_the_map(zones):
    good = json.dumps(synthetic_boundaries(LILLESTROM_ZONES)).encode()
    zone_boundaries_import(municipality_code="3205", data=good, file_name="soner.geojson")
    other = synthetic_boundaries(LILLESTROM_ZONES)
    for i, feature in enumerate(other["features"]):
        feature["properties"]["code"] = f"9999-{i:02d}"
    with pytest.raises(InvalidInput, match="Sonekoden «9999-00» er ikke en av") as info:
        zone_boundaries_import(municipality_code="3205", data=json.dumps(other).encode(),
                               file_name="andre.geojson")
    assert info.value.problems[0].field == "features[0].properties"
    boundary = ZoneBoundary.objects.get()
    assert boundary.zone_count == len(LILLESTROM_ZONES)
    assert "3205-01" in boundary.geojson


# --- CSV uploads: survey aggregates and computed results (finding 5) -------------------

SURVEY_HEADER = "source,year,area,school,indicator,group,value,respondents\n"
SURVEY_ROW = "Ungdata 2025,2025,3205,,loneliness,8-10,22,2600\n"


def test_a_survey_csv_with_a_huge_field_is_refused_in_norwegian():
    data = (SURVEY_HEADER + SURVEY_ROW.replace("Ungdata 2025", "x" * 200_000)).encode()
    with pytest.raises(InvalidInput) as info:
        read_survey(data, file_name="u.csv")
    assert info.value.problems[0].message.startswith("Linje 2: et felt er lengre enn 128 kB")


def test_a_survey_csv_with_too_many_rows_or_bytes_is_refused(monkeypatch):
    rows = "".join(SURVEY_ROW.replace("2025,2025", f"2025,{2020 + i}") for i in range(5))
    monkeypatch.setattr(limits, "MAX_CSV_ROWS", 4)
    with pytest.raises(InvalidInput, match="mer enn 4 rader"):
        read_survey((SURVEY_HEADER + rows).encode(), file_name="u.csv")
    monkeypatch.setattr(limits, "MAX_CSV_ROWS", 5)
    assert len(read_survey((SURVEY_HEADER + rows).encode(), file_name="u.csv")) == 5
    monkeypatch.setattr(limits, "MAX_CSV_BYTES", 100)
    with pytest.raises(InvalidInput, match="Filen er for stor"):
        read_survey((SURVEY_HEADER + rows).encode(), file_name="u.csv")


def test_the_survey_upload_page_shows_the_cap_in_norwegian(zones, client_as):
    data = (SURVEY_HEADER + SURVEY_ROW.replace("Ungdata 2025", "x" * 200_000)).encode()
    response = client_as("analytiker1").post("/kunnskap/import/undersokelse/", {
        "survey-file": _upload("ungdata.csv", data)}, follow=True)
    assert "et felt er lengre enn 128 kB" in response.content.decode()
    assert not SurveyFigure.objects.exists()


def _results_folder(tmp_path, indicators: str):
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "indicators.csv").write_text(indicators, encoding="utf-8")
    (folder / "thresholds.csv").write_text(
        "year,scope,area,persons,median,threshold_60,threshold_50\n"
        "2024,national,0,1000,400000,240000,200000\n", encoding="utf-8")
    return folder


INDICATORS_HEADER = ("period,level,area,indicator,group,threshold_scope,numerator,"
                     "denominator,percent,suppressed\n")


def test_computed_results_with_a_huge_field_or_too_many_rows_are_refused(tmp_path,
                                                                           monkeypatch):
    folder = _results_folder(tmp_path, INDICATORS_HEADER + "2024," + "9" * 200_000 + "\n")
    with pytest.raises(InvalidInput) as info:
        read_indicators(folder / "indicators.csv")
    assert "Linje 2: et felt er lengre enn 128 kB" in info.value.problems[0].message
    assert len(read_thresholds(folder / "thresholds.csv")) == 1
    monkeypatch.setattr(limits, "MAX_CSV_ROWS", 0)
    with pytest.raises(InvalidInput, match="Linje 2: filen har mer enn 0 rader"):
        read_thresholds(folder / "thresholds.csv")
    monkeypatch.setattr(limits, "MAX_CSV_BYTES", 10)
    with pytest.raises(InvalidInput, match="Filen er for stor"):
        read_thresholds(folder / "thresholds.csv")
