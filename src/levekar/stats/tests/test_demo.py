"""The demo data: what ``levekar demo`` loads for the statistics pages.

The first tests put a fast stand-in in place of the engine's ``synthesize`` and
``compute`` (``levekar.stats.engine``; the stand-in fails if the engine no longer has
them) and check that the demo calls them as agreed, loads what they compute and is
idempotent. ``test_the_demo_with_the_real_engine`` and the seed-000 test run the real
engine.
"""

import dataclasses
import importlib
from pathlib import Path

import pytest

from levekar.core.lib.progress import NULL_REPORTER
from levekar.people.models import Zone
from levekar.stats import demo
from levekar.stats.models import (
    IndicatorValue,
    PublishedFigure,
    PublishedTable,
    ResultSet,
    SurveyFigure,
    ZoneBoundary,
)
from levekar.stats.tests.factories import write_result

pytestmark = pytest.mark.django_db


@dataclasses.dataclass(frozen=True)
class FakeFocus:
    code: str
    persons: int
    zones: tuple[str, ...]
    low_income_children_range: tuple[float, float]
    zone_targets: tuple[float, ...] = ()
    zone_weights: tuple[float, ...] = ()
    crowding: float = 0.0


@pytest.fixture
def fake_engine(monkeypatch):
    engine = importlib.import_module("levekar.stats.engine")
    calls = {"synthesize": [], "compute": []}

    def synthesize(*, persons, years, out_dir, seed=1, fmt="parquet", focus=None,
                   reporter=NULL_REPORTER):
        calls["synthesize"].append({"persons": persons, "years": years, "seed": seed, "fmt": fmt,
                                        "focus": focus})
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        path = Path(out_dir) / "person_years.parquet"
        path.write_bytes(b"PAR1")
        return [path]

    def compute(*, input_path, period, out_dir, params=None, cpi_path=None,
                reporter=NULL_REPORTER):
        calls["compute"].append({"input_path": Path(input_path), "period": period})
        focus = calls["synthesize"][-1]["focus"]
        write_result(Path(out_dir), last_year=period[1], zones=list(focus.zones))
        return {}

    monkeypatch.setattr(engine, "synthesize", synthesize)
    monkeypatch.setattr(engine, "compute", compute)
    monkeypatch.setattr(engine, "FocusMunicipality", FakeFocus)
    return calls


def _counts():
    return (ResultSet.objects.count(), IndicatorValue.objects.count(),
            PublishedTable.objects.count(), PublishedFigure.objects.count(),
            SurveyFigure.objects.count(), ZoneBoundary.objects.count(), Zone.objects.count())


def test_the_demo_computes_three_periods_and_loads_everything_once(zones, fake_engine):
    demo.load(reporter=NULL_REPORTER)
    synth, = fake_engine["synthesize"]
    assert (synth["persons"], synth["years"], synth["fmt"]) == (60_000, (2020, 2024), "parquet")
    focus = synth["focus"]
    assert (focus.code, focus.persons, focus.low_income_children_range) == (
        "3205", 30_000, (4.3, 29.7))
    assert focus.zones == tuple(code for code, _ in zones)
    assert [c["period"] for c in fake_engine["compute"]] == [(2020, 2022), (2021, 2023),
                                                              (2022, 2024)]
    assert all(c["input_path"].name == "person_years.parquet" for c in fake_engine["compute"])

    result = ResultSet.objects.get()
    assert result.source == demo.DEMO_SOURCE
    assert result.summary["periods"] == ["2020-2022", "2021-2023", "2022-2024"]
    assert result.summary["years"] == ["2020", "2021", "2022", "2023", "2024"]
    assert set(PublishedTable.objects.values_list("table_id", flat=True)) == {
        "08764", "11046", "12944"}
    assert SurveyFigure.objects.count() == 14
    boundary = ZoneBoundary.objects.get()
    assert boundary.synthetic and boundary.zone_count == 14

    counts = _counts()
    demo.load(reporter=NULL_REPORTER)  # idempotent: nothing new, no new computation
    assert _counts() == counts
    assert len(fake_engine["compute"]) == 3


def test_the_demo_keeps_real_boundaries_that_were_uploaded(zones, fake_engine):
    import json

    from levekar.stats.readers.geo import synthetic_boundaries
    from levekar.stats.services import zone_boundaries_import

    zone_boundaries_import(municipality_code="3205", file_name="ekte.geojson",
                           data=json.dumps(synthetic_boundaries(zones[:3])).encode())
    demo.load(reporter=NULL_REPORTER)
    boundary = ZoneBoundary.objects.get()
    assert not boundary.synthetic and boundary.zone_count == 3


def test_the_demo_with_the_real_engine(zones):
    result = demo.compute_and_load(reporter=NULL_REPORTER, persons=6000, focus_persons=3000)
    assert result.summary["periods"] == ["2020-2022", "2021-2023", "2022-2024"]
    assert result.summary["years"] == ["2020", "2021", "2022", "2023", "2024"]
    assert "3205" in result.summary["zone_municipalities"]
    zone_rows = IndicatorValue.objects.filter(result_set=result, level="zone",
                                              municipality="3205")
    assert set(zone_rows.values_list("area", flat=True)) <= {c for c, _ in zones}
    assert zone_rows.filter(indicator="persistent_low_income_60", group="children").exists()


def test_the_demo_statistics_say_what_seed_000_says(zones):
    """Lillestrøm's plan (seed 000 §3): 12.3 % of children in persistent low income,
    zones from 4.3 % (Heksebergåsen) to 29.7 % (Strømmen vest), 21 % of children living
    crowded against 18 % in the country; and the demo shows a suppressed zone cell."""
    result = demo.compute_and_load(reporter=NULL_REPORTER)
    rows = IndicatorValue.objects.filter(result_set=result, period="2022-2024",
                                         indicator="persistent_low_income_60",
                                         group="children")
    zone_rows = {r.area: r for r in rows.filter(level="zone", municipality="3205")}
    shown = {a: float(r.percent) for a, r in zone_rows.items() if not r.suppressed}
    assert max(shown, key=shown.get) == "3205-03"  # Strømmen vest
    assert min(shown, key=shown.get) == "3205-08"  # Heksebergåsen
    assert 27 <= shown["3205-03"] <= 33 and 3 <= shown["3205-08"] <= 6
    assert zone_rows["3205-14"].suppressed and zone_rows["3205-14"].percent is None
    assert sum(r.suppressed for r in zone_rows.values()) == 2  # Blaker and its secondary
    municipality = rows.get(level="municipality", area="3205")
    assert 11.5 <= float(municipality.percent) <= 13.0
    crowding = {r.area: float(r.percent) for r in IndicatorValue.objects.filter(
        result_set=result, period="2024", indicator="crowding", group="children",
        area__in=["0", "3205"])}
    assert round(crowding["3205"]) in (21, 22) and round(crowding["0"]) == 18
