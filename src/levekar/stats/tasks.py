"""The statistics' jobs (imported from ``StatsConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from levekar.core import jobs
from levekar.stats.services import computation_run


@jobs.task("stats.compute", label=_("Statistics computation"), max_attempts=1)
def compute(*, source: str, input_path: str, first_year: int, params: dict,
            notes: str = "", cleanup: bool = False, actor_id: int | None = None) -> dict:
    # One attempt: a run that fails on a machine error is started again by the analyst,
    # not retried over a half-deleted upload.
    return computation_run(source=source, input_path=input_path, first_year=first_year,
                           params=params, notes=notes, cleanup=cleanup, actor_id=actor_id,
                           reporter=jobs.JobReporter())
