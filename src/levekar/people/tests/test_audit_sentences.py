"""An audit sentence says what happened once: where the kind's sentence already says it
("registrerte en person"), no purpose text repeats it ("– ny person")."""

import datetime as dt

import pytest
from django.utils import translation

from levekar.core.audit import audit_text
from levekar.core.audit_kinds import AuditKind as Kind
from levekar.core.models import AuditEvent
from levekar.people import services

pytestmark = pytest.mark.django_db


def test_registering_a_household_and_a_person_is_told_once(demo_org):
    actor = demo_org["users"]["koordinator1"]
    household = services.household_create(actor=actor, municipality=demo_org["municipality"],
                                          street="Storgata 1")
    services.person_create(actor=actor, first_name="Kari", last_name="Nordmann",
                           household=household, birth_date=dt.date(1990, 1, 1))
    with translation.override("nb"):
        texts = {e.kind: audit_text(e) for e in AuditEvent.objects.filter(
            kind__in=[Kind.HOUSEHOLD_CREATE, Kind.PERSON_CREATE])}
    assert texts[Kind.HOUSEHOLD_CREATE].endswith("registrerte en husstand.")
    assert texts[Kind.PERSON_CREATE].endswith("registrerte en person.")
    assert not any("–" in t for t in texts.values())
