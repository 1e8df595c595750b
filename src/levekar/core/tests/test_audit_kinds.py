"""Typed audit events: every kind has a Norwegian text and an action, a row is told as
one sentence, and changes never keep the values of free-text fields."""

import re

import pytest
from django.utils import translation

from levekar.core.audit import (
    Action,
    Kind,
    audit_changes,
    audit_record,
    audit_snapshot,
    audit_text,
)
from levekar.core.audit_kinds import ACTION_OF, AuditKind
from levekar.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", list(AuditKind), ids=lambda k: k.value or "legacy")
def test_every_kind_has_a_norwegian_text_and_an_action(kind):
    with translation.override("en"):
        english = str(kind.label)
    with translation.override("nb"):
        norwegian = str(kind.label)
    assert norwegian and norwegian != english, f"{kind.value!r} has no Norwegian text"
    assert kind in ACTION_OF
    if kind != AuditKind.LEGACY:
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", kind.value), kind.value
        assert ACTION_OF[kind] in Action.values


def test_the_kind_decides_the_action_and_an_unknown_kind_is_refused(coordinator):
    event = audit_record(actor=coordinator, kind=Kind.CASE_READ, persons=[1])
    assert (event.kind, event.action) == ("case.read", "view")
    with pytest.raises(ValueError, match="unknown audit kind"):
        audit_record(actor=coordinator, kind="case.guessed", persons=[1])
    with pytest.raises(ValueError):
        audit_record(actor=coordinator, persons=[1])


def test_a_row_written_the_old_way_is_still_told_as_a_sentence(coordinator):
    event = audit_record(actor=coordinator, action=Action.UPDATE, persons=[3],
                         purpose="rettet adressen")
    stored = AuditEvent.objects.select_related("actor__org_unit").get(pk=event.pk)
    assert (stored.kind, stored.changes) == ("", [])
    with translation.override("nb"):
        assert audit_text(stored) == ("Kari Koordinator (Familieteamet (familiekoordinatorene))"
                                      " endret – rettet adressen.")


def test_changes_keep_codes_and_dates_but_only_name_free_text_fields(coordinator):
    before = audit_snapshot(coordinator, ["first_name", "is_active", "date_joined"])
    coordinator.first_name = "Karianne"
    coordinator.is_active = False
    changes = audit_changes(coordinator, before)
    assert changes == [{"field": "first_name"},
                       {"field": "is_active", "old": True, "new": False}]
    event = audit_record(actor=coordinator, kind=Kind.CASE_MEMBER_CORRECT, obj=coordinator,
                         changes=changes)
    with translation.override("nb"):
        text = audit_text(AuditEvent.objects.get(pk=event.pk))
    assert "Karianne" not in text
    assert text.startswith("Kari")
    assert "rettet opplysninger om et familiemedlem: " in text
    assert "fra «ja» til «nei»" in text


# Every app names a kind in each audit call (older rows without one are told as
# older entries).
TYPED_APPS = ("core", "people", "followup", "lending", "passes", "minside", "evaluation",
              "stats")
AUDIT_HELPERS = {"audit_record", "audit_request", "_audit", "audit_borrower"}


def test_the_typed_apps_name_a_kind_in_every_audit_call():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    untyped = []
    for app in TYPED_APPS:
        for path in sorted((root / app).rglob("*.py")):
            if {"tests", "migrations"} & set(path.parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                name = isinstance(node, ast.Call) and (
                    getattr(node.func, "id", None) or getattr(node.func, "attr", None))
                if name in AUDIT_HELPERS and "kind" not in {k.arg for k in node.keywords}:
                    untyped.append(f"{path.relative_to(root)}:{node.lineno}")
    assert untyped == []


def test_the_audit_list_filters_by_kind_and_tells_each_row_as_a_sentence(
        client_as, coordinator, django_assert_max_num_queries):
    for _ in range(3):
        audit_record(actor=coordinator, kind=Kind.CASE_READ, persons=[7],
                     purpose="så familieløpet (coordinator)")
    audit_record(actor=coordinator, action=Action.UPDATE, persons=[7], purpose="gammel rad")
    client = client_as("admin")
    with django_assert_max_num_queries(12):
        body = client.get("/revisjon/", {"kind": "case.read"}).content.decode()
    assert body.count("Kari Koordinator (Familieteamet (familiekoordinatorene)) leste "
                      "familieløpet") == 3
    assert "gammel rad" not in body
    assert "søkte i revisjonsloggen." not in body  # the search rows are of another kind
    body = client.get("/revisjon/", {"actor": "koordinator1"}).content.decode()
    assert "endret – gammel rad." in body
