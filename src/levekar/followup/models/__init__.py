"""Familieoppfølging's models, one module per topic: the case and its members (case),
consent, BTI level and emergency access (bti), Familiens plan (plan), the mapping
(mapping), and meetings, tasks and feedback (meetings)."""

from levekar.followup.models.bti import (
    BreakGlassAccess,
    BreakGlassCategory,
    BtiLevelChange,
    IndividualPlan,
)
from levekar.followup.models.case import (
    BtiLevel,
    Case,
    CaseHandover,
    CaseMember,
    InfoPart,
)
from levekar.followup.models.consent import (
    Consent,
    ConsentGrant,
)
from levekar.followup.models.mapping import (
    Assessment,
)
from levekar.followup.models.meetings import (
    FollowUpTask,
    Meeting,
    SessionFeedback,
)
from levekar.followup.models.offers import (
    OfferCatalogueRevision,
)
from levekar.followup.models.participants import (
    Participant,
)
from levekar.followup.models.plan import (
    ActionUpdate,
    ChildVoice,
    FamilyPlan,
    Goal,
    GoalAction,
    GoalNote,
    PlanArea,
)
from levekar.followup.models.worklist import WorklistNotice

__all__ = [
    "ActionUpdate",
    "Assessment",
    "BreakGlassAccess",
    "BreakGlassCategory",
    "BtiLevel",
    "BtiLevelChange",
    "Case",
    "CaseHandover",
    "CaseMember",
    "ChildVoice",
    "Consent",
    "ConsentGrant",
    "FamilyPlan",
    "FollowUpTask",
    "Goal",
    "GoalAction",
    "GoalNote",
    "IndividualPlan",
    "InfoPart",
    "Meeting",
    "OfferCatalogueRevision",
    "Participant",
    "PlanArea",
    "SessionFeedback",
    "WorklistNotice",
]
