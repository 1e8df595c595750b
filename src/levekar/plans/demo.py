"""Demo data of the plans app: every plan file in ``data/plans/`` (sorted), imported
through the same service as ``levekar plans import``; then, for Lillestrøm's plan, the
plan owner's work after adoption (the plan names no responsible units: «Ansvar fordeles
senere gjennom implementeringsarbeid»): units are given to its measures in the browser's
service, and the 2026 reporting round is started with a deadline and most units'
reports in, so the follow-up has something to show.

Idempotent: a plan the owner has changed in Levekår is not re-imported (the file is no
longer its master), and the round and its reports are only made once.
"""

import datetime as dt
from pathlib import Path

import yaml
from django.conf import settings

from levekar.core.lib.progress import Reporter
from levekar.core.models import OrgUnit, User
from levekar.core.services import municipality_ensure
from levekar.plans.models import (
    ActionPlan,
    Deviation,
    Measure,
    PlanChange,
    Progress,
    ReportingRound,
    Responsibility,
)
from levekar.plans.services import (
    measure_report_save,
    measure_update,
    plan_import,
    reporting_round_start,
)

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


# Lillestrøm's leisure measure is under way (it has the pass and lending figures beside it).
DEMO_PROGRESS = {"3.2.1": Progress.IN_PROGRESS}

DEVIATIONS = {
    Progress.IN_PROGRESS: (Deviation.ON_TRACK, ""),
    Progress.COMPLETED: (Deviation.ON_TRACK, ""),
    Progress.NOT_STARTED: (Deviation.DEVIATION,
                           "Mangler kapasitet i år; oppstart er satt til neste år."),
}


def plan_files() -> list[Path]:
    return sorted(PLANS_DIR.glob("*.yaml")) if PLANS_DIR.is_dir() else []


# Who is responsible for Lillestrøm's measures once the plan is put to work (3.3.2,
# «Boligmiks brukes aktivt i planlegging», stays with the plan owner).
DEMO_UNITS = {
    "1.1.1": ["familieteamet", "helsestasjon-lillestrom"],
    "1.1.2": ["nav-lillestrom", "introduksjon"],
    "1.2.1": ["familieteamet"],
    "2.1.1": ["oppvekst-bti"],
    "2.1.2": ["kjeller-barnehage", "strommen-skole"],
    "2.2.1": ["oppvekst-bti"],
    "3.1.1": ["nav-lillestrom"],
    "3.2.1": ["kultur-fritid", "utstyrsbanken"],
    "3.2.2": ["strommen-skole"],
    "3.3.1": ["boligkontoret"],
}


def load(*, reporter: Reporter) -> None:
    for path in plan_files():
        text = path.read_text(encoding="utf-8")
        code = _municipality_of(text)
        if code in MUNICIPALITIES:
            municipality_ensure(code=code, name=MUNICIPALITIES[code])
        plan_id = _id_of(text)
        if not PlanChange.objects.filter(plan__code=plan_id, changed_by__isnull=False).exists():
            plan_import(text=text, filename=str(path))
        reporter.advance()
    _demo_units()
    _demo_round()


def _id_of(text: str) -> str | None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data.get("id") if isinstance(data, dict) else None


def _demo_units() -> None:
    plan = ActionPlan.objects.filter(code=DEMO_ROUND[0]).first()
    owner = User.objects.filter(username="planeier1").first()
    if plan is None or owner is None or \
            Responsibility.objects.filter(measure__plan=plan).exists():
        return
    units = {u.code: u.pk for u in OrgUnit.objects.filter(
        code__in={c for codes in DEMO_UNITS.values() for c in codes})}
    for measure in Measure.objects.filter(plan=plan, code__in=DEMO_UNITS):
        measure_update(
            measure_id=measure.pk, expected_version=measure.version, actor=owner,
            title=measure.title, status=measure.status, how=measure.how,
            evaluation_indicator=measure.evaluation_indicator,
            evaluation_frequency=measure.evaluation_frequency,
            evaluation_date=measure.evaluation_date,
            unit_ids=[units[c] for c in DEMO_UNITS[measure.code] if c in units],
            responsible_texts=[])


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
    today = dt.date.today()
    deadline = max(dt.date(DEMO_ROUND[1] + 1, 3, 31), today + dt.timedelta(days=14))
    rnd = reporting_round_start(plan=plan, year=DEMO_ROUND[1], actor=owner, deadline=deadline)
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
        progress = DEMO_PROGRESS.get(measure.code) or states[i % len(states)]
        deviation, reason = DEVIATIONS[progress]
        measure_report_save(round=rnd, measure=measure, actor=reporter or owner,
                            progress=progress, narrative=NARRATIVES[progress],
                            indicator_value=None, expected_version=None,
                            deviation=deviation, deviation_reason=reason)
