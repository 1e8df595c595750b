import json
from decimal import Decimal

import pytest
from django.conf import settings

from levekar.core.errors import InvalidInput
from levekar.core.models import AuditEvent
from levekar.stats.models import PublishedFigure, PublishedTable
from levekar.stats.readers import ssb
from levekar.stats.readers.jsonstat import read_jsonstat
from levekar.stats.readers.published import (
    TableMapping,
    figures_from_dataset,
    mapping_from_json,
)
from levekar.stats.services import published_table_import


def _load(data_dir, name):
    return (data_dir / name).read_bytes()


def _mapping(ds, name):
    """SSB's tables by their own metadata, as the import does; any other table unmapped."""
    return ssb.mapping_for(ds, file_name=name) if ssb.is_ssb_table(ds) else TableMapping()


def _figures(data_dir, name, mapping=None):
    ds = read_jsonstat(_load(data_dir, name), file_name=name)
    return {(f.area, f.period, f.indicator, f.group): f for f in figures_from_dataset(
        ds, mapping or _mapping(ds, name), file_name=name)}


# --- the reader ---------------------------------------------------------------------------

def test_the_reader_takes_category_index_as_an_object(data_dir):
    ds = read_jsonstat(_load(data_dir, "ssb_08764_object_index.json"), file_name="f.json")
    assert ds.table_id == "08764" and ds.source == "Statistisk sentralbyrå"
    assert [d.id for d in ds.dimensions] == ["Region", "ContentsCode", "Tid"]
    assert [c.code for c in ds.dimension("Region").categories] == ["0", "K-3205", "0301"]
    assert ds.dimension("Region").category("K-3205").label == "Lillestrøm"
    assert ds.dimension("ContentsCode").category("EUskala60").unit == "prosent"
    assert len(ds.cells) == 12
    # row-major order: the last dimension varies fastest
    assert ds.cells[1].coords == {"Region": "0", "ContentsCode": "EUskala60", "Tid": "2023"}
    assert ds.cells[1].value == 12.0
    assert (ds.cells[5].value, ds.cells[5].status) == (None, "..")
    assert (ds.cells[7].value, ds.cells[7].status) == (None, ":")
    assert ds.roles["geo"] == ["Region"]


def test_the_reader_takes_category_index_as_an_array_and_sparse_values(data_dir):
    ds = read_jsonstat(_load(data_dir, "ssb_12944_array_index.json"), file_name="f.json")
    assert [c.code for c in ds.dimension("Alder").categories] == ["0-17", "999"]
    # a dimension with one category needs no index
    assert [c.code for c in ds.dimension("ContentsCode").categories] == ["VedvarendeEU60"]
    assert [c.label for c in ds.dimension("Tid").categories] == [
        "2019-2021", "2020-2022", "2021-2023"]
    assert [c.value for c in ds.cells] == [11.3, 10.6, 9.9, 9.1, None, 8.4]
    assert [c.status for c in ds.cells] == ["", "", "", "", ":", ""]


def test_status_markers_become_missing_and_suppressed_figures(data_dir):
    figures = _figures(data_dir, "ssb_08764_object_index.json")
    assert len(figures) == 12
    country = figures[("0", "2023", "low_income_60", "children")]
    assert (country.value, country.status, country.level) == (Decimal("12.00"), "ok", "country")
    assert country.threshold_scope == "national" and country.unit == "percent"
    missing = figures[("3205", "2023", "low_income_60", "children")]
    assert (missing.value, missing.status, missing.level) == (None, "missing", "municipality")
    suppressed = figures[("3205", "2023", "low_income_50", "children")]
    assert (suppressed.value, suppressed.status) == (None, "suppressed")
    assert figures[("0301", "2022", "low_income_60", "children")].status == "missing"
    assert figures[("0301", "2023", "low_income_60", "children")].area_label == "Oslo"


def test_a_table_without_a_region_is_national_and_age_gives_the_group(data_dir):
    figures = _figures(data_dir, "ssb_12944_array_index.json")
    assert set(figures) == {
        ("0", p, "persistent_low_income_60", g)
        for p in ("2019-2021", "2020-2022", "2021-2023") for g in ("children", "all")}
    assert figures[("0", "2021-2023", "persistent_low_income_60", "children")].value == \
        Decimal("9.90")
    assert figures[("0", "2020-2022", "persistent_low_income_60", "all")].status == "suppressed"


def _bad(doc_or_text) -> InvalidInput:
    data = doc_or_text if isinstance(doc_or_text, str) else json.dumps(doc_or_text)
    with pytest.raises(InvalidInput) as exc:
        ds = read_jsonstat(data, file_name="tabell.json")
        figures_from_dataset(ds, _mapping(ds, "tabell.json"), file_name="tabell.json")
    return exc.value


def _doc(data_dir):
    return json.loads(_load(data_dir, "ssb_08764_object_index.json"))


