"""The work part's registrations in the case part's registries (loaded by
``registry.autoload_work_modules`` before export, purge or the BTI overview run)."""

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.followup.export import register_export_section
from levekar.followup.models import Case
from levekar.followup.overview import register_overview_metric
from levekar.followup.purge import register_purge_hook
from levekar.followup.work_selectors import work_export_section
from levekar.followup.work_selectors.caseload import mapping_due
from levekar.followup.work_services import work_purge_case

register_export_section(work_export_section)
register_purge_hook(work_purge_case)


def mappings_overdue(open_cases: QuerySet[Case]) -> int:
    """Open cases whose start or yearly mapping is overdue (one query)."""
    today = timezone.localdate()
    rows = open_cases.annotate(last_mapping=Max("assessments__performed_on")).values_list(
        "start_date", "last_mapping")
    return sum(1 for start, last in rows if mapping_due(start, last, today)[2] == "overdue")


register_overview_metric(
    "mappings_overdue", _("Yearly mappings overdue"), mappings_overdue,
    _("Open cases whose start mapping or yearly mapping is past due."),
)
