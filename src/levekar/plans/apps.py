from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "levekar.plans"
    label = "plans"

    def ready(self) -> None:
        from levekar.plans import tasks  # noqa: F401  (registers the scheduled jobs)
