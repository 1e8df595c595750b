from django.apps import AppConfig


class LendingConfig(AppConfig):
    name = "levekar.lending"
    label = "lending"
