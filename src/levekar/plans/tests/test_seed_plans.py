"""The two seed plans, transcribed into ``data/plans/``, import with the exact counts.

The expected counts are counted by hand from the seed documents (``seeds/000_…`` §5 and
``seeds/001_…``), independently of the transcription, so a measure lost or invented in
the files fails this test:

Lillestrøm, *Handlingsplan mot familiefattigdom 2026–2030*, §5.1: three innsatsområder;
"Slik vil vi ha det": 2 + 2 + 3 = 7; "Slik gjør vi det": 3 + 3 + 5 = 11 (statuses in order
V/F, V/F, F/N | V/F, V/F, V/F | V/F, V/F, N/F, F, V/F).

Lillehammer, *Handlingsplan mot barnefattigdom* (matrix Strategi / Tiltak / Ansvar /
Evalueres): six strategy groups 1–6; eleven strategies (1 a, 1 b, 2 a, 2 b, 2 c, 3 a,
3 b, 4 a, 4 b, 5 a, 6); tiltak 1 + 1 + 3 + 4 + 1 + 1 + 4 + 6 + 12 + 3 + 3 = 39, counting
each separate entry of the Tiltak column as one measure:
  2 b: Introduksjonsprogrammet / Grunnskoleopplæring + arbeidsrettet norskopplæring /
       Norskopplæring med samfunnskunnskap / De som ikke er selvforsørgende … NAV (4);
  4 a: the four on the first page, then "Utprøve nye tiltak som: Fadderordning,
       Transporthjelp" (one entry, one Ansvar, one Evalueres) and "Samarbeid med
       idrettsråd og musikkråd" (6);
  4 b: Barnetreffen, Opplevelseskortet, Utstyrsbanken, 61 grader nord, Plan B,
       Ungdomsbasen, Ungdata, Tema barnefattigdom i fagutvalg, Videreutvikle samarbeid om
       ferietilbud, then Samarbeid med skolene, Friplassordning, NAV i statlig program (12).
The plain-text seed lost its table columns, so 2 b (4 entries but 2 Ansvar cells) and
the Fadderordning/Transporthjelp entry are the places a reading could differ.
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from levekar.core.lib.progress import NULL_REPORTER
from levekar.plans.models import ActionPlan, FocusArea, Goal, Measure

PLANS_DIR = Path(settings.REPO_DIR) / "data" / "plans"
FILES = {
    "lillestrom-2026-2030": PLANS_DIR / "lillestrom-2026-2030.yaml",
    "lillehammer-barnefattigdom": PLANS_DIR / "lillehammer-barnefattigdom.yaml",
}
EXPECTED = {
    # plan id: (focus areas, goals, measures)
    "lillestrom-2026-2030": (3, 7, 11),
    "lillehammer-barnefattigdom": (6, 11, 37),  # 2 b read as 2 measures (data/plans/README.md)
}
LILLESTROM_STATUSES = ["V/F", "V/F", "F/N", "V/F", "V/F", "V/F", "V/F", "V/F", "N/F", "F",
                       "V/F"]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not all(p.is_file() for p in FILES.values()),
                       reason="the transcribed seed plans are not in data/plans/ yet"),
]


def _walk(path: Path) -> tuple[dict, tuple[int, int, int]]:
    """Count focus areas, goals and measures with a plain YAML walk (not our importer)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    focus_areas = doc["focus_areas"]
    goals = [g for fa in focus_areas for g in fa["goals"]]
    measures = [m for g in goals for m in g["measures"]]
    return doc, (len(focus_areas), len(goals), len(measures))


@pytest.mark.parametrize("plan_id", sorted(EXPECTED))
def test_the_transcribed_file_has_the_counts_of_the_seed_document(plan_id):
    doc, found = _walk(FILES[plan_id])
    assert doc["id"] == plan_id
    assert found == EXPECTED[plan_id]


