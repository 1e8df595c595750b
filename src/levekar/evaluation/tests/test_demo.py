"""The evaluation's demo data: loaded twice, it changes nothing the second time."""

import pytest
from django.conf import settings

from levekar.core.lib.progress import NULL_REPORTER
from levekar.evaluation import demo
from levekar.evaluation.models import (
    Course,
    EvaluationGoal,
    InterdisciplinaryMeeting,
    MappingChange,
    PracticeAssessment,
    Programme,
    QuestionnaireResponse,
    SevenStepAction,
)
from levekar.followup.models import Assessment, Case
from levekar.plans.services import plan_import

pytestmark = pytest.mark.django_db
PLAN_FILE = settings.REPO_DIR / "data" / "plans" / "lillestrom-2026-2030.yaml"


def _counts():
    return [m.objects.count() for m in (Case, Assessment, MappingChange, EvaluationGoal,
                                        PracticeAssessment, SevenStepAction,
                                        InterdisciplinaryMeeting, Programme, Course,
                                        QuestionnaireResponse)]


def test_the_demo_is_idempotent_and_fills_every_part(demo_org, monkeypatch):
    plan_import(text=PLAN_FILE.read_text(encoding="utf-8"), filename=PLAN_FILE.name)
    monkeypatch.setattr(demo, "FAMILIES", 4)
    demo.load(reporter=NULL_REPORTER)
    first = _counts()
    assert first[0] == 4 and all(n > 0 for n in first), first
    demo.load(reporter=NULL_REPORTER)
    assert _counts() == first


def test_the_demo_programme_carries_out_the_parenting_measure(demo_org, monkeypatch):
    plan_import(text=PLAN_FILE.read_text(encoding="utf-8"), filename=PLAN_FILE.name)
    monkeypatch.setattr(demo, "FAMILIES", 2)
    demo.load(reporter=NULL_REPORTER)
    programme = Programme.objects.get()
    assert programme.measure.code == "1.1.1"
    languages = set(Course.objects.values_list("language", flat=True))
    assert {"norsk", "arabisk", "somali"} <= languages
    assert Course.objects.exclude(co_leader="").count() == 2
    # Some answered only before: they are missing, not change.
    before = QuestionnaireResponse.objects.filter(phase="before").count()
    after = QuestionnaireResponse.objects.filter(phase="after").count()
    assert before > after > 0
