"""Property: any valid plan imports, exports and imports again to the same plan."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from levekar.plans.models import STATUS_CODES, Frequency
from levekar.plans.planfile.export import dump_yaml, plan_document
from levekar.plans.selectors import plan_get, plan_matrix
from levekar.plans.services import plan_import

pytestmark = pytest.mark.django_db

ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "Zs"),
                         include_characters="æøåÆØÅ–«»:#'\"\n")
text = st.text(ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)
optional_text = st.one_of(st.none(), text)
units = st.sampled_from(["nav-lillestrom", "kultur-fritid", "boligkontoret", "ppt"])


@st.composite
def measures(draw, prefix):
    n = draw(st.integers(0, 3))
    out = []
    for i in range(n):
        freq = draw(st.one_of(st.none(), st.sampled_from(Frequency.values)))
        unit_list = draw(st.lists(units, max_size=2, unique=True))
        out.append({
            "code": f"{prefix}.{i + 1}",
            "title": draw(text),
            "status": draw(st.one_of(st.none(), st.sampled_from(STATUS_CODES))),
            "how": draw(optional_text),
            "responsible": [{"unit": u} for u in unit_list]
            + [{"text": t} for t in draw(st.lists(text, max_size=1))],
            "evaluation": None if freq is None and draw(st.booleans()) else {
                "indicator": draw(optional_text), "frequency": freq,
                "date": "2027-06-30" if freq == "date" else None},
            "indicator_link": draw(st.one_of(st.none(), st.fixed_dictionaries({
                "indicator": st.sampled_from(["low_income_60", "crowding"]),
                "area": st.sampled_from(["3205", "3205-01"]),
                "group": st.one_of(st.none(), st.just("children")),
                "baseline": st.one_of(st.none(), st.floats(0, 100).map(lambda x: round(x, 1))),
                "baseline_period": st.one_of(st.none(), st.just("2021-2023")),
                "target": st.one_of(st.none(), st.floats(0, 100).map(lambda x: round(x, 1))),
                "target_year": st.one_of(st.none(), st.integers(2026, 2035)),
            }))),
        })
    return out


@st.composite
def plans(draw):
    focus_areas = []
    for a in range(draw(st.integers(1, 3))):
        goals = [{"code": f"{a + 1}.{g + 1}", "text": draw(text),
                  "measures": draw(measures(f"{a + 1}.{g + 1}"))}
                 for g in range(draw(st.integers(0, 2)))]
        focus_areas.append({"code": str(a + 1), "title": draw(text),
                            "objective": draw(optional_text), "goals": goals})
    return {"format": "levekar-plan/1", "id": "egenskap", "municipality": "3205",
            "title": draw(text), "period": {"start": 2026, "end": draw(st.one_of(
                st.none(), st.integers(2026, 2040)))},
            "adopted": {"date": draw(st.one_of(st.none(), st.just("2026-04-08"))),
                        "body": draw(optional_text)},
            "source": draw(optional_text), "focus_areas": focus_areas}


def _export() -> str:
    return dump_yaml(plan_document(plan_matrix(plan_get("egenskap"))))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=plans())
def test_any_valid_plan_round_trips(demo_org, doc):
    plan_import(text=dump_yaml(doc), filename="egenskap.yaml")
    exported = _export()
    # What was written is what the file said.
    again = plan_document(plan_matrix(plan_get("egenskap")))
    assert again["title"] == doc["title"]
    flat = [(m["code"], m["title"], m["status"], m["how"], m["responsible"])
            for fa in again["focus_areas"] for g in fa["goals"] for m in g["measures"]]
    assert flat == [(m["code"], m["title"], m["status"], m["how"], m["responsible"])
                    for fa in doc["focus_areas"] for g in fa["goals"] for m in g["measures"]]
    # And the export imports to the same plan, changing nothing.
    result = plan_import(text=exported, filename="eksport.yaml")
    assert (result.new_measures, result.changed_measures, result.removed_measures) == (0, 0, 0)
    assert _export() == exported
