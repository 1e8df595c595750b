from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "levekar.stats"
    label = "stats"
