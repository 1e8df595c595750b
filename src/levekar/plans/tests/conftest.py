from pathlib import Path

import pytest

from levekar.plans.services import plan_import

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PREVIOUS = "eksempel-2020-2023"
PLAN = "eksempel-2024-2027"


def fixture_text(name: str) -> str:
    return (FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")


def import_text(text: str, filename: str = "plan.yaml", actor=None):
    return plan_import(text=text, filename=filename, actor=actor)


@pytest.fixture
def example_plan(demo_org):
    """The example plan (and the earlier plan it revises), imported through the service."""
    import_text(fixture_text(PREVIOUS), f"{PREVIOUS}.yaml")
    return import_text(fixture_text(PLAN), f"{PLAN}.yaml").plan
