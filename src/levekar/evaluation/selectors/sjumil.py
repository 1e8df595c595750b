"""Reads of Sjumilssteget: where the municipality stands per step and year, the meetings
per arena, the actions (and which plan measure each belongs to)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.http import Http404

from levekar.core.models import OrgUnit
from levekar.evaluation import datafiles
from levekar.evaluation.models import (
    Arena,
    InterdisciplinaryMeeting,
    SevenStepAction,
    SevenStepAssessment,
)

SERVICE_KINDS = (OrgUnit.Kind.HEALTH_STATION, OrgUnit.Kind.KINDERGARTEN, OrgUnit.Kind.SCHOOL,
                 OrgUnit.Kind.SFO, OrgUnit.Kind.PPT, OrgUnit.Kind.CHILD_WELFARE,
                 OrgUnit.Kind.CULTURE_LEISURE, OrgUnit.Kind.NAV, OrgUnit.Kind.HOUSING)


def services_for_children():
    """The services that assess themselves (and take part in meetings)."""
    return OrgUnit.objects.filter(kind__in=SERVICE_KINDS, active=True).order_by("kind", "name")


def service_get(unit_id: int) -> OrgUnit:
    unit = services_for_children().filter(pk=unit_id).first()
    if unit is None:
        raise Http404("Fant ikke tjenesten.")
    return unit


def assessment_for(unit: OrgUnit, year: int) -> SevenStepAssessment | None:
    return (SevenStepAssessment.objects.filter(unit=unit, year=year)
            .prefetch_related("ratings", "actions__measure").first())


@dataclass
class StepLine:
    step: datafiles.Step
    by_level: list[tuple[str, int]]
    assessed: int
    mean: float | None
    actions: list[SevenStepAction] = field(default_factory=list)


@dataclass
class ArenaLine:
    label: str
    meetings: int
    children: int


@dataclass
class SevenStepOverview:
    year: int
    lines: list[StepLine]
    services_assessed: int
    services: int
    arenas: list[ArenaLine]
    assessments: list[SevenStepAssessment]


def overview(year: int) -> SevenStepOverview:
    """Per step: how many services are at each level and their mean; the actions; the
    meetings per arena in the year (6 queries)."""
    data = datafiles.seven_steps()
    assessments = list(SevenStepAssessment.objects.filter(year=year).select_related("unit")
                       .prefetch_related("ratings").order_by("unit__name"))
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for a in assessments:
        for r in a.ratings.all():
            counts[r.step][r.level] += 1
    actions: dict[str, list[SevenStepAction]] = defaultdict(list)
    for act in (SevenStepAction.objects.filter(assessment__year=year)
                .select_related("measure", "assessment__unit")):
        actions[act.step].append(act)
    lines = []
    for step in data.steps:
        c = counts.get(step.id, {})
        n = sum(c.values())
        mean = round(sum(v * k for k, v in c.items()) / n, 1) if n else None
        lines.append(StepLine(step, [(data.level_text(v), c.get(v, 0)) for v, _l in data.levels],
                              n, mean, actions.get(step.id, [])))
    per_arena = {r["arena"]: r for r in (
        InterdisciplinaryMeeting.objects.filter(held_on__year=year).values("arena")
        .annotate(n=Count("pk"), children=Sum("children_discussed")).order_by())}
    arenas = [ArenaLine(str(label), per_arena.get(value, {}).get("n", 0),
                        per_arena.get(value, {}).get("children") or 0)
              for value, label in Arena.choices]
    return SevenStepOverview(year, lines, len(assessments), services_for_children().count(),
                             arenas, assessments)


def actions_by_measure(measure_ids) -> dict[int, list[SevenStepAction]]:
    out: dict[int, list[SevenStepAction]] = defaultdict(list)
    for act in (SevenStepAction.objects.filter(measure_id__in=list(measure_ids))
                .select_related("assessment__unit").order_by("-assessment__year", "pk")):
        out[act.measure_id].append(act)
    return out
