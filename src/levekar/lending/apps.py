from django.apps import AppConfig


class LendingConfig(AppConfig):
    name = "levekar.lending"
    label = "lending"

    def ready(self) -> None:
        from levekar.lending import tasks  # noqa: F401  (registers the scheduled jobs)
