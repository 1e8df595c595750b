"""Friendly reminders to households whose cards are still unused after a while."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q

from levekar.core.audit import Kind, audit_record
from levekar.core.errors import Conflict
from levekar.passes.models import ActivityPass, Reminder, ReminderRun, Scheme
from levekar.passes.services._common import actor_fields, actor_user

# Cards unused this many weeks after they were issued get the scheduled reminder.
SCHEDULE_WEEKS = 8


def _unused(scheme: Scheme, year: int, issued_before: dt.date, only_new: bool):
    qs = ActivityPass.objects.filter(
        scheme=scheme, year=year, first_used_at__isnull=True, household__isnull=False,
        issued_at__date__lte=issued_before)
    if only_new:
        qs = qs.exclude(pk__in=Reminder.objects.filter(run__scheme=scheme, run__year=year)
                        .values("activity_pass_id"))
    return qs


@transaction.atomic
def reminders_send(*, scheme: Scheme, year: int, issued_before: dt.date, actor=None,
                   actor_name: str = "", only_new: bool = False) -> ReminderRun:
    """Mark every card of ``scheme``/``year`` issued on or before ``issued_before`` and not
    used yet for a reminder letter; keep a snapshot of the use rate to compare with later.
    ``only_new`` leaves out cards already reminded in an earlier run (the schedule)."""
    totals = ActivityPass.objects.filter(scheme=scheme, year=year).aggregate(
        issued=Count("id"), used=Count("id", filter=Q(first_used_at__isnull=False)))
    unused = _unused(scheme, year, issued_before, only_new)
    unused = list(unused.values_list("id", "person_id", "household_id"))
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
    audit_record(**actor_fields(actor, actor_name), kind=Kind.PASS_REMINDER_RUN, obj=run,
                 detail=f"påminnelse om ubrukt {scheme.card_title} {year} til "
                         f"{run.households} husstander",
                 persons=[person for _p, person, _h in unused])
    return run


def reminders_scheduled(*, on: dt.date, dry_run: bool, weeks: int = SCHEDULE_WEEKS,
                        progress=None) -> list[dict]:
    """The scheduled round: for every active scheme, the cards of ``on``'s year issued at
    least ``weeks`` weeks before ``on``, still unused and never reminded, get a reminder
    letter (digital first). Idempotent: a card is reminded once, and a round's run and
    its letters are written in one transaction (a failed round leaves nothing, and the
    retry does it whole). A dry run only counts."""
    from levekar.passes.services.delivery import reminder_letters_deliver

    issued_before = on - dt.timedelta(weeks=weeks)
    rounds = []
    for scheme in Scheme.objects.filter(active=True).select_related("municipality") \
            .order_by("code"):
        cards = _unused(scheme, on.year, issued_before, only_new=True)
        if dry_run:
            rounds.append({"scheme": scheme.code, "cards": cards.count(), "run": None})
            continue
        if not cards.exists():
            rounds.append({"scheme": scheme.code, "cards": 0, "run": None})
            continue
        with transaction.atomic():
            run = reminders_send(scheme=scheme, year=on.year, issued_before=issued_before,
                                 actor_name="jobb", only_new=True)
            letters = reminder_letters_deliver(run=run, actor_name="jobb", progress=progress)
        rounds.append({"scheme": scheme.code, "cards": run.reminded, "run": run.pk,
                       "households": run.households, **letters})
    return rounds
