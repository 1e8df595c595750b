"""Demo data of the plans app: every plan file in ``data/plans/`` (sorted), imported
through the same service as ``levekar plans import``; then, for Lillestrøm's plan, a
2026 reporting round with most units' reports in, so the follow-up has something to show.

Idempotent: importing an unchanged file changes nothing, and the round and its reports
are only made when the round does not exist yet.
"""

from pathlib import Path

import yaml
from django.conf import settings

from levekar.core.lib.progress import Reporter
from levekar.core.models import User
from levekar.core.services import municipality_ensure
from levekar.plans.models import ActionPlan, Measure, Progress, ReportingRound
from levekar.plans.services import measure_report_save, plan_import, reporting_round_start

PLANS_DIR = Path(settings.REPO_DIR) / "data" / "plans"

# The municipalities of the seed plans (Lillestrøm comes from core's demo). Lillehammer
# has had the number 3405 since 2020 (0501 before); either may appear in a file.
MUNICIPALITIES = {"3205": "Lillestrøm", "3405": "Lillehammer", "0501": "Lillehammer"}

DEMO_ROUND = ("lillestrom-2026-2030", 2026)
NARRATIVES = {
    Progress.IN_PROGRESS: "Arbeidet er i gang og følger planen for året. Tiltaket er "
                          "forankret i virksomhetsplanen.",
    Progress.COMPLETED: "Tiltaket er gjennomført som planlagt, og erfaringene er delt med "
                        "de andre tjenestene.",
    Progress.NOT_STARTED: "Oppstart er flyttet til neste år på grunn av kapasitet.",
}


def plan_files() -> list[Path]:
    return sorted(PLANS_DIR.glob("*.yaml")) if PLANS_DIR.is_dir() else []


def load(*, reporter: Reporter) -> None:
    for path in plan_files():
        text = path.read_text(encoding="utf-8")
        code = _municipality_of(text)
        if code in MUNICIPALITIES:
            municipality_ensure(code=code, name=MUNICIPALITIES[code])
        plan_import(text=text, filename=str(path))
        reporter.advance()
    _demo_round()


def _municipality_of(text: str) -> str | None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None  # the import reports the syntax error with its line
    return data.get("municipality") if isinstance(data, dict) else None


def _demo_round() -> None:
    plan = ActionPlan.objects.filter(code=DEMO_ROUND[0]).first()
    owner = User.objects.filter(username="planeier1").first()
    if plan is None or owner is None or \
            ReportingRound.objects.filter(plan=plan, year=DEMO_ROUND[1]).exists():
        return
    rnd = reporting_round_start(plan=plan, year=DEMO_ROUND[1], actor=owner)
    states = [Progress.IN_PROGRESS, Progress.COMPLETED, Progress.IN_PROGRESS,
              Progress.NOT_STARTED]
    measures = list(Measure.objects.filter(plan=plan).order_by("position"))
    # Leave the last measures unreported, so the dashboard shows units still missing.
    for i, measure in enumerate(measures[: max(len(measures) - 2, 0)]):
        # Someone in the first responsible unit (in the plan's order) that has staff.
        units = list(measure.responsibilities.filter(org_unit__isnull=False)
                     .order_by("position").values_list("org_unit_id", flat=True))
        staff = {u.org_unit_id: u for u in User.objects.filter(org_unit_id__in=units)
                 .order_by("-username")}
        reporter = next((staff[u] for u in units if u in staff), None)
        progress = states[i % len(states)]
        measure_report_save(round=rnd, measure=measure, actor=reporter or owner,
                            progress=progress, narrative=NARRATIVES[progress],
                            indicator_value=None, expected_version=None)
