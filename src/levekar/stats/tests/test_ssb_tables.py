"""SSB's own tables as PxWebApi v2 serves them (JSON-stat 2.0), read by their own metadata.

The files in ``data/stats/ssb/`` have SSB's shape: the table number in
``extension.px``, the roles, SSB's dimension and content codes (``EUskalaSeksti``,
``PersonerSeksti``, ``999D`` …), labels, units, notes and status marks; the numbers are
made up (see data/stats/README.md). Lillestrøm is 3030 until 2023 and 3205 from 2024.
"""

import json
from decimal import Decimal

import pytest
from django.conf import settings

from levekar.core.errors import InvalidInput
from levekar.core.models import AuditEvent
from levekar.stats.models import PublishedFigure, PublishedTable
from levekar.stats.readers.klass import klass
from levekar.stats.services import published_table_import

pytestmark = pytest.mark.django_db
SSB_DIR = settings.REPO_DIR / "data" / "stats" / "ssb"


def _import(table: str, actor=None) -> PublishedTable:
    name = f"ssb_{table}.json"
    return published_table_import(data=(SSB_DIR / name).read_bytes(), file_name=name,
                                  actor=actor)


def _series(**filters) -> dict[str, Decimal | None]:
    return dict(PublishedFigure.objects.filter(**filters).order_by("period")
                .values_list("period", "value"))


def test_table_08764_gives_children_in_low_income_by_municipality(analyst):
    table = _import("08764", actor=analyst)
    assert table.table_id == "08764" and table.source == "Statistisk sentralbyrå, tabell 08764"
    assert "Kommunenummer endret 1.1.2024" in table.note
    # EU-60 and EU-50 from the labels; the OECD scale is left out
    assert set(table.figures.values_list("indicator", flat=True)) == {
        "low_income_60", "low_income_50"}
    assert set(table.figures.values_list("group", "threshold_scope", "unit")) == {
        ("children", "national", "percent")}
    assert _series(area="0", indicator="low_income_60")["2022"] == Decimal("11.50")
    assert table.figures.get(area="0301", period="2024", indicator="low_income_60").area_label \
        == "Oslo"
    assert AuditEvent.objects.filter(object_type="stats.publishedtable", actor=analyst).exists()


def test_a_renumbered_municipality_keeps_one_series():
    """Lillestrøm was 3030 in 2020–2023 and is 3205 from 2024 (KLASS 131). SSB lists both
    numbers, each with ".." in the years it did not exist; Levekår files one series."""
    _import("08764")
    assert not PublishedFigure.objects.filter(area="3030").exists()
    series = _series(area="3205", indicator="low_income_60", group="children")
    assert series == {"2020": Decimal("11.80"), "2021": Decimal("12.00"),
                      "2022": Decimal("12.30"), "2023": Decimal("12.60"),
                      "2024": Decimal("12.90")}
    figures = PublishedFigure.objects.filter(area="3205", indicator="low_income_60")
    assert set(figures.values_list("area_label", flat=True)) == {"Lillestrøm"}
    assert set(figures.values_list("status", flat=True)) == {"ok"}
    # the same for crowding, by age
    _import("11046")
    assert _series(area="3205", indicator="crowding", group="children", unit="percent") == {
        y: Decimal(v) for y, v in zip(["2020", "2021", "2022", "2023", "2024"],
                                      ["21.60", "21.40", "21.20", "21.00", "20.80"], strict=True)}


def test_table_12944_gives_persistent_low_income_by_age_from_its_own_codes():
    table = _import("12944")
    # SSB's own content codes (PersonerSeksti, EUskalaSeksti …) understood by their labels
    # and units; age groups other than 0-17 and all ages are left out.
    assert set(table.figures.values_list("indicator", "group", "unit")) == {
        (i, g, u) for i in ("persistent_low_income_60", "persistent_low_income_50")
        for g in ("children", "all") for u in ("percent", "persons")}
    children = _series(area="0", indicator="persistent_low_income_60", group="children",
                       unit="percent")
    assert children == {"2017-2019": Decimal("11.70"), "2018-2020": Decimal("11.70"),
                        "2019-2021": Decimal("11.30"), "2020-2022": Decimal("10.60"),
                        "2021-2023": Decimal("9.90")}
    assert table.figures.get(period="2021-2023", indicator="persistent_low_income_60",
                             group="children", unit="persons").value == Decimal("104000.00")


def test_table_11046_gives_crowding_for_children_and_everyone():
    table = _import("11046")
    assert set(table.figures.values_list("indicator", "threshold_scope", flat=False)) == {
        ("crowding", "")}
    assert table.figures.get(area="0", period="2023", group="all", unit="percent").value \
        == Decimal("9.70")
    assert table.figures.get(area="0", period="2023", group="children",
                             unit="percent").value == Decimal("18.00")


def test_another_ssb_table_is_refused_with_the_tables_levekar_reads():
    doc = json.loads((SSB_DIR / "ssb_08764.json").read_text())
    doc["extension"]["px"]["tableid"] = "05810"
    doc["label"] = "05810: Folkemengde, etter kjønn og alder"
    with pytest.raises(InvalidInput) as exc:
        published_table_import(data=json.dumps(doc).encode(), file_name="05810.json")
    problem = exc.value.problems[0]
    assert problem.file == "05810.json" and problem.field == "extension.px.tableid"
    assert "Tabell 05810 («05810: Folkemengde" in problem.message
    assert "08764, 12944, 11046" in problem.message
    assert not PublishedTable.objects.exists()


def test_a_table_whose_variables_levekar_cannot_use_is_refused():
    doc = json.loads((SSB_DIR / "ssb_08764.json").read_text())
    for code in doc["dimension"]["ContentsCode"]["category"]["unit"]:
        doc["dimension"]["ContentsCode"]["category"]["unit"][code]["base"] = "kroner"
    with pytest.raises(InvalidInput) as exc:
        published_table_import(data=json.dumps(doc).encode(), file_name="08764.json")
    assert exc.value.problems[0].field == "dimension.ContentsCode"
    assert "Ingen av statistikkvariablene i tabell 08764" in exc.value.problems[0].message


def test_klass_131_knows_the_2024_renumbering_and_splits():
    k = klass()
    assert len(k.current) == 357
    assert k.successor("3030") == "3205" and k.name("3205") == "Lillestrøm"
    assert k.successor("5403") == "5601" and k.name("5601") == "Alta"
    assert k.successor("3805") == "3909" and k.name("3909") == "Larvik"
    # Ålesund split into Ålesund and Haram: a different area, not one series
    assert k.successor("1507") == "1507"
    assert k.successor("3405") == "3405"  # Lillehammer was not renumbered


def test_the_municipality_picker_names_every_municipality(tmp_path, zones, analyst):
    """A national result has municipalities the product keeps no rows for: the picker
    names them from KLASS 131 instead of showing bare numbers."""
    from levekar.stats.selectors import stats_context
    from levekar.stats.services import result_set_load
    from levekar.stats.tests.factories import write_national

    write_national(tmp_path / "r", zones_by_municipality={"3205": [], "0301": [], "5601": []})
    result_set_load(paths=[tmp_path / "r"], source="Landet", actor=analyst)
    ctx = stats_context(user=analyst)
    labels = {c.value: c.label for c in ctx.municipalities}
    assert labels == {"0301": "Oslo (0301)", "3205": "Lillestrøm (3205)", "5601": "Alta (5601)"}
