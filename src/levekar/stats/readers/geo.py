"""Zone boundaries: GeoJSON in, checked and normalised for the map; synthetic demo shapes.

The map is drawn by Vega-Lite with d3-geo, which wants the exterior ring of a polygon
clockwise (the opposite of RFC 7946); every ring is rewound on upload, so a file in
either convention draws the same. Coordinates are stored as WGS84 longitude/latitude,
kept to five decimals (about a metre). Files in EUREF89 UTM zone 32 or 33 (EPSG:25832,
EPSG:25833, as Norwegian municipalities keep their maps) are reprojected with pyproj:
the file's own ``crs`` member says which, or the uploader does.
"""

import itertools
import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from levekar.core.lib import limits
from levekar.stats.readers import Problems

# The coordinate systems a boundary file may be in: EPSG code → Norwegian name.
CRS_CHOICES = {
    "4326": "WGS84 lengde-/breddegrad (EPSG:4326)",
    "4258": "EUREF89 lengde-/breddegrad (EPSG:4258)",
    "25832": "EUREF89 UTM sone 32 (EPSG:25832)",
    "25833": "EUREF89 UTM sone 33 (EPSG:25833)",
}
CRS_IN_NAME = re.compile(r"(?:EPSG:{1,2}(?:[\d.]*:)?|EPSG/0/)(\d{4,5})$|CRS84$", re.I)
CODE_PROPERTIES = ("code", "zone", "sone", "sonekode", "kode", "levekarssone", "id")
NAME_PROPERTIES = ("name", "navn", "sonenavn")
DECIMALS = 5


@dataclass(frozen=True)
class ZoneShape:
    code: str
    name: str
    geometry: dict  # Polygon or MultiPolygon, rewound for d3-geo


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def _rewind(polygon: list[list[list[float]]]) -> list[list[list[float]]]:
    out = []
    for i, ring in enumerate(polygon):
        clockwise = _signed_area(ring) < 0
        want_clockwise = i == 0  # exterior clockwise, holes anticlockwise (d3-geo)
        out.append(ring if clockwise == want_clockwise else list(reversed(ring)))
    return out


Transform = Callable[[float, float], tuple[float, float]] | None


def _ring(raw, where: str, problems: Problems,
          transform: Transform = None) -> list[list[float]] | None:
    if not isinstance(raw, list):
        problems.add("En ring skal være en liste med punkter.", field=where)
        return None
    ring = []
    for k, pos in enumerate(raw):
        if not (isinstance(pos, list) and len(pos) >= 2
                and all(isinstance(c, int | float) and not isinstance(c, bool) for c in pos[:2])):
            problems.add("Et punkt skal være [lengdegrad, breddegrad].", field=f"{where}[{k}]")
            return None
        lon, lat = float(pos[0]), float(pos[1])
        if transform is not None:
            lon, lat = transform(lon, lat)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90 and math.isfinite(lon + lat)):
            problems.add(f"[{pos[0]}, {pos[1]}] er ikke lengde- og breddegrad (WGS84). Er "
                         "filen i UTM, velg koordinatsystemet (EUREF89 UTM sone 32 eller 33) "
                         "eller legg «crs» i filen.", field=f"{where}[{k}]")
            return None
        ring.append([round(lon, DECIMALS), round(lat, DECIMALS)])
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))  # close it: unambiguous, and many exports forget
    if len(ring) < 4:
        problems.add("En ring trenger minst fire punkter (tre hjørner og tilbake til start).",
                     field=where)
        return None
    return ring


def _polygon(raw, where: str, problems: Problems, transform: Transform = None) -> list | None:
    if not isinstance(raw, list) or not raw:
        problems.add("Et polygon skal være en liste med ringer.", field=where)
        return None
    rings = [_ring(r, f"{where}[{i}]", problems, transform) for i, r in enumerate(raw)]
    if any(r is None for r in rings):
        return None
    return _rewind(rings)


def _geometry(raw, where: str, problems: Problems, transform: Transform = None) -> dict | None:
    if not isinstance(raw, dict):
        problems.add("Geometrien mangler.", field=where)
        return None
    kind, coords = raw.get("type"), raw.get("coordinates")
    if kind == "Polygon":
        polygon = _polygon(coords, f"{where}.coordinates", problems, transform)
        return None if polygon is None else {"type": "Polygon", "coordinates": polygon}
    if kind == "MultiPolygon":
        if not isinstance(coords, list) or not coords:
            problems.add("Et multipolygon skal være en liste med polygoner.",
                         field=f"{where}.coordinates")
            return None
        polygons = [_polygon(p, f"{where}.coordinates[{i}]", problems, transform)
                    for i, p in enumerate(coords)]
        if any(p is None for p in polygons):
            return None
        return {"type": "MultiPolygon", "coordinates": polygons}
    problems.add(f"Geometritypen «{kind}» støttes ikke; bruk Polygon eller MultiPolygon.",
                 field=f"{where}.type")
    return None


def _file_crs(doc: dict, problems: Problems) -> str | None:
    """The EPSG code a file's (GeoJSON 2008) ``crs`` member names, if any."""
    crs = doc.get("crs")
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    m = CRS_IN_NAME.search(str(name or "").strip())
    if not m:
        problems.add(f"Koordinatsystemet «{name}» er ukjent; bruk et av "
                     f"{', '.join(CRS_CHOICES.values())}.", field="crs")
        return None
    return m.group(1) or "4326"


def _transform(epsg: str) -> Transform:
    if epsg in ("4326", "4258"):  # EUREF89 and WGS84 differ by centimetres here
        return None
    from pyproj import Transformer

    to_wgs84 = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
    return lambda x, y: to_wgs84.transform(x, y)


