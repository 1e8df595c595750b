"""What the evaluation adds to the action plan's measure page and council report: the
measure's evaluation design (its effect and result goals, and those of a follow-up model
that carries the measure out) and its latest lovende-praksis summary.

``plans`` may not import the evaluation (it sits below it), so this is registered in
``plans.evidence`` from ``EvaluationConfig.ready``.
"""

from django.utils.translation import gettext as _

from levekar.evaluation.models import EvaluationGoal
from levekar.evaluation.selectors.practice import latest_by_measure, summarise
from levekar.plans.evidence import EvidenceItem


def goal_item(goal: EvaluationGoal) -> EvidenceItem:
    parts = [_("Indicator: %(i)s") % {"i": goal.indicator},
             _("data: %(s)s") % {"s": goal.get_source_display()}]
    if goal.baseline:
        parts.append(_("baseline %(b)s") % {"b": goal.baseline})
    parts.append(_("measured: %(f)s") % {"f": goal.get_frequency_display().lower()})
    return EvidenceItem(label=f"{goal.get_kind_display()}: {goal.title}",
                        value=_("target %(t)s") % {"t": goal.target}, detail="; ".join(parts))


def evaluation_evidence(measures, year: int) -> list[list[EvidenceItem]]:
    """Evidence items per measure: 4 queries whatever the number of measures."""
    ids = [m.pk for m in measures]
    goals: dict[int, list[EvaluationGoal]] = {}
    for g in EvaluationGoal.objects.filter(measure_id__in=ids):
        goals.setdefault(g.measure_id, []).append(g)
    for g in (EvaluationGoal.objects.filter(followup_model__measure_id__in=ids)
              .select_related("followup_model")):
        goals.setdefault(g.followup_model.measure_id, []).append(g)
    latest = latest_by_measure(ids, year)
    out = []
    for m in measures:
        items = [goal_item(g) for g in goals.get(m.pk, [])]
        if m.pk in latest:
            s = summarise(latest[m.pk])
            items.append(EvidenceItem(label=_("Promising practice"), value=s.text,
                                      detail=s.detail))
        out.append(items)
    return out
