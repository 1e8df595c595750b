from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "levekar.stats"
    label = "stats"

    def ready(self) -> None:
        from levekar.plans.evidence import register_indicator_source
        from levekar.stats.plan_evidence import indicator_points_for_links

        register_indicator_source(indicator_points_for_links)

        import levekar.stats.tasks  # noqa: F401  (registers the job stats.compute)
