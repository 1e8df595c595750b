from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "levekar.followup"
    label = "followup"

    def ready(self):
        from levekar.followup import tasks  # noqa: F401  (registers the purge and the digests)
