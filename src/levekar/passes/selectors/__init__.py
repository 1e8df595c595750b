"""Every read of the passes app that joins, filters by user or aggregates.

``uptake_summary(year=...)`` is the figure the action plan shows next to its leisure
measure: per scheme, eligible children, cards issued, cards used and the share used.
"""

from levekar.passes.selectors.cards import CardAccount, card_account, cards_search
from levekar.passes.selectors.holidays import (
    draw_check,
    family_rows,
    household_for_national_id,
    members_by_household,
    nomination_get,
    nominations_for_user,
    offer_get,
    offer_nominations,
    offers_overview,
    queue_events,
)
from levekar.passes.selectors.passes import (
    child_spent,
    club_get,
    club_uses,
    clubs_overview,
    household_cards,
    household_with_passes_get,
    households_with_passes,
    pass_years,
    persons_of,
    refund_export_get,
    refund_exports,
    refund_pending_totals,
    refunds_pending,
    refunds_unexported_by_club,
    reminder_cards,
    reminder_households,
    run_get,
    scheme_get,
    scheme_rule_sets,
    scheme_runs,
    schemes_overview,
    unused_passes,
)
from levekar.passes.selectors.uptake import (
    ReminderEffect,
    SchemeUptake,
    UptakeRow,
    reminder_effects,
    uptake_by_zone,
    uptake_summary,
)

__all__ = [
    "CardAccount", "card_account", "cards_search",
    "ReminderEffect", "SchemeUptake", "UptakeRow", "child_spent", "club_get", "club_uses",
    "clubs_overview", "draw_check", "family_rows", "household_cards",
    "household_for_national_id", "household_with_passes_get", "households_with_passes",
    "members_by_household",
    "nomination_get", "nominations_for_user", "offer_get", "offer_nominations",
    "offers_overview", "pass_years", "persons_of", "queue_events", "refund_export_get",
    "refund_exports", "refund_pending_totals", "refunds_pending", "refunds_unexported_by_club",
    "reminder_cards", "reminder_effects", "reminder_households", "run_get", "scheme_get",
    "scheme_rule_sets", "scheme_runs",
    "schemes_overview", "unused_passes", "uptake_by_zone", "uptake_summary",
]
