from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinsideConfig(AppConfig):
    name = "levekar.minside"
    label = "minside"
    verbose_name = _("My page")
