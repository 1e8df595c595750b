"""Reads of the work part of a case, filtered by the user's access (see ``work_access``).

Every function takes the access object from ``work_access.work_case_access`` (or the
user, for the caseload) and uses a fixed number of queries whatever the amount of data.
"""

from levekar.followup.work_selectors.caseload import (
    DUE_SOON_DAYS,
    MAPPING_REPEAT_MONTHS,
    START_MAPPING_WITHIN_DAYS,
    CaseloadRow,
    caseload_cases,
    caseload_for,
    mapping_due,
)
from levekar.followup.work_selectors.common import member_label, members_of
from levekar.followup.work_selectors.export import work_export_section
from levekar.followup.work_selectors.mapping import (
    VERDICT_TEXT,
    AreaChange,
    ChangeRow,
    SectionView,
    assessment_change,
    assessment_get,
    assessment_sections,
    assessments_of,
    entitlements_for_case,
    instrument_of,
)
from levekar.followup.work_selectors.meetings import (
    FLAG_TEXT,
    PersonFeedback,
    feedback_chart_spec,
    feedback_for_case,
    meeting_get,
    meetings_for_case,
    task_get,
)
from levekar.followup.work_selectors.plan import GoalView, action_get, goal_get, plan_for_case

__all__ = [
    "DUE_SOON_DAYS", "FLAG_TEXT", "MAPPING_REPEAT_MONTHS", "START_MAPPING_WITHIN_DAYS",
    "VERDICT_TEXT", "AreaChange", "CaseloadRow", "ChangeRow", "GoalView", "PersonFeedback",
    "SectionView", "action_get", "assessment_change", "assessment_get", "assessment_sections",
    "assessments_of", "caseload_cases", "caseload_for", "entitlements_for_case",
    "feedback_chart_spec", "feedback_for_case", "goal_get", "instrument_of", "mapping_due",
    "meeting_get", "meetings_for_case", "member_label", "members_of", "plan_for_case", "task_get",
    "work_export_section",
]
