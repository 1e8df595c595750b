"""The evaluation's demo data: loaded twice, it changes nothing the second time."""

import pytest
from django.conf import settings

from levekar.core.lib.progress import NULL_REPORTER
from levekar.evaluation import demo
from levekar.evaluation.models import (
    EvaluationGoal,
    InterdisciplinaryMeeting,
    MappingChange,
    PracticeAssessment,
    SevenStepAction,
)
from levekar.followup.models import Assessment, Case
from levekar.plans.services import plan_import

pytestmark = pytest.mark.django_db
PLAN_FILE = settings.REPO_DIR / "data" / "plans" / "lillestrom-2026-2030.yaml"


def _counts():
    return [m.objects.count() for m in (Case, Assessment, MappingChange, EvaluationGoal,
                                        PracticeAssessment, SevenStepAction,
                                        InterdisciplinaryMeeting)]


def test_the_demo_is_idempotent_and_fills_every_part(demo_org, monkeypatch):
    plan_import(text=PLAN_FILE.read_text(encoding="utf-8"), filename=PLAN_FILE.name)
    monkeypatch.setattr(demo, "FAMILIES", 4)
    demo.load(reporter=NULL_REPORTER)
    first = _counts()
    assert first[0] == 4 and all(n > 0 for n in first), first
    demo.load(reporter=NULL_REPORTER)
    assert _counts() == first
