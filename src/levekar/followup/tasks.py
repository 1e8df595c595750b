"""The follow-up's scheduled jobs: the nightly purge of closed cases past retention."""

from django.utils.translation import gettext_lazy as _

from levekar.core import jobs
from levekar.followup.privacy import purge as followup_purge


@jobs.task("followup.purge", schedule="45 2 * * *",
           label=_("Anonymise closed family cases after the retention period"))
def purge_closed_cases() -> dict:
    result = followup_purge.purge(reporter=jobs.JobReporter())
    return {"cases": len(result.case_ids), "persons": result.persons_anonymised,
            "retention_days": followup_purge.retention_days(),
            "message": f"Anonymiserte {len(result.case_ids)} familieløp og "
                       f"{result.persons_anonymised} personer."}
