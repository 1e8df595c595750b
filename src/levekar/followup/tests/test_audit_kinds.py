"""Follow-up writes typed audit events: a kind for every event, old and new values for a
change, and the innsynslogg tells each row as one sentence."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from levekar.core.audit import audit_text
from levekar.core.models import AuditEvent
from levekar.followup import services as S
from levekar.followup.models import GoalAction, PlanArea
from levekar.followup.tests.case_fixtures import *  # noqa: F403

FOLLOWUP = Path(__file__).resolve().parents[1]
AUDIT_CALLS = {"_audit", "audit_record", "audit_request"}


def _untyped_audit_calls(root: Path) -> list[str]:
    """Every call of an audit helper under ``root`` that names no ``kind=``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in AUDIT_CALLS and "kind" not in {k.arg for k in node.keywords}:
                found.append(f"{path.relative_to(FOLLOWUP)}:{node.lineno}")
    return found


def test_every_audit_call_of_followup_names_its_kind():
    calls = []
    for room in ("services", "privacy", "views"):
        calls += _untyped_audit_calls(FOLLOWUP / room)
    assert calls == []


def test_the_scan_finds_an_untyped_call(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.FOLLOWUP", tmp_path)
    (tmp_path / "x.py").write_text(
        "audit_record(actor=a, action='update', purpose='endret noe')\n"
        "_audit(actor=a, request=None, kind=K.CASE_READ, obj=o, persons=())\n")
    assert _untyped_audit_calls(tmp_path) == ["x.py:1"]


@pytest.mark.django_db
def test_changing_a_plan_action_records_old_and_new_values(journey, coordinator):
    case = journey["case"]
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                         title="Mor i arbeidsrettet aktivitet")
    action = S.action_create(actor=coordinator, goal=goal, description="Avtale med NAV",
                             responsible_unit=journey["units"]["nav-lillestrom"],
                             deadline=dt.date(2027, 1, 1))
    S.action_update(actor=coordinator, access=None, action=action,
                    status=GoalAction.Status.DONE, deadline=dt.date(2027, 2, 1),
                    note="Avtalen er på plass.", on=dt.date(2026, 12, 1))

    event = AuditEvent.objects.get(kind="plan.action.update")
    assert event.action == "update"
    assert (event.object_type, event.object_id) == ("followup.goalaction", str(action.pk))
    assert event.changes == [
        {"field": "status", "old": "planned", "new": "done"},
        {"field": "deadline", "old": "2027-01-01", "new": "2027-02-01"},
        {"field": "done_on", "old": None, "new": "2026-12-01"},
    ]
    assert "Avtalen" not in str(event.changes)
    with translation.override("nb"):
        text = audit_text(event)
    assert text.startswith("Kari Koordinator (Familieteamet")
    assert "endret et tiltak i Familiens plan: status fra «Planlagt» til «Gjort»" in text
    assert "fra «1. januar 2027» til «1. februar 2027»" in text
    assert "planned" not in text and "done_on" not in text


@pytest.mark.django_db
def test_the_innsynslogg_shows_each_row_as_a_sentence(client_as, journey, coordinator,
                                                     health_partner):
    from levekar.minside import selectors as minside

    case, mother = journey["case"], journey["persons"]["mother"]
    bti_set(actor=coordinator, case=case, to_level=1,  # noqa: F405
            reason="Mor ønsker hjelp med økonomien.", holder=health_partner)
    client_as("helsestasjon1").get(reverse("followup:case_detail", kwargs={"case_pk": case.pk}))
    page = client_as("koordinator1").get(
        reverse("followup:access_log", kwargs={"case_pk": case.pk})).content.decode()

    assert "Kari Koordinator (Familieteamet (familiekoordinatorene)) endret BTI-nivå: " \
           "BTI-nivå fra «Nivå 0 – en bekymring avklares» til «Nivå 1 – tiltak i egen tjeneste»" \
           in page
    assert (f"Hanne Helse (Helsestasjon Lillestrøm) leste familieløpet – så familieløpet, "
            f"med samtykke fra {mother.full_name}.") in page
    mine = next(log for log in minside.access_log(mother) if log.is_self)
    with translation.override("nb"):
        texts = [e.text for e in minside.access_log(mother)[0].events]
    assert any(t.startswith("Hanne Helse (Helsestasjon Lillestrøm) leste familieløpet")
               for t in texts), texts
    assert all(e.text for e in mine.events)
