"""Friendly reminders to households whose cards are still unused after a while."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q

from levekar.core.audit import Action, audit_record
from levekar.core.errors import Conflict
from levekar.passes.models import ActivityPass, Reminder, ReminderRun, Scheme
from levekar.passes.services._common import actor_fields, actor_user


@transaction.atomic
def reminders_send(*, scheme: Scheme, year: int, issued_before: dt.date, actor=None,
                   actor_name: str = "") -> ReminderRun:
    """Mark every card of ``scheme``/``year`` issued on or before ``issued_before`` and not
    used yet for a reminder letter; keep a snapshot of the use rate to compare with later."""
    totals = ActivityPass.objects.filter(scheme=scheme, year=year).aggregate(
        issued=Count("id"), used=Count("id", filter=Q(first_used_at__isnull=False)))
    unused = list(ActivityPass.objects.filter(
        scheme=scheme, year=year, first_used_at__isnull=True, household__isnull=False,
        issued_at__date__lte=issued_before).values_list("id", "person_id", "household_id"))
    if not unused:
        raise Conflict("Det er ingen ubrukte kort utstedt før denne datoen.")
    user = actor_user(actor)
    run = ReminderRun.objects.create(
        scheme=scheme, year=year, issued_before=issued_before, sent_by=user,
        issued_total=totals["issued"], used_before=totals["used"], reminded=len(unused),
        households=len({h for _p, _person, h in unused}),
    )
    Reminder.objects.bulk_create([Reminder(run=run, activity_pass_id=p) for p, _x, _h in unused],
                                 batch_size=2000)
    audit_record(**actor_fields(actor, actor_name), action=Action.CREATE, obj=run,
                 purpose=f"påminnelse om ubrukt {scheme.card_title} {year} til "
                         f"{run.households} husstander",
                 persons=[person for _p, person, _h in unused])
    return run
