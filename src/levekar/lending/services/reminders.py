"""Reminders by SMS or e-mail: the day before a loan is due, once when it is overdue, and
when a reserved item is ready for pick-up.

Idempotent: a ``LoanReminder`` row per loan and kind (a unique constraint) is written in
the same transaction as the message is queued, so a rerun — or two runs at once — sends
nothing twice. The message goes out after the commit, from the outbox
(``levekar.core.messaging``), which records its delivery and retries a failed send.
Loans due the same day for one borrower go in one message. A child without a phone or
e-mail is reached through the adult.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from levekar.core import messaging
from levekar.core.audit import Kind
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.lending.lib import is_mobile, phone_for_sending
from levekar.lending.models import Borrower, Loan, LoanReminder, Reservation
from levekar.lending.services.borrowers import audit_borrower

log = logging.getLogger(__name__)
ACTOR = "levekar lending send-reminders"


@dataclass
class ReminderReport:
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    messages: int = 0
    unreachable: int = 0
    failed: int = 0


def contact_for(borrower: Borrower) -> tuple[str, str, Borrower] | None:
    """(channel, address, who is addressed): SMS when there is a mobile number, else
    e-mail (a landline registered before numbers were checked gets nothing by SMS); for a
    child without either, the responsible adult's."""
    for person in (borrower, borrower.guardian):
        if person is None or person.anonymised_at:
            continue
        if person.phone and is_mobile(person.phone):
            return "sms", phone_for_sending(person.phone), person
        if person.email:
            return "email", person.email, person
    return None


def _deliver(channel: str, address: str, subject: str, text: str, reference: str) -> None:
    """Queue the message in the current transaction; it is sent after the commit."""
    messaging.queue(channel=channel, to=address, subject=subject, body=text,
                    reference=reference)


def _date(day: dt.date) -> str:
    """«lørdag 14. mars» / «Saturday 14 March», in the active language."""
    norwegian = (translation.get_language() or "nb").startswith(("nb", "no", "nn"))
    return formats.date_format(day, "l j. F" if norwegian else "l j F")


def _loan_lines(loans: list[Loan]) -> str:
    return "; ".join(f"{loan.copy.item.label} (nr. {loan.copy.number})" for loan in loans)


def _text(kind: str, borrower: Borrower, loans: list[Loan]) -> tuple[str, str]:
    """Subject and text in the borrower's language."""
    with translation.override(borrower.language or "nb"):
        things = _loan_lines(loans)
        point = loans[0].copy.location.name
        if kind == LoanReminder.Kind.DUE_TOMORROW:
            subject = _("Equipment library: due tomorrow")
            text = _("Reminder from the equipment library: please return %(things)s "
                     "tomorrow, %(date)s, at %(point)s or another lending point. Need it "
                     "longer? Contact us and we may renew the loan.") % {
                "things": things, "date": _date(loans[0].due_on), "point": point}
        else:
            subject = _("Equipment library: overdue")
            text = ngettext(
                "The equipment library misses %(things)s, which was due %(date)s. Please "
                "return it as soon as you can, at %(point)s or another lending point, so "
                "others can borrow it.",
                "The equipment library misses %(things)s, which were due %(date)s. Please "
                "return them as soon as you can, at %(point)s or another lending point, so "
                "others can borrow them.", len(loans)) % {
                "things": things, "date": _date(loans[0].due_on), "point": point}
    return subject, text


