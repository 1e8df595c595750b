from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "levekar.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from levekar.core import (
            checks,  # noqa: F401  (deployment checks)
            signals,  # noqa: F401  (connects login auditing)
            tasks,  # noqa: F401  (registers core's scheduled jobs)
        )
