from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "levekar.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from levekar.core import (
            checks,  # noqa: F401  (deployment checks)
            privileges,  # noqa: F401  (audits changes of roles, units and passwords)
            signals,  # noqa: F401  (connects login auditing)
            sso,  # noqa: F401  (checks the staff SSO settings)
            tasks,  # noqa: F401  (registers core's scheduled jobs)
            two_factor,  # noqa: F401  (notes at login whether a TOTP code is needed)
        )
