"""Every write of the kunnskapsgrunnlag: loads and imports, each all-or-nothing.

Each service reads and checks its whole input first (``stats.readers``), refuses it with
``InvalidInput`` naming file, line/row and column, and only then writes, in one
transaction. Loading or importing the same source again replaces it.
"""

import getpass
import itertools
import json
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from levekar.core.audit import Kind, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.core.models import Municipality
from levekar.people.models import Zone
from levekar.people.services import zone_ensure
from levekar.stats.models import (
    IndicatorValue,
    Level,
    PublishedFigure,
    PublishedTable,
    ResultSet,
    SurveyFigure,
    Threshold,
    ZoneBoundary,
)
from levekar.stats.readers import Problems
from levekar.stats.readers.computed import INDICATORS_FILE, THRESHOLDS_FILE, read_results
from levekar.stats.readers.geo import feature_collection, read_boundaries
from levekar.stats.readers.jsonstat import read_jsonstat
from levekar.stats.readers.published import TableMapping, figures_from_dataset
from levekar.stats.readers.ssb import mapping_for as ssb_mapping_for
from levekar.stats.readers.survey import read_survey

ZONE_PREFIX = re.compile(r"^(\d{4})\D")
BATCH = 2000


def _actor_name(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.get_username()
    try:
        return f"kommandolinje ({getpass.getuser()})"
    except (KeyError, OSError):
        return "kommandolinje"


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _zone_municipalities(results) -> dict[str, str]:
    """Zone code → municipality code, from known zones or the code's prefix ("3205-01")."""
    zone_rows = {}
    for row in results.indicators:
        if row.level == Level.ZONE:
            zone_rows.setdefault(row.area, row)
    if not zone_rows:
        return {}
    in_result = {r.area for r in results.indicators if r.level == Level.MUNICIPALITY}
    known = dict(Zone.objects.values_list("code", "municipality__code"))
    resolved, problems = {}, Problems("")
    for code, row in sorted(zone_rows.items()):
        if code in known:
            resolved[code] = known[code]
            continue
        m = ZONE_PREFIX.match(code)
        if m and m.group(1) in in_result:
            resolved[code] = m.group(1)
        else:
            problems.add(f"Sonen «{code}» er ukjent, og koden sier ikke hvilken kommune den "
                         "hører til. Last opp sonegrensene for kommunen først "
                         "(levekar stats import-geojson), eller bruk sonekoder som begynner "
                         "med kommunenummeret (3205-01).",
                         file=row.file, line=row.line, field="area")
    problems.raise_if_any()
    return resolved


@transaction.atomic
def result_set_load(*, paths: list[Path], source: str, actor=None, notes: str = "",
                    reporter: Reporter = NULL_REPORTER) -> ResultSet:
    """Store computed results (engine output folders) as the result set ``source``.

    ``paths`` are result folders (``indicators.csv`` + ``thresholds.csv``) or folders of
    them (one per period); overlapping periods must agree. A result set of the same
    source is replaced; nothing is written when any file is wrong.
    """
    source = source.strip()
    if not source or len(source) > 100:
        raise InvalidInput([Problem("Oppgi et kildenavn på 1–100 tegn.", field="kilde")])
    reporter.start("Leser resultatfilene")
    results = read_results([Path(p) for p in paths])
    zone_municipality = _zone_municipalities(results)
    reporter.finish()

    ResultSet.objects.filter(source=source).delete()
    municipalities = sorted({r.area for r in results.indicators
                             if r.level == Level.MUNICIPALITY})
    periods = sorted({r.period for r in results.indicators if "-" in r.period})
    years = sorted({r.period for r in results.indicators if "-" not in r.period})
    result_set = ResultSet.objects.create(
        source=source, loaded_by=_user(actor), loaded_by_name=_actor_name(actor), notes=notes,
        summary={
            "periods": periods, "years": years, "municipalities": municipalities,
            "zone_municipalities": sorted(set(zone_municipality.values())),
            "rows": len(results.indicators),
            "folders": [str(f) for f in results.folders],
        })

    # Zones named in the result but not yet known: create them (named by their code
    # until boundaries with names are uploaded) where their municipality is known.
    existing = set(Zone.objects.values_list("code", flat=True))
    new_zones = {c: m for c, m in zone_municipality.items() if c not in existing}
    if new_zones:
        known = {m.code: m for m in Municipality.objects.filter(code__in=set(new_zones.values()))}
        for code, muni in sorted(new_zones.items()):
            if muni in known:
                zone_ensure(municipality=known[muni], code=code, name=code)

    reporter.start("Lagrer tallene", total=len(results.indicators))

    def municipality_of(row) -> str:
        if row.level == "country":
            return ""
        return row.area if row.level == "municipality" else zone_municipality.get(row.area, "")

    _insert_many(IndicatorValue, [
        "result_set", "period", "level", "area", "municipality", "indicator", "group",
        "threshold_scope", "numerator", "denominator", "percent", "suppressed"],
        ((result_set.pk, r.period, r.level, r.area, municipality_of(r), r.indicator, r.group,
          r.threshold_scope, r.numerator, r.denominator, r.percent, r.suppressed)
         for r in results.indicators), reporter=reporter)
    Threshold.objects.bulk_create([
        Threshold(result_set=result_set, year=t.year, scope=t.scope, area=t.area,
                  persons=t.persons, median=t.median, threshold_60=t.threshold_60,
                  threshold_50=t.threshold_50) for t in results.thresholds], batch_size=BATCH)
    reporter.finish()
    audit_record(actor=actor, actor_username=_actor_name(actor), kind=Kind.STATS_RESULT_IMPORT,
                 obj=result_set, detail=f"lastet beregnede levekårstall «{source}»")
    return result_set


def _insert_many(model, fields: list[str], rows: Iterable[tuple], *,
                 reporter: Reporter = NULL_REPORTER) -> None:
    """Plain INSERTs with ``executemany``: a national result has ~50 000 rows, and this is
    several times faster than ``bulk_create``. The table's constraints still check them."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(f).column) for f in fields)
    # Names come from the model's own metadata (quoted), values are parameters.
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        for batch in _batched(rows, BATCH):
            cursor.executemany(sql, batch)
            reporter.advance(len(batch))


def _batched(rows: Iterable[tuple], size: int):
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def result_set_load_files(*, indicators: bytes, thresholds: bytes, source: str, actor=None,
                          notes: str = "") -> ResultSet:
    """The same as ``result_set_load`` for the two files of one result, uploaded."""
    with tempfile.TemporaryDirectory(prefix="levekar-resultat-") as tmp:
        folder = Path(tmp) / "opplastet"
        folder.mkdir()
        (folder / INDICATORS_FILE).write_bytes(indicators)
        (folder / THRESHOLDS_FILE).write_bytes(thresholds)
        try:
            return result_set_load(paths=[folder], source=source, actor=actor, notes=notes)
        except InvalidInput as exc:
            # Name the uploaded files, not the temporary folder.
            raise InvalidInput([
                Problem(p.message, file=Path(p.file).name if p.file else "", line=p.line,
                        field=p.field) for p in exc.problems]) from None


@transaction.atomic
def published_table_import(*, data: bytes, file_name: str, actor=None,
                           mapping: TableMapping | None = None) -> PublishedTable:
    """Store a published table (JSON-stat 2.0) as published figures; replaces the same table."""
    dataset = read_jsonstat(data, file_name=file_name)
    if not dataset.table_id:
        raise InvalidInput([Problem(
            "Tabellnummeret mangler: ventet extension.px.tableid eller en tittel som "
            "begynner med «12944:».", file=file_name, field="extension.px.tableid")])
    # SSB's own tables are read by their own metadata; a mapping file is for any other.
    mapping = mapping or ssb_mapping_for(dataset, file_name=file_name)
    figures = figures_from_dataset(dataset, mapping, file_name=file_name)
    source = mapping.source or (f"{dataset.source}, tabell {dataset.table_id}"
                                if dataset.source else f"Tabell {dataset.table_id}")
    updated = _parse_time(dataset.updated)
    PublishedTable.objects.filter(table_id=dataset.table_id).delete()
    table = PublishedTable.objects.create(
        table_id=dataset.table_id, source=source[:200], label=dataset.label,
        note=dataset.note, updated=updated, file_name=Path(file_name).name[:255],
        imported_by=_user(actor), imported_by_name=_actor_name(actor))
    PublishedFigure.objects.bulk_create([
        PublishedFigure(table=table, level=f.level, area=f.area, area_label=f.area_label,
                        period=f.period, indicator=f.indicator, group=f.group,
                        threshold_scope=f.threshold_scope, unit=f.unit, value=f.value,
                        status=f.status) for f in figures], batch_size=BATCH)
    audit_record(actor=actor, actor_username=_actor_name(actor), kind=Kind.STATS_TABLE_IMPORT,
                 obj=table, detail=f"importerte publisert tabell {dataset.table_id}")
    return table


def _parse_time(text: str):
    if not text:
        return None
    try:
        value = parse_datetime(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value is not None and value.tzinfo is None:
        value = timezone.make_aware(value)
    return value


@transaction.atomic
def survey_import(*, data: bytes, file_name: str, actor=None) -> int:
    """Store published survey aggregates; replaces the rows of the same source and year."""
    rows = read_survey(data, file_name=file_name)
    zones = dict(Zone.objects.filter(code__in={r.area for r in rows})
                 .values_list("code", "municipality__code"))
    municipalities = set(Municipality.objects.filter(code__in={r.area for r in rows})
                         .values_list("code", flat=True))
    problems = Problems(file_name)
    placed = []
    for row in rows:
        if row.area in zones:
            placed.append((row, Level.ZONE, zones[row.area]))
        elif row.area in municipalities:
            placed.append((row, Level.MUNICIPALITY, row.area))
        else:
            problems.add(f"«{row.area}» er verken et kjent kommunenummer eller en kjent "
                         "sonekode.", line=row.line, field="area")
    problems.raise_if_any()
    for source, year in {(r.source, r.year) for r in rows}:
        SurveyFigure.objects.filter(source=source, year=year).delete()
    user = _user(actor)
    SurveyFigure.objects.bulk_create([
        SurveyFigure(source=r.source, year=r.year, area=r.area, level=level,
                     municipality=muni, school=r.school, indicator=r.indicator, group=r.group,
                     value=r.value, respondents=r.respondents, suppressed=r.suppressed,
                     imported_by=user) for r, level, muni in placed], batch_size=BATCH)
    audit_record(actor=actor, actor_username=_actor_name(actor), kind=Kind.STATS_SURVEY_IMPORT,
                 object_type="stats.surveyfigure",
                 detail=f"importerte {len(rows)} undersøkelsestall fra {Path(file_name).name}")
    return len(rows)


@transaction.atomic
def zone_boundaries_import(*, municipality_code: str, data: bytes, file_name: str,
                           actor=None, synthetic: bool = False, source_note: str = "",
                           code_property: str | None = None,
                           crs: str | None = None) -> ZoneBoundary:
    """Store the zone boundaries of a municipality (GeoJSON); replaces earlier ones.

    ``crs`` (EPSG code) names the file's coordinate system when the file does not:
    EUREF89 UTM 32/33 are reprojected to longitude/latitude.

    The first file for a municipality without zones creates them (named by the file's
    ``name``/``navn`` property, or their code); once it has zones, a file with a code that
    is not one of them is refused.
    """
    municipality = Municipality.objects.filter(code=municipality_code).first()
    if municipality is None:
        raise InvalidInput([Problem(f"Kommune {municipality_code} finnes ikke.",
                                    field="kommune")])
    shapes = read_boundaries(data, file_name=file_name, code_property=code_property, crs=crs)
    zones = {z.code: z for z in Zone.objects.filter(code__in=[s.code for s in shapes])
             .select_related("municipality")}
    problems = Problems(file_name)
    for i, shape in enumerate(shapes):
        zone = zones.get(shape.code)
        if zone is not None and zone.municipality_id != municipality.pk:
            problems.add(f"Sonen «{shape.code}» hører til {zone.municipality}, ikke "
                         f"{municipality}.", field=f"features[{i}].properties")
    # A file for a municipality that has zones must use their codes: a file with other
    # codes (another zone division, a typo in the property) would replace every boundary
    # and empty the map. Only the first upload for a municipality creates its zones.
    if Zone.objects.filter(municipality=municipality).exists():
        for i, shape in enumerate(shapes):
            if shape.code not in zones:
                problems.add(f"Sonekoden «{shape.code}» er ikke en av {municipality}s soner; "
                             "filen erstatter ikke grensene. Kontroller at filen gjelder "
                             "kommunens soner og egenskapen med sonekoden.",
                             field=f"features[{i}].properties")
    problems.raise_if_any()
    named = []
    for shape in shapes:
        zone = zones.get(shape.code)
        name = shape.name or (zone.name if zone else shape.code)
        if zone is None or (shape.name and shape.name != zone.name):
            zone_ensure(municipality=municipality, code=shape.code, name=name)
        named.append(type(shape)(code=shape.code, name=name, geometry=shape.geometry))
    boundary, _ = ZoneBoundary.objects.update_or_create(
        municipality=municipality,
        defaults={"geojson": json.dumps(feature_collection(named), ensure_ascii=False,
                                        separators=(",", ":")),
                  "zone_count": len(named), "synthetic": synthetic,
                  "source_note": (source_note or Path(file_name).name)[:300],
                  "uploaded_by": _user(actor)})
    audit_record(actor=actor, actor_username=_actor_name(actor), kind=Kind.STATS_BOUNDARIES_UPLOAD,
                 obj=boundary, detail=f"lastet opp sonegrenser for {municipality}")
    return boundary

