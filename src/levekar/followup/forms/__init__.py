"""The forms of follow-up, one module per topic."""

from levekar.followup.forms._common import (
    DATE,
    TIME,
    DateInput,
    DsFormMixin,
    as_initial,
    member_choices,
    with_version,
)
from levekar.followup.forms.bti import (
    BreakGlassForm,
    BreakGlassReviewForm,
    BtiLevelForm,
    IndividualPlanForm,
)
from levekar.followup.forms.case import (
    BaseMemberFormSet,
    CaseStatusForm,
    HouseholdForm,
    MemberForm,
    MemberFormSet,
    member_rows_again,
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
from levekar.followup.forms.offers import (
    ApplicationForm,
    OfferCatalogueForm,
)
from levekar.followup.forms.plan import (
    ActionForm,
    ActionStatusForm,
    ActionUpdateForm,
    ChildVoiceForm,
    GoalForm,
    GoalNoteForm,
    ParticipantForm,
    PlanWishesForm,
)

__all__ = [
    "DATE",
    "NULL_BOOL",
    "TIME",
    "ActionForm",
    "ActionStatusForm",
    "ActionUpdateForm",
    "ApplicationForm",
    "AssessmentForm",
    "BaseMemberFormSet",
    "BreakGlassForm",
    "BreakGlassReviewForm",
    "BtiLevelForm",
    "CaseStatusForm",
    "ChildVoiceForm",
    "ConsentForm",
    "ConsentWithdrawForm",
    "DateInput",
    "DsFormMixin",
    "FeedbackForm",
    "GoalForm",
    "GoalNoteForm",
    "HouseholdForm",
    "IndividualPlanForm",
    "MeetingForm",
    "MemberForm",
    "MemberFormSet",
    "OfferCatalogueForm",
    "ParticipantForm",
    "PlanWishesForm",
    "TaskForm",
    "as_initial",
    "member_choices",
    "member_rows_again",
    "with_version",
]
