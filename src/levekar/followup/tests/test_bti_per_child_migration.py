"""Migration 0011_bti_per_child moves the case's BTI level and stafettholder to each child
of the case (the stafettholder becoming a participant), and keeps each level change for
every child; going back gives the case its highest child's level and holder."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from levekar.followup import services as S
from levekar.followup.models import BtiLevelChange, CaseMember, Participant
from levekar.followup.tests.factories import make_family

BEFORE = [("followup", "0009_plan_partners")]  # before 0010–0012 (BTI per child)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_case_level_and_stafettholder_move_to_every_child(demo_org, coordinator,
                                                             health_partner, colleague):
    # Today's data, written through the services, then taken back to the case-level schema.
    nursed = make_family(coordinator=coordinator)
    nurse = S.participant_add(actor=coordinator, case=nursed, user=health_partner)
    for child in nursed.members.filter(role=CaseMember.Role.CHILD):
        S.bti_level_change(actor=coordinator, member=child, to_level=1, reason="Tiltak.",
                           stafettholder=nurse)
    plain = make_family(coordinator=coordinator, street="Annen vei 2")
    try:
        old = _migrate(BEFORE)
        Case = old.get_model("followup", "Case")
        Change = old.get_model("followup", "BtiLevelChange")
        back = Case.objects.get(pk=nursed.pk)
        assert (back.bti_level, back.stafettholder_id) == (1, health_partner.pk)
        # Back at case level: the opening and one change (the copies for siblings go).
        assert list(Change.objects.filter(case_id=nursed.pk).order_by("pk")
                    .values_list("to_level", "stafettholder_id")) == [
            (0, None), (1, health_partner.pk)]
        # A case whose stafettholder has no participant yet, and a change naming them.
        Case.objects.filter(pk=plain.pk).update(bti_level=1, stafettholder_id=colleague.pk)
        Change.objects.create(case_id=plain.pk, from_level=0, to_level=1,
                              changed_by_id=coordinator.pk, reason="Skolen melder.",
                              stafettholder_id=colleague.pk)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    children = list(CaseMember.objects.filter(case=nursed, role=CaseMember.Role.CHILD))
    assert len(children) == 3
    assert {(c.bti_level, c.stafettholder_id) for c in children} == {(1, nurse.pk)}
    assert Participant.objects.filter(case=nursed).count() == 1   # the nurse, not again
    for child in children:
        assert list(child.bti_changes.values_list("to_level", "holder_id", "reason")) == [
            (1, nurse.pk, "Tiltak.")]
    assert BtiLevelChange.objects.filter(case=nursed, member__isnull=True).count() == 1

    made = Participant.objects.get(case=plain)
    assert (made.user, made.name, made.unit) == (colleague, "Kåre Koordinator",
                                                 colleague.org_unit)
    assert set(CaseMember.objects.filter(case=plain, role=CaseMember.Role.CHILD)
               .values_list("bti_level", "stafettholder_id")) == {(1, made.pk)}
    assert set(CaseMember.objects.filter(case=plain).exclude(role=CaseMember.Role.CHILD)
               .values_list("bti_level", "stafettholder_id")) == {(0, None)}
    assert BtiLevelChange.objects.filter(case=plain, reason="Skolen melder.",
                                         holder=made).count() == 3
