from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "levekar.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from levekar.core import privileges, signals  # noqa: F401  (connect the auditing)
