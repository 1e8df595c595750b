from django.apps import AppConfig


class PassesConfig(AppConfig):
    name = "levekar.passes"
    label = "passes"

    def ready(self) -> None:
        from levekar.passes import tasks  # noqa: F401  (registers the letter jobs)
