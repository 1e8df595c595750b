"""The worklist's messages: the daily digest to each coordinator, the weekly digest to the
BTI leader, and the leader's reminder to one coordinator.

Every message holds counts and links only — no names of families or staff, no notes.
Each is recorded as a ``WorklistNotice`` (recipient, kind, period) in the same transaction
that queues the e-mail through ``levekar.core.messaging``; the unique constraint on the
notice makes a second run for the same day or week send nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from levekar.core import messaging
from levekar.core.errors import InvalidInput, Problem
from levekar.core.models import User
from levekar.core.roles import Role, has_role
from levekar.followup.models import BtiLevel, WorklistNotice
from levekar.followup.selectors import (
    WORK_KINDS,
    bti_overview,
    caseload_for,
    caseloads_by_coordinator,
    work_counts,
)
from levekar.followup.selectors.overview import METRIC_LABELS

# What each kind of work is called in the e-mails (and on the leader's page).
WORK_LABELS = {
    "mapping_overdue": gettext_lazy("Mappings overdue"),
    "mapping_due": gettext_lazy("Yearly mappings due within 30 days"),
    "actions_overdue": gettext_lazy("Families with plan actions past their deadline"),
    "tasks_overdue": gettext_lazy("Families with tasks past their deadline"),
    "consent_expiring": gettext_lazy("Consents ending within 30 days"),
    "stafettholder_lost": gettext_lazy("Stafettholders who no longer have access"),
    "feedback_flag": gettext_lazy("Families whose session feedback is not on track"),
}


@dataclass
class DigestReport:
    dry_run: bool
    period: dt.date
    sent: int = 0
    already_sent: int = 0
    nothing_to_do: int = 0
    no_email: int = 0
    recipients: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "period": self.period.isoformat(), "sent": self.sent,
                "already_sent": self.already_sent, "nothing_to_do": self.nothing_to_do,
                "no_email": self.no_email}


def _link(url_name: str) -> str:
    return getattr(settings, "LEVEKAR_BASE_URL", "").rstrip("/") + reverse(url_name)


def _count_lines(counts: dict[str, int]) -> list[str]:
    return [f"- {WORK_LABELS[k]}: {counts[k]}" for k in WORK_KINDS if counts.get(k)]


def _staff(role: str):
    return (User.objects.filter(groups__name=role, is_active=True).distinct()
            .order_by("pk"))


def _send(*, recipient: User, kind: str, period: dt.date, counts: dict, subject: str,
          body: str, sent_by: User | None = None) -> bool:
    """Record the notice and queue the e-mail in one transaction; False when this
    recipient already has this notice for this period (nothing is queued)."""
    try:
        with transaction.atomic():
            WorklistNotice.objects.create(recipient=recipient, kind=kind, period=period,
                                          counts=counts, sent_by=sent_by)
            messaging.queue_email(to=recipient.email, subject=subject, body=body,
                                  reference=f"followup.worklist:{kind}:{recipient.pk}:{period}")
    except IntegrityError:
        return False
    return True


def _daily_text(counts: dict[str, int], day: dt.date) -> tuple[str, str]:
    total = sum(counts.values())
    subject = _("Levekår: %(n)s things to do in My caseload") % {"n": total}
    body = "\n".join([
        _("This is on your worklist today, %(date)s:") % {"date": date_format(day, "j. F Y")},
        "", *_count_lines(counts), "",
        _("Open My caseload: %(url)s") % {"url": _link("followup:worklist")}, "",
        _("The message holds no names. You get it each working day when something is on "
          "your list."),
    ])
    return subject, body


def digest_daily_send(*, today: dt.date | None = None, dry_run: bool = False) -> DigestReport:
    """The morning digest to every active coordinator with something on their worklist:
    counts per kind of work and a link. Sent once per coordinator and day."""
    today = today or timezone.localdate()
    report = DigestReport(dry_run=dry_run, period=today)
    rows = caseloads_by_coordinator(today=today)
    done = set(WorklistNotice.objects.filter(kind=WorklistNotice.Kind.DAILY, period=today)
               .values_list("recipient_id", flat=True))
    with translation.override("nb"):
        for user in _staff(Role.COORDINATOR):
            counts = work_counts(rows.get(user.pk, []))
            if not sum(counts.values()):
                report.nothing_to_do += 1
                continue
            if user.pk in done:
                report.already_sent += 1
                continue
            if not user.email:
                report.no_email += 1
                continue
            if dry_run:
                report.sent += 1
                continue
            subject, body = _daily_text(counts, today)
            if _send(recipient=user, kind=WorklistNotice.Kind.DAILY, period=today,
                     counts=counts, subject=subject, body=body):
                report.sent += 1
                report.recipients.append(user.pk)
            else:
                report.already_sent += 1
    return report


def leader_counts(today: dt.date) -> dict:
    """The weekly digest's figures: open cases, their children per BTI level and the
    overview's metrics."""
    overview = bti_overview(today=today)
    return {"cases": overview.cases, "by_level": overview.level_totals,
            **{m.key: m.count for m in overview.metrics}}


