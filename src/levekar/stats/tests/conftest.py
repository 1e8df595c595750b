from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def zones(demo_org):
    """Lillestrøm's 14 demo zones (people.demo)."""
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.people import demo

    demo.load(reporter=NULL_REPORTER)
    return demo.LILLESTROM_ZONES


@pytest.fixture
def small_result(zones, analyst):
    """The hand-written result (4 zones, 2022–2024) loaded as «Testkjøring»."""
    from levekar.stats.services import result_set_load

    return result_set_load(paths=[DATA / "result_2022_2024"], source="Testkjøring",
                           actor=analyst)
