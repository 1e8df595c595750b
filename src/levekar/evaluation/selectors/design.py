"""Reads of the evaluation designs: goals per plan measure and per follow-up model."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import Http404

from levekar.evaluation.models import EvaluationGoal, FollowUpModel
from levekar.plans.models import ActionPlan, Measure


def goal_get(goal_id: int) -> EvaluationGoal:
    goal = (EvaluationGoal.objects.select_related("measure__plan", "followup_model")
            .filter(pk=goal_id).first())
    if goal is None:
        raise Http404("Fant ikke målet.")
    return goal


def measure_get(measure_id: int) -> Measure:
    measure = Measure.objects.select_related("plan").filter(pk=measure_id).first()
    if measure is None:
        raise Http404("Fant ikke tiltaket.")
    return measure


def followup_model_get(model_id: int) -> FollowUpModel:
    model = FollowUpModel.objects.filter(pk=model_id).first()
    if model is None:
        raise Http404("Fant ikke oppfølgingsmodellen.")
    return model


@dataclass
class MeasureDesign:
    measure: Measure
    goals: list[EvaluationGoal] = field(default_factory=list)


@dataclass
class PlanDesigns:
    plan: ActionPlan
    measures: list[MeasureDesign] = field(default_factory=list)

    @property
    def designed(self) -> int:
        return sum(1 for m in self.measures if m.goals)


def goals_by_measure(measure_ids) -> dict[int, list[EvaluationGoal]]:
    out: dict[int, list[EvaluationGoal]] = defaultdict(list)
    for g in EvaluationGoal.objects.filter(measure_id__in=list(measure_ids)):
        out[g.measure_id].append(g)
    return out


def designs() -> tuple[list[FollowUpModel], list[PlanDesigns]]:
    """Every follow-up model with its goals, and every plan's measures with theirs (4 queries)."""
    models = list(FollowUpModel.objects.prefetch_related("goals").select_related("measure"))
    plans = {p.pk: PlanDesigns(p) for p in ActionPlan.objects.all()}
    measures = list(Measure.objects.filter(plan__in=list(plans)).order_by(
        "plan", "goal__focus_area__position", "goal__position", "position", "pk"))
    goals = goals_by_measure([m.pk for m in measures])
    for m in measures:
        plans[m.plan_id].measures.append(MeasureDesign(m, goals.get(m.pk, [])))
    return models, list(plans.values())
