from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "levekar.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from levekar.evaluation import plan_evidence, signals, tasks  # noqa: F401  (jobs)
        from levekar.plans.evidence import register_measure_evidence

        signals.connect()
        register_measure_evidence(plan_evidence.evaluation_evidence)
