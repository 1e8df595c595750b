"""Every write of the evaluation: the derived outcome rows, evaluation goals and the
lovende-praksis assessments. Each runs in one transaction and raises a ``core`` domain
error with a Norwegian message naming the field."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from levekar.core.audit import Kind, audit_record
from levekar.core.errors import InvalidInput, Problem
from levekar.evaluation import datafiles
from levekar.evaluation.lib import domain_verdicts
from levekar.evaluation.models import (
    DataSource,
    EvaluationGoal,
    FollowUpModel,
    GoalKind,
    MappingChange,
    OutcomesVersion,
    PracticeAssessment,
    PracticeRating,
    Rating,
)
from levekar.followup import instruments
from levekar.followup.models import Assessment
from levekar.plans.models import Frequency, Measure

# --- outcome rows (derived from the mappings) -------------------------------------------------


def _rows_for_case(case, mappings: list[Assessment]) -> list[MappingChange]:
    """The change rows of one case's mappings (all of them, in date order)."""
    start = next((a for a in mappings if a.kind == Assessment.Kind.START), None)
    if start is None:
        return []
    registry = instruments.registry()
    s_inst = registry.get(start.instrument_id, start.instrument_version)
    later = [a for a in mappings if a.kind != Assessment.Kind.START
             and (a.performed_on, a.pk) > (start.performed_on, start.pk)]
    rows = []
    for index, a in enumerate(later, start=1):
        inst = registry.get(a.instrument_id, a.instrument_version)
        verdicts = domain_verdicts(datafiles.domains(), s_inst, start.answers, inst, a.answers)
        rows.extend(MappingChange(assessment_id=a.pk, case_id=a.case_id, follow_index=index,
                                  domain=domain, verdict=verdict, bti_level=case.bti_level,
                                  unit_id=case.unit_id, start_year=case.start_date.year)
                    for domain, verdict in verdicts.items() if verdict is not None)
    return rows


