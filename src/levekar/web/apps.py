from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "levekar.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from levekar.plans.evidence import register_measure_evidence
        from levekar.web.plan_evidence import universal_measure_evidence

        register_measure_evidence(universal_measure_evidence)
