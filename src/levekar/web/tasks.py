"""Scheduled jobs that belong to a domain app but are wired here, above it.

The follow-up app is being restructured (issue 10); its purge is scheduled from here so
that the job exists now, calling the app's one purge entry point.
"""

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
