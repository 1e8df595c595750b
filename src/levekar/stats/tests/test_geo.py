import json

import pytest

from levekar.core.errors import InvalidInput
from levekar.people.models import Zone
from levekar.stats.models import ZoneBoundary
from levekar.stats.readers.geo import (
    _signed_area,
    label_point,
    read_boundaries,
    synthetic_boundaries,
)
from levekar.stats.services import zone_boundaries_import

SQUARE_CCW = [[11.0, 60.0], [11.1, 60.0], [11.1, 60.1], [11.0, 60.1], [11.0, 60.0]]


def _collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _feature(code, ring=SQUARE_CCW, **props):
    return {"type": "Feature", "properties": {"sone": code, **props},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_rings_are_rewound_clockwise_for_d3_and_closed():
    open_ring = SQUARE_CCW[:-1]  # RFC 7946 winding, and not closed
    shape, = read_boundaries(_collection(_feature("3205-01", open_ring, navn="Sentrum")),
                             file_name="g.json")
    ring = shape.geometry["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 5
    assert _signed_area(ring) < 0  # clockwise: what d3-geo wants for an exterior ring
    assert (shape.code, shape.name) == ("3205-01", "Sentrum")
    assert label_point(shape.geometry) == pytest.approx((11.05, 60.05))


@pytest.mark.parametrize(("feature", "field", "words"), [
    (_feature("a", [[11.0, 60.0], [11.1, 60.0], [11.0, 60.0]]),
     "features[1].geometry.coordinates[0]", "minst fire punkter"),
    (_feature("a", [[600000, 6650000], [600100, 6650000], [600100, 6650100], [600000, 6650000]]),
     "features[1].geometry.coordinates[0][0]", "UTM sone 32 eller 33"),
    ({"type": "Feature", "properties": {"name": "x"}, "geometry": None}, "features[1].properties",
     "Sonekoden mangler"),
    ({"type": "Feature", "properties": {"code": "a"}, "geometry": {"type": "Point",
                                                                   "coordinates": [11, 60]}},
     "features[1].geometry.type", "Polygon eller MultiPolygon"),
    (_feature("3205-01"), "features[1].properties", "finnes allerede i features[0]"),
])
def test_a_bad_feature_is_refused_naming_where(feature, field, words):
    with pytest.raises(InvalidInput) as exc:
        read_boundaries(_collection(_feature("3205-01"), feature), file_name="g.json")
    problem = next(p for p in exc.value.problems if p.field == field)
    assert words in problem.message and problem.file == "g.json"


def test_not_a_feature_collection_is_refused():
    with pytest.raises(InvalidInput) as exc:
        read_boundaries('{"type": "Feature"}', file_name="g.json")
    assert "FeatureCollection" in exc.value.summary()


@pytest.mark.parametrize("n", [14, 55])
def test_synthetic_boundaries_give_one_clockwise_polygon_per_zone(n):
    zones = [(f"3205-{i:02d}", f"Sone {i}") for i in range(1, n + 1)]
    collection = synthetic_boundaries(zones)
    shapes = read_boundaries(json.dumps(collection), file_name="syntetisk.json")
    assert [s.code for s in shapes] == [c for c, _ in zones]
    assert all(_signed_area(s.geometry["coordinates"][0]) < 0 for s in shapes)
    # neighbours share corners: the shapes tile the box without overlapping
    total = sum(-_signed_area(s.geometry["coordinates"][0]) for s in shapes)
    assert total < (11.45 - 10.93) * (60.08 - 59.90) + 1e-9
    assert synthetic_boundaries(zones) == collection  # deterministic


@pytest.mark.django_db
def test_uploading_boundaries_names_zones_and_replaces_earlier_ones(zones, analyst):
    # Since the security review a file cannot add zones to a municipality that has them
    # (test_upload_limits); it names them and replaces the earlier boundaries.
    data = _collection(_feature("3205-01", navn="Lillestrøm by"), _feature("3205-02"))
    boundary = zone_boundaries_import(municipality_code="3205", data=data.encode(),
                                      file_name="soner.geojson", actor=analyst)
    assert boundary.zone_count == 2 and not boundary.synthetic
    assert Zone.objects.get(code="3205-01").name == "Lillestrøm by"
    assert Zone.objects.get(code="3205-02").name == "Lillestrøm nord"
    stored = json.loads(boundary.geojson)["features"]
    assert [f["properties"] for f in stored] == [
        {"code": "3205-01", "name": "Lillestrøm by"},
        {"code": "3205-02", "name": "Lillestrøm nord"}]
    zone_boundaries_import(municipality_code="3205", data=_collection(_feature("3205-02")).encode(),
                           file_name="ny.geojson")
    assert ZoneBoundary.objects.get().zone_count == 1


@pytest.mark.django_db
def test_the_first_file_for_a_municipality_without_zones_creates_them(zones):
    from levekar.core.services import municipality_ensure

    municipality_ensure(code="0301", name="Oslo")
    boundary = zone_boundaries_import(municipality_code="0301", data=_collection(
        _feature("0301-01", navn="Gamle Oslo")).encode(), file_name="oslo.geojson")
    assert boundary.zone_count == 1 and Zone.objects.get(code="0301-01").name == "Gamle Oslo"


@pytest.mark.django_db
def test_a_zone_of_another_municipality_refuses_the_upload(zones):
    from levekar.core.services import municipality_ensure

    municipality_ensure(code="0301", name="Oslo")
    with pytest.raises(InvalidInput) as exc:
        zone_boundaries_import(municipality_code="0301", data=_collection(
            _feature("0301-01"), _feature("3205-03")).encode(), file_name="oslo.geojson")
    assert "hører til Lillestrøm (3205)" in exc.value.summary()
    assert not ZoneBoundary.objects.exists() and not Zone.objects.filter(code="0301-01").exists()


@pytest.mark.django_db
def test_an_unknown_municipality_is_refused(zones):
    with pytest.raises(InvalidInput) as exc:
        zone_boundaries_import(municipality_code="9999", data=_collection(
            _feature("x")).encode(), file_name="g.json")
    assert "Kommune 9999 finnes ikke" in exc.value.summary()


# --- boundaries in EUREF89 UTM (as municipalities keep their maps) ---------------------------

SQUARE = [[11.00, 59.95], [11.02, 59.95], [11.02, 59.96], [11.00, 59.96], [11.00, 59.95]]


def _utm(epsg: str) -> list[list[float]]:
    from pyproj import Transformer

    to_utm = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)
    return [list(to_utm.transform(lon, lat)) for lon, lat in SQUARE]


def _corners(shape) -> set[tuple[float, float]]:
    return {(round(x, 4), round(y, 4)) for x, y in shape.geometry["coordinates"][0]}


@pytest.mark.parametrize("epsg", ["25832", "25833"])
def test_a_file_in_euref89_utm_that_says_so_is_reprojected(epsg):
    ring = _utm(epsg)
    assert ring[0][0] > 1000  # metres, not degrees
    collection = json.loads(_collection(_feature("3205-01", ring)))
    collection["crs"] = {"type": "name",
                         "properties": {"name": f"urn:ogc:def:crs:EPSG::{epsg}"}}
    shape, = read_boundaries(json.dumps(collection), file_name="soner.geojson")
    assert _corners(shape) == {(round(x, 4), round(y, 4)) for x, y in SQUARE}


def test_a_utm_file_without_crs_is_reprojected_when_the_uploader_names_it():
    data = _collection(_feature("3205-01", _utm("25832")))
    shape, = read_boundaries(data, file_name="soner.geojson", crs="25832")
    assert _corners(shape) == {(round(x, 4), round(y, 4)) for x, y in SQUARE}
    with pytest.raises(InvalidInput) as exc:
        read_boundaries(data, file_name="soner.geojson")
    assert "UTM sone 32 eller 33" in exc.value.summary()


def test_an_unknown_coordinate_system_is_refused():
    collection = json.loads(_collection(_feature("3205-01", _utm("25833"))))
    collection["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}
    with pytest.raises(InvalidInput) as exc:
        read_boundaries(json.dumps(collection), file_name="soner.geojson")
    problem = exc.value.problems[0]
    assert problem.field == "crs" and "EPSG:3857 støttes ikke" in problem.message
