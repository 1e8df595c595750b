"""Every write of the plans app. Split by subject; import from here."""

from levekar.plans.services.measures import measure_update
from levekar.plans.services.plan_import import ImportResult, plan_import
from levekar.plans.services.reporting import (
    measure_report_save,
    reporting_round_close,
    reporting_round_reopen,
    reporting_round_start,
)

__all__ = [
    "ImportResult",
    "measure_report_save",
    "measure_update",
    "plan_import",
    "reporting_round_close",
    "reporting_round_reopen",
    "reporting_round_start",
]
