"""The action plan's leisure measure shows the activity-pass uptake and the equipment
library's loans next to its narrative (the journey of the plan owner)."""

import re

import pytest

from levekar.core.lib.progress import NULL_REPORTER
from levekar.plans.evidence import measure_evidence, measure_evidence_many
from levekar.plans.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def leisure_world(demo_org):
    from levekar.lending import demo as lending_demo
    from levekar.passes import demo as passes_demo
    from levekar.people import demo as people_demo
    from levekar.plans import demo as plans_demo

    for module in (people_demo, plans_demo, lending_demo, passes_demo):
        module.load(reporter=NULL_REPORTER)


def test_the_leisure_measure_shows_pass_uptake_and_library_loans(leisure_world,
                                                                  django_assert_max_num_queries):
    leisure = Measure.objects.get(plan__code="lillestrom-2026-2030", code="3.2.1")
    other = Measure.objects.get(plan__code="lillestrom-2026-2030", code="1.1.1")
    lillehammer_library = Measure.objects.get(plan__code="lillehammer-barnefattigdom",
                                              code="4b.3")
    year = 2025
    # The evaluation's registered evidence (designs, lovende praksis, Sjumilssteget) included.
    with django_assert_max_num_queries(14):
        items, none, elsewhere = measure_evidence_many([leisure, other, lillehammer_library],
                                                       year)
    labels = [i.label for i in items]
    # The labels are rendered in the site's language, Norwegian, and only in it.
    assert "Fritidskort: andel utstedte kort som er brukt" in labels, labels
    assert "Utstyrsbanken: utlån" in labels, labels
    assert not any("used" in label or "loans" in label for label in labels), labels
    assert none == []
    # Lillestrøm's library and passes are not Lillehammer's figures.
    assert elsewhere == []
    assert measure_evidence(leisure, year) == items


def test_the_measure_page_shows_the_figures(leisure_world, client_as):
    leisure = Measure.objects.get(plan__code="lillestrom-2026-2030", code="3.2.1")
    body = client_as("planeier1").get(
        f"/handlingsplan/lillestrom-2026-2030/tiltak/{leisure.pk}/"
    ).content.decode()
    assert "Utstyrsbanken: utlån" in body


def test_the_data_file_names_only_known_sources():
    from levekar.web.plan_evidence import SOURCES, evidence_map

    mapping = evidence_map()
    assert mapping["lillestrom-2026-2030"]["3.2.1"] == ("activity_pass", "lending")
    assert all(set(s) <= set(SOURCES) for m in mapping.values() for s in m.values())


@pytest.mark.parametrize("text, words", [
    ("plan-a:\n  '1.1': [passes]\n", "ukjent kilde ['passes']"),
    ("plan-a:\n  '1.1': lending\n", "må være en liste"),
    ("plan-a: [lending]\n", "må ha tiltak"),
    ("- lending\n", "venter planer"),
])
def test_a_malformed_data_file_is_refused_with_a_clear_message(tmp_path, monkeypatch,
                                                                text, words):
    from levekar.web import plan_evidence

    path = tmp_path / "plan-evidence.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(plan_evidence, "EVIDENCE_FILE", path)
    plan_evidence.evidence_map.cache_clear()
    try:
        with pytest.raises(ValueError, match=re.escape(words)):
            plan_evidence.evidence_map()
    finally:
        plan_evidence.evidence_map.cache_clear()
