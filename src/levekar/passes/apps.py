from django.apps import AppConfig


class PassesConfig(AppConfig):
    name = "levekar.passes"
    label = "passes"

    def ready(self) -> None:
        from levekar.passes import tasks  # noqa: F401  (registers the letter jobs)
        from levekar.passes.selectors import holiday_export_section
        from levekar.people.subject_access import register_export_section

        # Follow-up's subject-access export may not import passes (siblings).
        register_export_section(holiday_export_section)