def test_a_file_that_is_not_json_names_the_line(data_dir):
    problem = _bad('{\n "version": "2.0",\n "class": dataset\n}').problems[0]
    assert problem.file == "tabell.json" and problem.line == 3
    assert "Ikke gyldig JSON" in problem.message


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d.update(version="1.0"), "version", "bare JSON-stat 2.0"),
    (lambda d: d.update({"class": "collection"}), "class", "dataset"),
    (lambda d: d.update(size=[3, 2]), "size", "«id» har 3 dimensjoner"),
    (lambda d: d["dimension"].pop("Tid"), "dimension.Tid", "mangler i «dimension»"),
    (lambda d: d["dimension"]["Region"]["category"].update(index={"0": 0, "K-3205": 2,
                                                                  "0301": 2}),
     "dimension.Region.category.index", "uten hull eller dubletter"),
    (lambda d: d.update(size=[3, 2, 3]), "dimension.Tid.category.index",
     "2 kategorier, men «size» sier 3"),
    (lambda d: d["value"].pop(), "value", "11 tall, men dimensjonene gir 12"),
    (lambda d: d["value"].__setitem__(3, "6,3"), "value[3]", "ikke et tall"),
    (lambda d: d.update(status=["..", ":"]), "status", "2 merker"),
    (lambda d: d["dimension"]["Tid"]["category"].update(index={"2022M01": 0, "2023": 1}),
     "dimension.Tid.category", "verken et år"),
    (lambda d: d["value"].__setitem__(0, 119.0), "value[0] (Region=0, ContentsCode=EUskala60, "
     "Tid=2022)", "ikke en prosent"),
])
def test_a_bad_file_is_refused_naming_where(data_dir, change, field, words):
    doc = _doc(data_dir)
    change(doc)
    error = _bad(doc)
    problem = next(p for p in error.problems if p.field == field)
    assert words in problem.message, error.summary()
    assert problem.file == "tabell.json"


def test_json_stat_1_is_refused_with_a_hint(data_dir):
    error = _bad({"dataset": _doc(data_dir)})
    assert "JSON-stat 1.0" in error.summary() and "json-stat2" in error.summary()


def test_an_unknown_table_needs_a_mapping_and_one_makes_it_work(data_dir):
    doc = _doc(data_dir)
    doc["extension"]["px"]["tableid"] = "99999"
    error = _bad(doc)
    assert "Kategoriene EUskala60, EUskala50 er ikke koblet" in error.summary()
    assert "--mapping" in error.summary()
    mapping = mapping_from_json(json.dumps({
        "group": "all", "source": "Min kilde",
        "dimensions": {"ContentsCode": {"EUskala60": {"indicator": "low_income_60"},
                                        "EUskala50": None}}}), file_name="kobling.json")
    ds = read_jsonstat(json.dumps(doc), file_name="tabell.json")
    figures = figures_from_dataset(ds, mapping, file_name="tabell.json")
    assert {(f.area, f.indicator, f.group) for f in figures} == {
        (a, "low_income_60", "all") for a in ("0", "3205", "0301")}
    assert len(figures) == 6


def test_a_bad_mapping_file_is_refused():
    with pytest.raises(InvalidInput) as exc:
        mapping_from_json('{"group": "barn", "dimensions": {"ContentsCode": '
                          '{"X": {"indicator": "fattigdom"}}}}', file_name="kobling.json")
    fields = {p.field for p in exc.value.problems}
    assert fields == {"group", "dimensions.ContentsCode.X.indicator"}


# --- the import ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_importing_a_table_stores_its_figures_and_replaces_the_same_table(
        data_dir, analyst):
    table = published_table_import(data=_load(data_dir, "ssb_08764_object_index.json"),
                                   file_name="08764.json", actor=analyst)
    assert table.table_id == "08764"
    assert table.source == "Statistisk sentralbyrå, tabell 08764"
    assert table.updated.year == 2024 and table.imported_by == analyst
    assert table.figures.count() == 12
    assert PublishedFigure.objects.get(area="3205", period="2022", indicator="low_income_60",
                                       group="children").value == Decimal("13.10")
    assert AuditEvent.objects.filter(object_type="stats.publishedtable", actor=analyst).exists()
    again = published_table_import(data=_load(data_dir, "ssb_08764_object_index.json"),
                                   file_name="08764.json")
    assert PublishedTable.objects.get() == again
    assert PublishedFigure.objects.count() == 12


@pytest.mark.django_db
def test_a_bad_import_leaves_the_earlier_table_in_place(data_dir):
    published_table_import(data=_load(data_dir, "ssb_08764_object_index.json"),
                           file_name="08764.json")
    doc = _doc(data_dir)
    doc["value"][0] = "mye"
    with pytest.raises(InvalidInput):
        published_table_import(data=json.dumps(doc).encode(), file_name="08764.json")
    assert PublishedFigure.objects.count() == 12
    assert PublishedFigure.objects.get(area="0", period="2022",
                                       indicator="low_income_60").value == Decimal("11.90")


@pytest.mark.django_db
def test_a_table_without_a_table_number_is_refused(data_dir):
    doc = _doc(data_dir)
    doc["extension"] = {}
    doc["label"] = "Barn i lavinntekt"
    with pytest.raises(InvalidInput) as exc:
        published_table_import(data=json.dumps(doc).encode(), file_name="x.json")
    assert exc.value.problems[0].field == "extension.px.tableid"
    assert not PublishedTable.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["ssb_08764_demo.json", "ssb_11046_demo.json",
                                  "ssb_12944_demo.json"])
def test_the_shipped_demo_tables_import_and_say_they_are_hand_made(name):
    data = (settings.REPO_DIR / "data" / "stats" / name).read_bytes()
    table = published_table_import(data=data, file_name=name)
    assert "håndlaget" in table.source and "ikke lastet ned fra SSB" in table.note
    assert table.figures.filter(status="ok").count() == table.figures.count() >= 1