def test_lillestroms_statuses_are_as_the_plan_writes_them():
    doc, _ = _walk(FILES["lillestrom-2026-2030"])
    statuses = [m["status"] for fa in doc["focus_areas"] for g in fa["goals"]
                for m in g["measures"]]
    assert statuses == LILLESTROM_STATUSES


def test_the_demo_imports_both_seed_plans_with_the_exact_counts(demo_org):
    from levekar.plans import demo

    demo.load(reporter=NULL_REPORTER)
    for plan_id, (n_fa, n_goals, n_measures) in EXPECTED.items():
        plan = ActionPlan.objects.get(code=plan_id)
        assert FocusArea.objects.filter(plan=plan).count() == n_fa
        assert Goal.objects.filter(plan=plan).count() == n_goals
        assert Measure.objects.filter(plan=plan).count() == n_measures
    counts = (FocusArea.objects.count(), Goal.objects.count(), Measure.objects.count())
    demo.load(reporter=NULL_REPORTER)  # idempotent
    assert (FocusArea.objects.count(), Goal.objects.count(), Measure.objects.count()) == counts


def test_each_seed_plan_is_shown_in_its_own_words(demo_org, client_as):
    """Lillehammer's matrix: «Strategi 1» (not «Innsatsområde 1: Strategi 1»), no V/F/N or
    «Hvordan» column, its delmål above the matrix; Lillestrøm keeps «Slik vil vi ha det».
    No page shows the internal note on the source file."""
    from levekar.plans import demo

    demo.load(reporter=NULL_REPORTER)
    client = client_as("planeier1")
    lillehammer = client.get("/handlingsplan/lillehammer-barnefattigdom/").content.decode()
    assert ">Strategi 1</h2>" in lillehammer
    assert "Innsatsområde 1: Strategi 1" not in lillehammer
    assert "Slik vil vi ha det" not in lillehammer
    assert '<th scope="col">Status</th>' not in lillehammer
    assert '<th scope="col">Evalueres</th>' in lillehammer
    assert "Delmål 1 (langsiktig satsing)" in lillehammer
    assert "Felles strategier og tiltak for motvirkning av barnefattigdom" in lillehammer
    assert "Vurderes årlig – årlig" not in lillehammer
    lillestrom = client.get("/handlingsplan/lillestrom-2026-2030/").content.decode()
    assert "Innsatsområde 1:" in lillestrom and "Slik vil vi ha det" in lillestrom
    assert '<th scope="col">Status</th>' in lillestrom
    for page in (lillehammer, lillestrom):
        assert "Kildefil" not in page and ".txt" not in page
    plan = ActionPlan.objects.get(code="lillehammer-barnefattigdom")
    assert [o.code for o in plan.objectives.all()] == ["1", "2", "3"]


def test_the_demo_round_of_2026_has_responsible_units_to_ask(demo_org):
    from levekar.plans import demo
    from levekar.plans.models import PlanChange, ReportingRound
    from levekar.plans.selectors import NO_UNIT, plan_matrix, round_dashboard

    demo.load(reporter=NULL_REPORTER)
    plan = ActionPlan.objects.get(code="lillestrom-2026-2030")
    rnd = ReportingRound.objects.get(plan=plan, year=2026)
    assert rnd.deadline is not None
    units = {u.code: u for u in round_dashboard(plan_matrix(plan, year=2026))}
    assert {"familieteamet", "nav-lillestrom", "kultur-fritid", "boligkontoret"} <= set(units)
    assert [r.measure.code for r in units[NO_UNIT].rows] == ["3.3.2"]
    assert [r.measure.code for r in units["boligkontoret"].missing] == ["3.3.1"]
    # The units were given in Levekår by the plan owner, and that is in the history.
    assert PlanChange.objects.filter(plan=plan, field="Ansvar").count() == 10
    changes = PlanChange.objects.count()
    demo.load(reporter=NULL_REPORTER)  # the owner's changes are kept, nothing is redone
    assert PlanChange.objects.count() == changes
    assert round_dashboard(plan_matrix(plan, year=2026))[0].rows
