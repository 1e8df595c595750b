import pytest

from levekar.core.audit import Action, audit_record
from levekar.core.models import AuditEvent, AuditLogImmutable, AuditSubject
from levekar.core.selectors import person_access_log

pytestmark = pytest.mark.django_db


def test_a_read_of_personal_data_writes_exactly_one_event(coordinator):
    before = AuditEvent.objects.count()
    event = audit_record(actor=coordinator, action=Action.VIEW, object_type="followup.case",
                         object_id=7, persons=[11, 12, 12], detail="saksoppfølging")
    assert AuditEvent.objects.count() == before + 1
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == coordinator
    assert stored.actor_username == "koordinator1"
    assert stored.action == "view"
    assert (stored.object_type, stored.object_id) == ("followup.case", "7")
    assert sorted(AuditSubject.objects.filter(event=stored).values_list("person_id", flat=True)) \
        == [11, 12]


def test_an_audit_event_cannot_be_changed_or_deleted(coordinator):
    event = audit_record(actor=coordinator, action=Action.VIEW, persons=[5])
    event.detail = "endret i ettertid"
    with pytest.raises(AuditLogImmutable):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="x")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogImmutable):
        AuditSubject.objects.filter(event=event).delete()
    assert AuditEvent.objects.get(pk=event.pk).purpose == ""


def test_innsynslogg_lists_who_looked_at_a_person_in_one_query(
    coordinator, nav_partner, django_assert_num_queries
):
    audit_record(actor=coordinator, action=Action.VIEW, persons=[42], detail="hjemmebesøk")
    audit_record(actor=nav_partner, action=Action.UPDATE, persons=[42, 43])
    audit_record(actor=nav_partner, action=Action.VIEW, persons=[99])
    with django_assert_num_queries(1):
        rows = [(e.actor_username, e.action, e.actor.org_unit.name)
                for e in person_access_log(person_id=42)]
    assert rows == [("nav1", "update", "NAV Lillestrøm"),
                    ("koordinator1", "view", "Familieteamet (familiekoordinatorene)")]