def _weekly_text(counts: dict, week_start: dt.date) -> tuple[str, str]:
    week = week_start.isocalendar().week
    overview = bti_overview_labels()
    lines = [_("Open family cases: %(n)s") % {"n": counts["cases"]},
             _("Children in them per BTI level:")]
    lines += [f"- {label}: {n}" for label, n in zip(overview["levels"], counts["by_level"],
                                                     strict=True)]
    lines += [f"- {label}: {counts[key]}" for key, label in overview["metrics"]]
    subject = _("Levekår: the BTI overview for week %(week)s") % {"week": week}
    body = "\n".join([
        _("The follow-up this week (week %(week)s), as counts:") % {"week": week}, "",
        *lines, "",
        _("Open the BTI overview: %(url)s") % {"url": _link("followup:bti_overview")}, "",
        _("The message holds no names. You get it every Monday."),
    ])
    return subject, body


def bti_overview_labels() -> dict:
    return {"levels": [str(label) for label in BtiLevel.labels],
            "metrics": [(k, str(v)) for k, v in METRIC_LABELS.items()]}


def digest_weekly_send(*, today: dt.date | None = None, dry_run: bool = False) -> DigestReport:
    """The Monday digest to every active BTI leader: the week's counts and a link. Sent
    once per leader and week (the period is the week's Monday)."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    report = DigestReport(dry_run=dry_run, period=monday)
    done = set(WorklistNotice.objects.filter(kind=WorklistNotice.Kind.WEEKLY, period=monday)
               .values_list("recipient_id", flat=True))
    counts = leader_counts(today)
    with translation.override("nb"):
        subject, body = _weekly_text(counts, monday)
        for user in _staff(Role.BTI_COORDINATOR):
            if user.pk in done:
                report.already_sent += 1
            elif not user.email:
                report.no_email += 1
            elif dry_run:
                report.sent += 1
            elif _send(recipient=user, kind=WorklistNotice.Kind.WEEKLY, period=monday,
                       counts=counts, subject=subject, body=body):
                report.sent += 1
                report.recipients.append(user.pk)
            else:
                report.already_sent += 1
    return report


def coordinator_remind(*, actor: User, coordinator: User,
                       today: dt.date | None = None) -> WorklistNotice:
    """The BTI leader asks a coordinator to look at their worklist: one e-mail with the
    coordinator's counts and a link, at most once a day per coordinator."""
    today = today or timezone.localdate()
    if not (coordinator.is_active and has_role(coordinator, Role.COORDINATOR)):
        raise InvalidInput([Problem("Mottakeren er ikke en aktiv familiekoordinator.",
                                    field="koordinator")])
    if not coordinator.email:
        raise InvalidInput([Problem(
            f"{coordinator.display_name} har ingen e-postadresse; påminnelsen kan ikke sendes.",
            field="koordinator")])
    counts = work_counts(caseload_for(coordinator, today=today))
    with translation.override("nb"):
        subject = _("Levekår: please look at My caseload")
        body = "\n".join([
            _("The BTI leader asks you to look at your worklist. On it today, %(date)s:")
            % {"date": date_format(today, "j. F Y")}, "",
            *(_count_lines(counts) or [_("Nothing is overdue.")]), "",
            _("Open My caseload: %(url)s") % {"url": _link("followup:worklist")},
        ])
    if not _send(recipient=coordinator, kind=WorklistNotice.Kind.REMINDER, period=today,
                 counts=counts, subject=subject, body=body, sent_by=actor):
        raise InvalidInput([Problem(
            f"{coordinator.display_name} har allerede fått en påminnelse i dag.",
            field="koordinator")])
    return WorklistNotice.objects.get(recipient=coordinator,
                                      kind=WorklistNotice.Kind.REMINDER, period=today)
