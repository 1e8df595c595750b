"""Reminders by SMS and e-mail: the day before a loan is due, once when overdue, and when a
reservation is ready. `levekar lending send-reminders` is idempotent per loan and kind."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from typer.testing import CliRunner

from levekar.cli.main import app
from levekar.core import messaging
from levekar.core.models import AuditEvent
from levekar.lending import services
from levekar.lending.models import LoanReminder

runner = CliRunner()
SATURDAY = timezone.make_aware(dt.datetime(2026, 3, 7, 11, 0))


@pytest.fixture
def outbox(settings):
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    messaging.memory_outbox().clear()
    yield messaging.memory_outbox()
    messaging.memory_outbox().clear()


def send(**kw):
    """Decide the reminders, then let the outbox send them (as the worker does)."""
    report = services.reminders_send(**kw)
    messaging.send_due()
    return report


def lend(desk, borrower, numbers, point, **kw):
    return services.loans_lend(actor=desk, borrower=borrower, copy_numbers=numbers,
                               location=point, now=SATURDAY, **kw)


def test_the_day_before_due_one_sms_names_everything_due(library, people, lending_desk,
                                                         outbox):
    lend(lending_desk, people.father, [1001, 2001], library.library)
    friday = dt.date(2026, 3, 13)
    report = send(today=friday)
    assert report.messages == 1 and report.sent["due_tomorrow"] == 2
    assert outbox == [("+4791234567",
                       "Påminnelse fra utstyrsbanken: Husk å levere Langrennsski, 130 cm "
                       "(nr. 1001); Skistaver, 100 cm (nr. 2001) i morgen, lørdag 14. mars, på "
                       "Lillestrøm bibliotek eller et annet utlånssted. Trenger du det lenger? "
                       "Ta kontakt, så kan vi kanskje fornye lånet.")]
    assert LoanReminder.objects.filter(kind="due_tomorrow", channel="sms").count() == 2
    event = AuditEvent.objects.get(action="export", object_type="lending.borrower")
    assert event.object_id == str(people.father.pk)
    assert event.actor_username == "levekar lending send-reminders"
    # A second run the same day (or a retry by cron) sends nothing.
    again = send(today=friday)
    assert again.messages == 0 and len(outbox) == 1


def test_nothing_is_sent_two_days_before(library, people, lending_desk, outbox):
    lend(lending_desk, people.father, [1001], library.library)
    assert send(today=dt.date(2026, 3, 12)).messages == 0
    assert outbox == []


def test_a_borrower_without_phone_gets_an_email_in_their_language(library, people,
                                                                  lending_desk, outbox):
    people.mother.language = "en"
    people.mother.save()
    lend(lending_desk, people.mother, [1002], library.library)
    send(today=dt.date(2026, 3, 13))
    assert outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert message.subject == "Equipment library: due tomorrow"
    assert "please return Cross-country skis, 130 cm (nr. 1002) tomorrow, Saturday 14 March" \
        in message.body


def test_a_child_without_contact_is_reminded_through_the_adult(library, people,
                                                               lending_desk, outbox):
    child = services.borrower_add_child(actor=lending_desk, guardian=people.father,
                                        name="Emma Berg")
    lend(lending_desk, child, [1050], library.library)
    send(today=dt.date(2026, 3, 13))
    assert [to for to, _text in outbox] == ["+4791234567"]
    assert "Langrennsski, 150 cm (nr. 1050)" in outbox[0][1]


def test_an_overdue_loan_is_reminded_once(library, people, lending_desk, outbox):
    lend(lending_desk, people.father, [1001], library.library)
    send(today=dt.date(2026, 3, 16))
    assert outbox[-1][1] == (
        "Utstyrsbanken savner Langrennsski, 130 cm (nr. 1001), som skulle vært levert lørdag "
        "14. mars. Lever så snart du kan, på Lillestrøm bibliotek eller et annet utlånssted, "
        "så andre kan låne.")
    send(today=dt.date(2026, 3, 17))
    assert len(outbox) == 1


def test_a_failed_send_is_retried_from_the_outbox_and_never_counted_twice(
        library, people, lending_desk, outbox, settings):
    import time_machine

    from levekar.core.models import OutboundMessage

    lend(lending_desk, people.father, [1001], library.library)
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.HttpSmsGateway"
    settings.LEVEKAR_SMS_URL = "http://127.0.0.1:9/ingen-tjeneste"
    report = send(today=dt.date(2026, 3, 13))
    assert report.messages == 1 and LoanReminder.objects.count() == 1
    message = OutboundMessage.objects.get()
    assert message.status == "retrying" and "SMS-tjenesten kunne ikke nås" in message.last_error
    # The reminder is decided once: a rerun queues nothing more.
    assert send(today=dt.date(2026, 3, 13)).messages == 0
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        messaging.send_due()
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2
    assert len(outbox) == 1 and outbox[0][0] == "+4791234567"


def test_a_dry_run_counts_without_writing_or_sending(library, people, lending_desk, outbox):
    from levekar.core.models import OutboundMessage

    lend(lending_desk, people.father, [1001, 2001], library.library)
    report = send(today=dt.date(2026, 3, 13), dry_run=True)
    assert report.messages == 1 and report.sent["due_tomorrow"] == 2
    assert not LoanReminder.objects.exists() and not OutboundMessage.objects.exists()
    assert outbox == []


def test_a_ready_reservation_is_announced_once(library, people, lending_desk, outbox):
    services.reservation_create(actor=lending_desk, borrower=people.father,
                                item=library.skis, location=library.centre, now=SATURDAY)
    send(today=dt.date(2026, 3, 7), now=SATURDAY)
    assert outbox == [("+4791234567", "Langrennsski, 130 cm som du har reservert, er klar til "
                       "henting på Strømmen frivilligsentral til og med tirsdag 10. mars.")]
    send(today=dt.date(2026, 3, 7), now=SATURDAY)
    assert len(outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_command_sends_the_day_before_and_is_idempotent(library, people, lending_desk,
                                                            outbox):
    lend(lending_desk, people.father, [1001, 2001], library.library)
    trial = runner.invoke(app, ["lending", "send-reminders", "--dato", "2026-03-13"])
    assert trial.exit_code == 0, trial.output
    assert "Prøvekjøring" in trial.output and "Ville sendt 1 meldinger" in trial.output
    assert outbox == [] and not LoanReminder.objects.exists()
    first = runner.invoke(app, ["lending", "send-reminders", "--dato", "2026-03-13", "--send"])
    assert first.exit_code == 0, first.output
    assert "Sendt 1 meldinger: 2 lån med levering i morgen" in first.output
    second = runner.invoke(app, ["lending", "send-reminders", "--dato", "2026-03-13",
                                 "--send"])
    assert "Sendt 0 meldinger" in second.output
    assert len(outbox) == 1
    bad = runner.invoke(app, ["lending", "send-reminders", "--dato", "13.03.2026"])
    assert bad.exit_code == 1 and "«13.03.2026» er ikke en dato" in bad.stderr