@transaction.atomic
def outcomes_version_bump() -> None:
    """Raise the outcomes' data version (in the caller's transaction): cached outcome
    figures of the old version are no longer read."""
    if not OutcomesVersion.objects.filter(pk=1).update(number=F("number") + 1):
        OutcomesVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def outcomes_refresh(*, case_ids: Iterable[int] | None = None,
                     progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the outcome rows of the given cases (all when None); returns rows written.

    Called when a mapping is saved or deleted (signals), and in bulk after an import.
    """
    qs = Assessment.objects.select_related("case").order_by("case_id", "performed_on", "pk").only(
        "pk", "case_id", "kind", "performed_on", "instrument_id", "instrument_version",
        "answers", "case__bti_level", "case__unit_id", "case__start_date")
    changes = MappingChange.objects.all()
    if case_ids is not None:
        case_ids = list(case_ids)
        qs = qs.filter(case_id__in=case_ids)
        changes = changes.filter(case_id__in=case_ids)
    changes.delete()
    by_case: dict[int, list[Assessment]] = {}
    for a in qs.iterator(chunk_size=2000):
        by_case.setdefault(a.case_id, []).append(a)
    rows: list[MappingChange] = []
    total = len(by_case)
    for done, mappings in enumerate(by_case.values(), start=1):
        rows.extend(_rows_for_case(mappings[0].case, mappings))
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    MappingChange.objects.bulk_create(rows, batch_size=2000)
    outcomes_version_bump()
    return len(rows)


def outcomes_case_changed(*, case) -> None:
    """Copy a case's BTI level, unit and start year to its outcome rows."""
    MappingChange.objects.filter(case_id=case.pk).exclude(
        bti_level=case.bti_level, unit_id=case.unit_id, start_year=case.start_date.year
    ).update(bti_level=case.bti_level, unit_id=case.unit_id, start_year=case.start_date.year)
    outcomes_version_bump()


# --- evaluation design ----------------------------------------------------------------------


@dataclass(frozen=True)
class GoalInput:
    kind: str
    title: str
    indicator: str
    source: str
    target: str
    frequency: str
    source_detail: str = ""
    baseline: str = ""


def _goal_problems(data: GoalInput) -> list[Problem]:
    problems = []
    if data.kind not in GoalKind.values:
        problems.append(Problem("Velg effektmål eller resultatmål.", field="type mål"))
    if not data.title.strip():
        problems.append(Problem("Skriv målet.", field="mål"))
    if not data.indicator.strip():
        problems.append(Problem("Skriv hvilken indikator som måler målet.", field="indikator"))
    if data.source not in DataSource.values:
        problems.append(Problem("Velg hvor dataene kommer fra.", field="datakilde"))
    if data.source == DataSource.MAPPING and data.source_detail not in {
            d.id for d in datafiles.domains()}:
        problems.append(Problem("Velg hvilket kartleggingsområde målet måles med.",
                                field="kildedetaljer"))
    if not data.target.strip():
        problems.append(Problem("Skriv målverdien.", field="målverdi"))
    if data.frequency not in Frequency.values:
        problems.append(Problem("Velg når målet måles.", field="måles"))
    return problems


@transaction.atomic
def goal_save(*, actor, data: GoalInput, measure: Measure | None = None,
              followup_model: FollowUpModel | None = None,
              goal: EvaluationGoal | None = None) -> EvaluationGoal:
    """Create (``goal`` None) or change an effect or result goal of a design."""
    if goal is None and (measure is None) == (followup_model is None):
        raise InvalidInput([Problem("Målet må høre til ett tiltak eller én oppfølgingsmodell.",
                                    field="tiltak")])
    problems = _goal_problems(data)
    if problems:
        raise InvalidInput(problems)
    if goal is None:
        goal = EvaluationGoal(measure=measure, followup_model=followup_model)
        owner_goals = EvaluationGoal.objects.filter(measure=measure, followup_model=followup_model)
        goal.position = owner_goals.count()
    for name in ("kind", "source", "frequency"):
        setattr(goal, name, getattr(data, name))
    for name in ("title", "indicator", "source_detail", "baseline", "target"):
        setattr(goal, name, getattr(data, name).strip())
    if goal.source != DataSource.MAPPING and goal.source_detail in {
            d.id for d in datafiles.domains()}:
        goal.source_detail = ""
    goal.updated_by = actor
    goal.full_clean(exclude=["measure", "followup_model", "updated_by"])
    goal.save()
    audit_record(actor=actor, kind=Kind.EVALUATION_DESIGN_UPDATE, obj=goal)
    return goal


@transaction.atomic
def goal_delete(*, actor, goal: EvaluationGoal) -> None:
    audit_record(actor=actor, kind=Kind.EVALUATION_DESIGN_DELETE, obj=goal)
    goal.delete()


@transaction.atomic
def followup_model_ensure(*, code: str, name: str, description: str = "", units=(),
                          measure: Measure | None = None) -> FollowUpModel:
    model, _created = FollowUpModel.objects.get_or_create(
        code=code, defaults={"name": name, "description": description, "measure": measure})
    if units:
        model.units.add(*units)
    outcomes_version_bump()
    return model


# --- lovende praksis ------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingInput:
    element: str
    rating: str
    evidence: str = ""
    evidence_url: str = ""


@transaction.atomic
def practice_assess(*, actor, measure: Measure, year: int, ratings: list[RatingInput],
                    note: str = "") -> PracticeAssessment:
    """Record (or replace) a measure's assessment for ``year``: every element rated."""
    elements = {e.id: e for e in datafiles.elements()}
    problems = []
    if not 2000 <= year <= timezone.localdate().year + 1:
        problems.append(Problem("Ugyldig år.", field="år"))
    given = {r.element: r for r in ratings}
    for element_id, element in elements.items():
        r = given.get(element_id)
        if r is None or r.rating not in Rating.values:
            problems.append(Problem("Velg oppfylt, delvis eller ikke oppfylt.",
                                    field=element.label["nb"]))
        elif r.rating != Rating.NOT_MET and not (r.evidence.strip() or r.evidence_url.strip()):
            problems.append(Problem("Oppgi dokumentasjon: en lenke, et dokument eller et "
                                    "evalueringsresultat.", field=element.label["nb"]))
    problems += [Problem("Ukjent element.", field=k) for k in given if k not in elements]
    if problems:
        raise InvalidInput(problems)
    assessment, _created = PracticeAssessment.objects.update_or_create(
        measure=measure, year=year,
        defaults={"note": note.strip(), "assessed_by": actor, "assessed_at": timezone.now()})
    assessment.ratings.all().delete()
    PracticeRating.objects.bulk_create([
        PracticeRating(assessment=assessment, element=r.element, rating=r.rating,
                       evidence=r.evidence.strip(), evidence_url=r.evidence_url.strip())
        for r in ratings])
    audit_record(actor=actor, kind=Kind.PRACTICE_ASSESSMENT_UPDATE, obj=assessment)
    return assessment
