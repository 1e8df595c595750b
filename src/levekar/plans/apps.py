from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "levekar.plans"
    label = "plans"
