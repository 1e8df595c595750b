from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "levekar.followup"
    label = "followup"
