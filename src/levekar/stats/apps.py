from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "levekar.stats"
    label = "stats"

    def ready(self) -> None:
        from levekar.plans.evidence import (
            register_indicator_catalogue,
            register_indicator_source,
            register_statistics_section,
        )
        from levekar.stats.plan_evidence import (
            indicator_catalogue,
            indicator_points_for_links,
            statistics_for_report,
        )

        register_indicator_source(indicator_points_for_links)
        register_indicator_catalogue(indicator_catalogue)
        register_statistics_section(statistics_for_report)

        import levekar.stats.tasks  # noqa: F401  (registers the job stats.compute)
