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
from levekar.core.errors import AccessDenied, InvalidInput, Problem
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
from levekar.followup.selectors.overview import METRIC_LABELS, leader_municipality_id

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
          body: str, sent_by: User | None = None, topic: str = "") -> bool:
    """Record the notice and queue the e-mail in one transaction; False when this
    recipient already has this notice for this period (nothing is queued)."""
    try:
        with transaction.atomic():
            WorklistNotice.objects.create(recipient=recipient, kind=kind, period=period,
                                          counts=counts, sent_by=sent_by, topic=topic)
            ref = f"{kind}:{topic}" if topic else kind
            messaging.queue_email(to=recipient.email, subject=subject, body=body,
                                  reference=f"followup.worklist:{ref}:{recipient.pk}:{period}")
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
    municipality_id = leader_municipality_id(actor)
    if not has_role(actor, Role.BTI_COORDINATOR) or municipality_id is None:
        raise AccessDenied("Bare BTI-leder i kommunen kan sende påminnelser.")
    if coordinator.org_unit_id and coordinator.org_unit.municipality_id != municipality_id:
        raise AccessDenied("Du kan bare minne koordinatorer i din egen kommune.")
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
    return WorklistNotice.objects.get(recipient=coordinator, topic="",
                                      kind=WorklistNotice.Kind.REMINDER, period=today)


# What a topic reminder asks the coordinator to do, and where (the worklist's section).
TOPIC_ASKS = {
    "mappings_overdue": gettext_lazy("Please carry out the overdue mappings."),
    "no_stafettholder": gettext_lazy(
        "Please name a stafettholder for the children at level 1 or higher who have none."),
    "consent_expiring": gettext_lazy(
        "Please renew the consents that end within 30 days with the families."),
    "without_consent": gettext_lazy(
        "Please record a consent for the children at level 2 or higher who have none."),
}


@dataclass
class TopicReminderReport:
    topic: str
    sent: int = 0
    already_sent: int = 0
    no_email: int = 0
    recipients: list[int] = field(default_factory=list)


def coordinators_remind_topic(*, actor: User, topic: str,
                              today: dt.date | None = None) -> TopicReminderReport:
    """From a count on the overview (mappings overdue, children without stafettholder,
    consents ending, …) the BTI leader reminds every coordinator of the municipality who
    has some of it: one e-mail each with their own count and a link, no names. Once per
    day per coordinator and topic; a second press sends nothing new."""
    today = today or timezone.localdate()
    if topic not in TOPIC_ASKS:
        raise InvalidInput([Problem("Ukjent tema for påminnelsen.", field="tema")])
    municipality_id = leader_municipality_id(actor)
    if not has_role(actor, Role.BTI_COORDINATOR) or municipality_id is None:
        raise AccessDenied("Bare BTI-leder i kommunen kan sende påminnelser.")
    overview = bti_overview(today=today, municipality_id=municipality_id)
    report = TopicReminderReport(topic)
    people = {u.pk: u for u in User.objects.filter(
        pk__in=[c.user_id for c in overview.coordinators if getattr(c, topic)],
        is_active=True)}
    label = str(METRIC_LABELS[topic])
    with translation.override("nb"):
        subject = _("Levekår: a reminder from the BTI leader")
        for row in overview.coordinators:
            count = getattr(row, topic)
            user = people.get(row.user_id)
            if not count or user is None:
                continue
            if topic in row.reminded_topics:
                report.already_sent += 1
                continue
            if not user.email:
                report.no_email += 1
                continue
            body = "\n".join([
                _("The BTI leader asks you to look at this in your worklist today, %(date)s:")
                % {"date": date_format(today, "j. F Y")}, "",
                f"- {label}: {count}", "", str(TOPIC_ASKS[topic]), "",
                _("Open My caseload: %(url)s") % {"url": _link("followup:worklist")}, "",
                _("The message holds no names."),
            ])
            if _send(recipient=user, kind=WorklistNotice.Kind.REMINDER, period=today,
                     counts={topic: count}, subject=subject, body=body, sent_by=actor,
                     topic=topic):
                report.sent += 1
                report.recipients.append(user.pk)
            else:
                report.already_sent += 1
    return report
