# BTI follows each child (issue 11, item 3): the case's level and stafettholder move to
# every child of the case, the stafettholder becomes a participant of the case, and each
# level change is kept for each child it concerned. The columns are added in 0010 and the
# old case-level ones dropped in 0012: separate migrations, because PostgreSQL refuses to
# alter a table in the transaction that has just written its rows under deferred foreign
# keys.

from django.db import migrations


def _participant_for(Participant, case_id, user, cache):
    """The case's participant for ``user``, created from the account when missing."""
    if user is None:
        return None
    key = (case_id, user.pk)
    if key not in cache:
        participant = Participant.objects.filter(case_id=case_id, user_id=user.pk).first()
        if participant is None:
            name = (f"{user.first_name} {user.last_name}".strip() or user.username)
            participant = Participant.objects.create(case_id=case_id, name=name, user_id=user.pk,
                                                     unit_id=user.org_unit_id)
        cache[key] = participant
    return cache[key]


def case_values_to_children(apps, schema_editor):
    Case = apps.get_model("followup", "Case")
    CaseMember = apps.get_model("followup", "CaseMember")
    BtiLevelChange = apps.get_model("followup", "BtiLevelChange")
    Participant = apps.get_model("followup", "Participant")
    cache: dict = {}
    for case in Case.objects.select_related("stafettholder").order_by("pk").iterator():
        children = list(CaseMember.objects.filter(case_id=case.pk, role="child")
                        .order_by("pk"))
        holder = _participant_for(Participant, case.pk, case.stafettholder, cache)
        for child in children:
            child.bti_level = case.bti_level
            child.stafettholder = holder
            child.save(update_fields=["bti_level", "stafettholder"])
        changes = (BtiLevelChange.objects.filter(case_id=case.pk)
                   .select_related("stafettholder").order_by("pk"))
        for change in changes:
            change.holder = _participant_for(Participant, case.pk, change.stafettholder, cache)
            if change.from_level is None or not children:
                # The opening of the case (or a family without children): the family's.
                change.save(update_fields=["holder"])
                continue
            change.member = children[0]
            change.save(update_fields=["holder", "member"])
            for child in children[1:]:
                BtiLevelChange.objects.create(
                    case_id=case.pk, member=child, from_level=change.from_level,
                    to_level=change.to_level, changed_by_id=change.changed_by_id,
                    changed_at=change.changed_at, reason=change.reason, holder=change.holder)


def children_back_to_case(apps, schema_editor):
    """The reverse: the case gets its highest child's level and that child's holder's user;
    the copies made for the second and later children go."""
    Case = apps.get_model("followup", "Case")
    CaseMember = apps.get_model("followup", "CaseMember")
    BtiLevelChange = apps.get_model("followup", "BtiLevelChange")
    for case in Case.objects.order_by("pk").iterator():
        children = list(CaseMember.objects.filter(case_id=case.pk, role="child")
                        .select_related("stafettholder").order_by("-bti_level", "pk"))
        if children:
            top = children[0]
            case.bti_level = top.bti_level
            case.stafettholder_id = top.stafettholder.user_id if top.stafettholder_id else None
            case.save(update_fields=["bti_level", "stafettholder"])
        first = min((c.pk for c in children), default=None)
        BtiLevelChange.objects.filter(case_id=case.pk, member__isnull=False).exclude(
            member_id=first).delete()
    for change in BtiLevelChange.objects.select_related("holder").iterator():
        change.stafettholder_id = change.holder.user_id if change.holder_id else None
        change.save(update_fields=["stafettholder"])


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0010_bti_per_child_fields'),
    ]

    operations = [
        migrations.RunPython(case_values_to_children, children_back_to_case),
    ]
