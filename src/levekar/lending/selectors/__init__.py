"""Every read of the equipment library that joins, filters by user or aggregates.

``usage_summary(year=...)`` is the figure other parts of Levekår (the action plan's
report) show next to the measure on leisure.
"""

from levekar.lending.selectors.catalogue import (
    PointAvailability,
    PointHours,
    availability,
    catalogue_search,
    categories,
    item_get_public,
    lending_points,
    opening_hours,
    sizes_for_category,
)
from levekar.lending.selectors.citizen import (
    borrowers_for_phone,
    loans_for_borrowers,
    reservable_items,
    reservations_for_borrowers,
)
from levekar.lending.selectors.desk import (
    borrower_by_card_number,
    borrower_get_for_user,
    borrower_overview,
    borrower_search,
    checkout_get,
    class_set_items,
    copy_get_for_user,
    copy_lookup,
    desk_counts,
    holds_overview,
    institutions,
    item_get_for_user,
    item_inventory,
    loan_get_for_user,
    loans_active_for_numbers,
    overdue_loans,
    repair_get_for_user,
    reservation_get_for_user,
    workshop,
)
from levekar.lending.selectors.stats import (
    UsageReport,
    usage_report,
    usage_summary,
    years_with_loans,
)

__all__ = [
    "PointAvailability",
    "PointHours",
    "UsageReport",
    "availability",
    "borrower_by_card_number",
    "borrower_get_for_user",
    "borrower_overview",
    "borrower_search",
    "borrowers_for_phone",
    "catalogue_search",
    "categories",
    "checkout_get",
    "class_set_items",
    "copy_get_for_user",
    "copy_lookup",
    "desk_counts",
    "holds_overview",
    "institutions",
    "item_get_for_user",
    "item_get_public",
    "item_inventory",
    "lending_points",
    "loan_get_for_user",
    "loans_active_for_numbers",
    "loans_for_borrowers",
    "opening_hours",
    "overdue_loans",
    "repair_get_for_user",
    "reservable_items",
    "reservation_get_for_user",
    "reservations_for_borrowers",
    "sizes_for_category",
    "usage_report",
    "usage_summary",
    "workshop",
    "years_with_loans",
]
