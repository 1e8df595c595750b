"""Typed audit events: every kind and every purpose has a Norwegian text, every kind an
action, every purpose the code writes is a declared one, a row (an old free-text one
too) is told as one sentence, and changes never keep the values of free-text fields."""

import re

import pytest
from django.utils import translation

from levekar.core.audit import (
    Action,
    Kind,
    Purpose,
    Via,
    audit_changes,
    audit_record,
    audit_snapshot,
    audit_text,
    audit_why,
)
from levekar.core.audit_kinds import ACTION_OF, AccessVia, AuditKind, AuditPurpose
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


def _old_row(actor, *, action: str, purpose: str, kind: str = "") -> AuditEvent:
    """A row as the code wrote it before the declared purposes: free text in
    ``purpose`` (``audit_record`` refuses that now, so it is made by hand)."""
    return AuditEvent.objects.create(actor=actor, actor_username=actor.get_username(),
                                     action=action, kind=kind, purpose=purpose)


@pytest.mark.parametrize("choices", [AuditPurpose, AccessVia], ids=lambda c: c.__name__)
def test_every_purpose_and_access_route_has_a_norwegian_text(choices):
    for member in choices:
        with translation.override("en"):
            english = str(member.label)
        with translation.override("nb"):
            norwegian = str(member.label)
        assert norwegian and norwegian != english, f"{member.value!r} has no Norwegian text"
        if choices is AuditPurpose and member.value:
            assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", member.value), member.value


def test_an_undeclared_purpose_or_access_route_is_refused(coordinator):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="undeclared audit purpose"):
        audit_record(actor=coordinator, kind=Kind.CASE_READ, purpose="så familieløpet")
    with pytest.raises(ValueError, match="unknown access route"):
        audit_record(actor=coordinator, kind=Kind.CASE_READ, via="nabo")
    assert AuditEvent.objects.count() == before


def test_the_sentence_takes_its_why_from_the_declared_purpose(coordinator):
    event = audit_record(actor=coordinator, kind=Kind.CASE_READ, persons=[3],
                         purpose=Purpose.PLAN_PAGE, via=Via.COORDINATOR)
    stored = AuditEvent.objects.select_related("actor__org_unit").get(pk=event.pk)
    assert (stored.purpose, stored.via, stored.detail) == ("case.page.plan", "coordinator", "")
    with translation.override("nb"):
        assert audit_text(stored) == ("Kari Koordinator (Familieteamet (familiekoordinatorene))"
                                      " leste familieløpet – så Familiens plan, "
                                      "som familiekoordinator.")
    with translation.override("en"):
        assert audit_why(stored) == "saw Familiens plan, as family coordinator"
    # the varying facts follow the purpose's words
    event = audit_record(actor=coordinator, kind=Kind.PERSON_LOOKUP,
                         purpose=Purpose.NEW_MEMBER, detail="ingen treff")
    with translation.override("nb"):
        assert audit_why(event) == "nytt familiemedlem: ingen treff"


def test_a_row_written_the_old_way_is_still_told_as_a_sentence(coordinator):
    event = _old_row(coordinator, action=Action.UPDATE, purpose="rettet adressen")
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


def _undeclared_purposes(root) -> list[str]:
    """Every ``purpose=`` of a call under ``root`` (tests, migrations and the writer
    ``core/audit.py`` aside) that is not a declared ``AuditPurpose``: a string, an
    f-string, words put together, or a member ``AuditPurpose`` lacks. A plain name
    passes a parameter through (a helper's, the case decorator's); a conditional is
    checked branch by branch; ``""`` is no purpose."""
    import ast

    def undeclared(v) -> bool:
        if isinstance(v, ast.IfExp):
            return undeclared(v.body) or undeclared(v.orelse)
        if isinstance(v, ast.Constant):
            return v.value != ""
        if isinstance(v, ast.Attribute):
            return not (isinstance(v.value, ast.Name)
                        and v.value.id in {"Purpose", "AuditPurpose"}
                        and v.attr in AuditPurpose.names)
        return not isinstance(v, ast.Name)

    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if {"tests", "migrations"} & set(rel.parts) or rel.as_posix() == "core/audit.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call):
                found += [f"{rel}:{node.lineno}" for k in node.keywords
                          if k.arg == "purpose" and undeclared(k.value)]
    return found


def test_every_purpose_the_code_writes_is_a_declared_one():
    from pathlib import Path

    assert _undeclared_purposes(Path(__file__).resolve().parents[2]) == []


def test_the_purpose_scan_finds_words_and_unknown_members(tmp_path):
    (tmp_path / "x.py").write_text(
        "audit_record(actor=a, kind=K.CASE_READ, purpose='så familieløpet')\n"
        "audit_record(actor=a, kind=K.CASE_READ, purpose=f'søk ({n} treff)')\n"
        "audit_record(actor=a, kind=K.CASE_READ, purpose=Purpose.NO_SUCH_PAGE)\n"
        "audit_record(actor=a, kind=K.CASE_READ, purpose=Purpose.A if x else 'b')\n"
        "audit_record(actor=a, kind=K.CASE_READ, purpose=Purpose.PLAN_PAGE, detail=f'{n}')\n"
        "audit_record(actor=a, kind=K.CASE_READ, purpose=purpose if x else '')\n")
    assert _undeclared_purposes(tmp_path) == ["x.py:1", "x.py:2", "x.py:3", "x.py:4"]


def test_the_audit_list_filters_by_kind_and_tells_each_row_as_a_sentence(
        client_as, coordinator, django_assert_max_num_queries):
    for _ in range(3):
        audit_record(actor=coordinator, kind=Kind.CASE_READ, persons=[7],
                     purpose=Purpose.CASE_OVERVIEW, via=Via.COORDINATOR)
    _old_row(coordinator, action=Action.UPDATE, purpose="gammel rad")
    client = client_as("admin")
    with django_assert_max_num_queries(12):
        body = client.get("/revisjon/", {"kind": "case.read"}).content.decode()
    assert body.count("Kari Koordinator (Familieteamet (familiekoordinatorene)) leste "
                      "familieløpet") == 3
    assert "gammel rad" not in body
    assert "søkte i revisjonsloggen." not in body  # the search rows are of another kind
    body = client.get("/revisjon/", {"actor": "koordinator1"}).content.decode()
    assert "endret – gammel rad." in body