def _send_loan_group(kind: str, borrower: Borrower, loans: list[Loan],
                     report: ReminderReport, now: dt.datetime, dry_run: bool) -> None:
    contact = contact_for(borrower)
    if contact is None:
        report.unreachable += 1
        return
    if dry_run:
        report.sent[kind] += len(loans)
        report.messages += 1
        return
    channel, address, _addressee = contact
    subject, text = _text(kind, borrower, loans)
    try:
        with transaction.atomic():
            LoanReminder.objects.bulk_create(
                [LoanReminder(loan=loan, kind=kind, channel=channel, sent_at=now)
                 for loan in loans])
            _deliver(channel, address, subject, text,
                     f"lending.reminder:{kind}:loan={','.join(str(x.pk) for x in loans)}")
            audit_borrower(actor=None, actor_username=ACTOR, kind=Kind.BORROWER_NOTIFY,
                           borrower=borrower,
                           detail=f"påminnelse ({kind}) sendt på {channel} om "
                                   f"{len(loans)} lån")
    except IntegrityError:
        return  # another run sent it a moment ago
    except Exception:
        log.exception("Påminnelse kunne ikke sendes til låntaker %s", borrower.pk)
        report.failed += 1
        return
    report.sent[kind] += len(loans)
    report.messages += 1


def _hold_text(reservation: Reservation) -> tuple[str, str]:
    with translation.override(reservation.borrower.language or "nb"):
        subject = _("Equipment library: ready for pick-up")
        text = _("%(item)s that you reserved is ready for pick-up at %(point)s until "
                 "%(date)s.") % {
            "item": reservation.item.label, "point": reservation.location.name,
            "date": _date(timezone.localdate(reservation.expires_at))}
    return subject, text


def reminders_send(*, today: dt.date | None = None, now: dt.datetime | None = None,
                   dry_run: bool = False, reporter: Reporter = NULL_REPORTER
                   ) -> ReminderReport:
    """Send what is due today: «due tomorrow», «overdue» and «ready for pick-up».

    With ``dry_run`` nothing is written or sent; the report counts what would be.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    report = ReminderReport()
    base = (Loan.objects.filter(returned_at__isnull=True)
            .select_related("copy__item", "copy__location", "borrower__guardian")
            .order_by("borrower_id", "due_on", "copy__number"))
    batches = [
        (LoanReminder.Kind.DUE_TOMORROW, base.filter(due_on=today + dt.timedelta(days=1))),
        (LoanReminder.Kind.OVERDUE, base.filter(due_on__lt=today)),
    ]
    for kind, qs in batches:
        loans = list(qs.exclude(reminders__kind=kind))
        groups: dict[tuple[int, dt.date], list[Loan]] = defaultdict(list)
        for loan in loans:
            groups[(loan.borrower_id, loan.due_on)].append(loan)
        reporter.start(f"Påminnelser: {LoanReminder.Kind(kind).label}", total=len(groups))
        for group in groups.values():
            _send_loan_group(kind, group[0].borrower, group, report, now, dry_run)
            reporter.advance()
        reporter.finish()

    holds = list(Reservation.objects.filter(status=Reservation.Status.READY,
                                            expires_at__gt=now, notified_at__isnull=True)
                 .select_related("item", "location", "borrower__guardian"))
    reporter.start("Påminnelser: klar til henting", total=len(holds))
    for hold in holds:
        contact = contact_for(hold.borrower)
        if contact is None:
            report.unreachable += 1
            continue
        if dry_run:
            report.sent["hold_ready"] += 1
            report.messages += 1
            reporter.advance()
            continue
        channel, address, _addressee = contact
        subject, text = _hold_text(hold)
        try:
            with transaction.atomic():
                # Claim the notice first: only one concurrent run updates the row.
                claimed = Reservation.objects.filter(pk=hold.pk, notified_at__isnull=True) \
                    .update(notified_at=now)
                if claimed:
                    _deliver(channel, address, subject, text,
                             f"lending.hold_ready:reservation={hold.pk}")
                    audit_borrower(actor=None, actor_username=ACTOR, kind=Kind.BORROWER_NOTIFY,
                                   borrower=hold.borrower,
                                   detail=f"melding om klar reservasjon sendt på {channel}")
        except Exception:
            log.exception("Melding om reservasjon kunne ikke sendes (%s)", hold.pk)
            report.failed += 1
            continue
        if claimed:
            report.sent["hold_ready"] += 1
            report.messages += 1
        reporter.advance()
    reporter.finish()
    return report
