"""Uploads the statistics pages refuse in Norwegian instead of a 500 or an empty map
(findings 5 and 8)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from levekar.core.errors import InvalidInput
from levekar.people.demo import LILLESTROM_ZONES
from levekar.stats.models import PublishedTable, ZoneBoundary
from levekar.stats.readers.geo import synthetic_boundaries
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
