"""Reminders in the reporting rounds: each responsible unit that still has measures to
report gets an e-mail a week before the deadline and once after it; the plan owner gets
the same for the measures that have no responsible unit.

Run once a day by the job runner (``plans.send_reminders`` in ``plans/tasks.py``), or by
hand with ``levekar plans send-reminders``; running it again the same day sends nothing
twice (``RoundReminder`` is unique per round, unit and kind). The e-mails are queued in
the outbox (``levekar.core.messaging``) in the same transaction, and sent after commit.
"""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from levekar.core import messaging
from levekar.plans.models import ReminderKind, ReportingRound, RoundReminder
from levekar.plans.selectors import (
    NO_UNIT,
    plan_matrix,
    round_dashboard,
    unit_staff_emails,
)

DAYS_BEFORE = 7


def _kind_due(rnd: ReportingRound, today: dt.date) -> str | None:
    if rnd.deadline is None:
        return None
    if today > rnd.deadline:
        return ReminderKind.AFTER
    if (rnd.deadline - today).days <= DAYS_BEFORE:
        return ReminderKind.BEFORE
    return None


def _text(rnd: ReportingRound, kind: str, codes: list[str], url: str) -> tuple[str, str]:
    deadline = rnd.deadline.strftime("%d.%m.%Y")
    listed = ", ".join(codes)
    if kind == ReminderKind.BEFORE:
        subject = f"Påminnelse: rapportering på {rnd.plan.title} innen {deadline}"
        lead = f"Fristen for å rapportere for {rnd.year} er {deadline}."
    else:
        subject = f"Fristen er passert: rapportering på {rnd.plan.title}"
        lead = f"Fristen for å rapportere for {rnd.year} var {deadline}."
    body = (f"{lead}\n\nDisse tiltakene mangler rapport: {listed}.\n\n"
            f"Rapporter her: {url}\n\nHilsen Levekår")
    return subject, body


def round_reminders_send(*, today: str | None = None, dry_run: bool = False,
                         progress: Callable[[int, int], None] | None = None) -> dict:
    """Send the reminders that are due ``today`` (ISO date; default: today). Returns
    counts: {"reminders": n, "emails": n, "units": [...]}; ``dry_run`` sends and records
    nothing but says what would be sent."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    rounds = list(ReportingRound.objects.filter(closed_at__isnull=True,
                                                deadline__isnull=False)
                  .select_related("plan"))
    base = getattr(settings, "LEVEKAR_BASE_URL", "").rstrip("/")
    sent = {"reminders": 0, "emails": 0, "units": []}
    for done, rnd in enumerate(rounds, start=1):
        kind = _kind_due(rnd, day)
        if kind is not None:
            _remind_round(rnd, kind, base, dry_run, sent)
        if progress:
            progress(done, len(rounds))
    return sent


def _remind_round(rnd: ReportingRound, kind: str, base: str, dry_run: bool,
                  sent: dict) -> None:
    already = set(RoundReminder.objects.filter(round=rnd, kind=kind)
                  .values_list("unit_code", flat=True))
    statuses = [u for u in round_dashboard(plan_matrix(rnd.plan, year=rnd.year))
                if u.missing and (u.code if u.code != NO_UNIT else "") not in already]
    if not statuses:
        return
    emails = unit_staff_emails([u.code for u in statuses if u.code != NO_UNIT])
    url = base + reverse("plans:my_measures")
    for unit in statuses:
        code = "" if unit.code == NO_UNIT else unit.code
        recipients = emails.get(unit.code if code else NO_UNIT, [])
        codes = [row.measure.code for row in unit.missing]
        sent["units"].append(unit.name or "planeier")
        if dry_run:
            continue
        subject, body = _text(rnd, kind, codes, url)
        try:
            with transaction.atomic():
                reminder = RoundReminder.objects.create(
                    round=rnd, unit_code=code, kind=kind, recipients=len(recipients),
                    missing=len(codes))
                for to in recipients:
                    messaging.queue_email(to=to, subject=subject, body=body,
                                          reference=f"plans.reminder:{reminder.pk}")
        except IntegrityError:
            continue  # another run recorded it a moment ago
        sent["reminders"] += 1
        sent["emails"] += len(recipients)
