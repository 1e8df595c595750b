"""Every write of the plans app. Split by subject; import from here."""

from levekar.plans.services.measures import measure_move, measure_update
from levekar.plans.services.plan_import import ImportResult, plan_import
from levekar.plans.services.reminders import round_reminders_send
from levekar.plans.services.reporting import (
    measure_report_save,
    reporting_round_close,
    reporting_round_deadline_set,
    reporting_round_reopen,
    reporting_round_start,
)
from levekar.plans.services.structure import (
    LinkValues,
    focus_area_save,
    goal_save,
    indicator_link_remove,
    indicator_link_save,
    measure_create,
    measure_delete,
    plan_create,
    plan_objective_add,
    plan_revise,
)

__all__ = [
    "ImportResult",
    "LinkValues",
    "focus_area_save",
    "goal_save",
    "indicator_link_remove",
    "indicator_link_save",
    "measure_create",
    "measure_delete",
    "measure_move",
    "measure_report_save",
    "measure_update",
    "plan_create",
    "plan_import",
    "plan_objective_add",
    "plan_revise",
    "reporting_round_close",
    "reporting_round_deadline_set",
    "reporting_round_reopen",
    "reporting_round_start",
    "round_reminders_send",
]
