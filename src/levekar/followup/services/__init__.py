"""Every write of follow-up, one module per topic. Each service runs in one transaction,
writes one audit event naming the family members concerned, and raises a
``core.errors`` DomainError with a Norwegian message."""

from levekar.followup.services.bti import (
    NewPerson,
    break_glass_hours,
    break_glass_mark_unjustified,
    break_glass_open,
    bti_level_change,
    individual_plan_create,
    individual_plan_update,
)
from levekar.followup.services.case import (
    MemberInput,
    case_open,
    case_status_change,
    member_add,
)
from levekar.followup.services.consent import (
    case_has_active_consent,
    child_has_active_consent,
    consent_give_on_min_side,
    consent_grant_withdraw_on_min_side,
    consent_record,
    consent_withdraw,
)
from levekar.followup.services.household import (
    address_protection_set,
    case_handover,
    caseload_reassign,
    household_move_record,
    member_leave,
    member_update,
)
from levekar.followup.services.mapping import (
    action_application_set,
    action_from_entitlement,
    assessment_create,
    assessment_update,
)
from levekar.followup.services.meetings import (
    RECORD_MEETING,
    feedback_record,
    meeting_create,
    meeting_update,
    task_create,
    task_done_set,
)
from levekar.followup.services.offers import (
    offer_catalogue_save,
)
from levekar.followup.services.participants import (
    participant_add,
    participant_named,
)
from levekar.followup.services.plan import (
    ADD_ACTION,
    NOTE_GOAL,
    UPDATE_ACTION,
    action_create,
    action_status_set,
    action_update,
    child_voice_record,
    goal_create,
    goal_note_add,
    goal_update,
    plan_ensure,
    plan_wishes_update,
)
from levekar.followup.services.worklist import (
    WORK_LABELS,
    coordinator_remind,
    coordinators_remind_topic,
    digest_daily_send,
    digest_weekly_send,
)

__all__ = [
    "ADD_ACTION",
    "NOTE_GOAL",
    "RECORD_MEETING",
    "UPDATE_ACTION",
    "WORK_LABELS",
    "MemberInput",
    "NewPerson",
    "action_application_set",
    "action_create",
    "action_from_entitlement",
    "action_status_set",
    "action_update",
    "address_protection_set",
    "assessment_create",
    "assessment_update",
    "break_glass_hours",
    "break_glass_mark_unjustified",
    "break_glass_open",
    "bti_level_change",
    "case_handover",
    "case_has_active_consent",
    "case_open",
    "case_status_change",
    "caseload_reassign",
    "child_has_active_consent",
    "child_voice_record",
    "consent_give_on_min_side",
    "consent_grant_withdraw_on_min_side",
    "consent_record",
    "consent_withdraw",
    "coordinator_remind",
    "coordinators_remind_topic",
    "digest_daily_send",
    "digest_weekly_send",
    "feedback_record",
    "goal_create",
    "goal_note_add",
    "goal_update",
    "household_move_record",
    "individual_plan_create",
    "individual_plan_update",
    "meeting_create",
    "meeting_update",
    "member_add",
    "member_leave",
    "member_update",
    "offer_catalogue_save",
    "participant_add",
    "participant_named",
    "plan_ensure",
    "plan_wishes_update",
    "task_create",
    "task_done_set",
]