def read_boundaries(data: bytes | str, *, file_name: str, code_property: str | None = None,
                    crs: str | None = None) -> list[ZoneShape]:
    """Check a GeoJSON FeatureCollection of zones; one feature per zone code.

    ``crs`` (an EPSG code of ``CRS_CHOICES``) says which coordinate system the file is in
    when the file does not say it itself; the file's own ``crs`` member wins.
    """
    problems = Problems(file_name)
    try:
        doc = limits.json_loads(data)
    except limits.LimitExceeded as exc:
        problems.add(str(exc))
        problems.raise_if_any()
    except UnicodeDecodeError:
        problems.add("Filen er ikke UTF-8-kodet tekst.")
        problems.raise_if_any()
    except json.JSONDecodeError as exc:
        problems.add(f"Ikke gyldig JSON: {exc.msg} (kolonne {exc.colno}).", line=exc.lineno)
        problems.raise_if_any()
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        problems.add("Filen skal være en GeoJSON FeatureCollection.", field="type")
        problems.raise_if_any()
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        problems.add("«features» mangler eller er tom.", field="features")
        problems.raise_if_any()
    epsg = _file_crs(doc, problems) or crs or "4326"
    if epsg not in CRS_CHOICES:
        problems.add(f"Koordinatsystemet EPSG:{epsg} støttes ikke; bruk et av "
                     f"{', '.join(CRS_CHOICES.values())}.", field="crs")
    problems.raise_if_any()
    transform = _transform(epsg)
    names = (code_property,) if code_property else CODE_PROPERTIES
    shapes: list[ZoneShape] = []
    seen: dict[str, int] = {}
    for i, feature in enumerate(features):
        where = f"features[{i}]"
        if problems.full:
            problems.stopped = True
            break
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.add("Skal være et GeoJSON Feature-objekt.", field=where)
            continue
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        code = next((props[n] for n in names if props.get(n) not in (None, "")), None)
        if code is None and not code_property and feature.get("id") not in (None, ""):
            code = feature["id"]
        if code is None:
            problems.add(f"Sonekoden mangler; ventet egenskapen {' eller '.join(names)}.",
                         field=f"{where}.properties")
            continue
        code = str(code).strip()
        if len(code) > 40:
            problems.add("Sonekoden er lengre enn 40 tegn.", field=f"{where}.properties")
            continue
        if code in seen:
            problems.add(f"Sonen «{code}» finnes allerede i features[{seen[code]}].",
                         field=f"{where}.properties")
            continue
        seen[code] = i
        name = next((str(props[n]).strip() for n in NAME_PROPERTIES if props.get(n)), "")
        geometry = _geometry(feature.get("geometry"), f"{where}.geometry", problems, transform)
        if geometry is not None:
            shapes.append(ZoneShape(code=code, name=name[:120], geometry=geometry))
    problems.raise_if_any()
    return shapes


def feature_collection(shapes: list[ZoneShape]) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": s.code, "name": s.name},
         "geometry": s.geometry} for s in shapes]}


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def label_point(geometry: dict) -> tuple[float, float]:
    """Where to put a zone's label: the centroid of its largest exterior ring."""
    ring = max((p[0] for p in _polygons(geometry)), key=lambda r: abs(_signed_area(r)))
    area = _signed_area(ring)
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return round(cx / (6 * area), DECIMALS), round(cy / (6 * area), DECIMALS)


def synthetic_boundaries(zones: list[tuple[str, str]], *,
                         bbox: tuple[float, float, float, float] = (10.93, 59.90, 11.45, 60.08),
                         seed: int = 3205) -> dict:
    """Made-up zone shapes for a demo: a jittered grid filled row by row from the north-west.

    Neighbouring cells share their (jittered) corners and edge midpoints, so the shapes
    tile without gaps. Not a real division of any municipality.
    """
    n = len(zones)
    cols = max(1, math.ceil(math.sqrt(n * 1.6)))
    rows = max(1, math.ceil(n / cols))
    rng = random.Random(seed)
    west, south, east, north = bbox
    dx, dy = (east - west) / cols, (north - south) / rows

    corner = {}
    for i in range(cols + 1):
        for j in range(rows + 1):
            x, y = west + i * dx, south + j * dy
            if 0 < i < cols and 0 < j < rows:
                x += rng.uniform(-0.25, 0.25) * dx
                y += rng.uniform(-0.25, 0.25) * dy
            corner[i, j] = (x, y)
    midpoints: dict[tuple, tuple[float, float]] = {}

    def mid(a: tuple[int, int], b: tuple[int, int]) -> tuple[float, float]:
        key = (min(a, b), max(a, b))
        if key not in midpoints:
            (x1, y1), (x2, y2) = corner[a], corner[b]
            jitter = rng.uniform(-0.12, 0.12)
            # push the midpoint sideways to the edge, so borders are not straight lines
            midpoints[key] = ((x1 + x2) / 2 + jitter * (y2 - y1) * dx / dy,
                              (y1 + y2) / 2 - jitter * (x2 - x1) * dy / dx)
        return midpoints[key]

    features = []
    for k, (code, name) in enumerate(zones):
        i, j = k % cols, rows - 1 - k // cols
        sw, nw, ne, se = (i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j)
        points = [corner[sw], mid(sw, nw), corner[nw], mid(nw, ne), corner[ne],
                  mid(ne, se), corner[se], mid(se, sw), corner[sw]]
        ring = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in points]
        features.append({"type": "Feature", "properties": {"code": code, "name": name},
                         "geometry": {"type": "Polygon", "coordinates": _rewind([ring])}})
    return {"type": "FeatureCollection", "features": features}
