from django.apps import AppConfig


class PassesConfig(AppConfig):
    name = "levekar.passes"
    label = "passes"
