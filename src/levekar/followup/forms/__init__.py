"""The forms of follow-up, one module per topic."""

from levekar.followup.forms._common import DATE, TIME, DateInput, DsFormMixin, member_choices, quiet
from levekar.followup.forms.bti import (
    BreakGlassForm,
    BtiLevelForm,
    IndividualPlanForm,
    StafettholderChoiceField,
)
from levekar.followup.forms.case import (
    BaseMemberFormSet,
    CaseStatusForm,
    HouseholdForm,
    MemberForm,
    MemberFormSet,
)
from levekar.followup.forms.consent import (
    ConsentForm,
    ConsentWithdrawForm,
)
from levekar.followup.forms.mapping import (
    NULL_BOOL,
    AssessmentForm,
)
from levekar.followup.forms.meetings import (
    FeedbackForm,
    MeetingForm,
    TaskForm,
)
from levekar.followup.forms.plan import (
    ActionForm,
    ActionStatusForm,
    ChildVoiceForm,
    GoalForm,
    PlanWishesForm,
)

__all__ = [
    "DATE",
    "NULL_BOOL",
    "TIME",
    "ActionForm",
    "ActionStatusForm",
    "AssessmentForm",
    "BaseMemberFormSet",
    "BreakGlassForm",
    "BtiLevelForm",
    "CaseStatusForm",
    "ChildVoiceForm",
    "ConsentForm",
    "ConsentWithdrawForm",
    "DateInput",
    "DsFormMixin",
    "FeedbackForm",
    "GoalForm",
    "HouseholdForm",
    "IndividualPlanForm",
    "MeetingForm",
    "MemberForm",
    "MemberFormSet",
    "PlanWishesForm",
    "StafettholderChoiceField",
    "TaskForm",
    "member_choices",
    "quiet",
]
