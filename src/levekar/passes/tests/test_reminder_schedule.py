"""The reminders of unused cards on a schedule: every card unused eight weeks after issue
gets one reminder letter (digital first), once, and a day other than today is a dry run."""

import datetime as dt

import pytest
from django.utils import timezone

from levekar.core import jobs, messaging
from levekar.core.models import Job, OutboundMessage
from levekar.passes.models import ActivityPass, Reminder, ReminderRun
from levekar.passes.services import passes_issue
from levekar.passes.tests.conftest import YEAR


@pytest.fixture
def outboxes(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    settings.MEDIA_ROOT = tmp_path / "media"
    messaging.memory_outbox().clear()
    yield messaging.memory_outbox()
    messaging.memory_outbox().clear()


@pytest.fixture
def cards(scheme, make_household):
    """Three households with cards: two issued nine weeks ago (one by e-mail, one on
    paper), one issued last week; one of the old cards has been used."""
    by_email, people = make_household(children=[10])
    people[0].email = "far@example.org"
    people[0].save()
    paper, _p = make_household(children=[9, 6])
    recent, _r = make_household(children=[12])
    passes_issue(scheme=scheme, year=YEAR)
    today = timezone.localdate()
    old = timezone.now() - dt.timedelta(weeks=9)
    ActivityPass.objects.exclude(household=recent).update(issued_at=old)
    ActivityPass.objects.filter(household=recent).update(
        issued_at=timezone.now() - dt.timedelta(weeks=1))
    used = ActivityPass.objects.filter(household=paper).order_by("pk").first()
    used.first_used_at = timezone.now()
    used.save(update_fields=["first_used_at"])
    return {"email": by_email, "paper": paper, "recent": recent, "today": today}


def test_unused_cards_get_one_scheduled_reminder(scheme, cards, outboxes):
    if cards["today"].year != YEAR:
        pytest.skip("the cards are issued for this year")
    job = jobs.enqueue("passes.remind_unused")
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    run = ReminderRun.objects.get()
    reminded = set(Reminder.objects.filter(run=run).values_list(
        "activity_pass__household_id", flat=True))
    # The e-mail household and the paper household's unused card; not last week's card.
    assert reminded == {cards["email"].pk, cards["paper"].pk}
    assert run.reminded == 2 and run.sent_by is None
    assert OutboundMessage.objects.filter(reference__startswith=f"passes.reminder:{run.pk}:",
                                          channel="email").count() == 1
    assert job.result["rounds"][0]["paper"] == 1
    assert job.message.startswith("Påminnelse om 2 ubrukte kort: 1 på e-post, 0 på SMS, "
                                  "1 til utskrift.")

    # The next week's run (or a retry) reminds no card twice and sends nothing again.
    again = jobs.enqueue("passes.remind_unused", dedupe=False)
    jobs.run_pending()
    again.refresh_from_db()
    assert again.status == "done" and again.message == "Ingen nye ubrukte kort å minne om."
    assert ReminderRun.objects.count() == 1
    assert OutboundMessage.objects.count() == 1


def test_a_run_for_another_day_is_a_dry_run(scheme, cards, outboxes):
    later = (cards["today"] + dt.timedelta(weeks=8)).isoformat()
    job = jobs.enqueue("passes.remind_unused", today=later)
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.result["dry_run"] is True
    assert "ubrukte kort ville fått påminnelse" in job.message
    assert not ReminderRun.objects.exists() and not OutboundMessage.objects.exists()


def test_the_reminders_run_on_monday_mornings_once_however_many_workers(scheme):
    spec = jobs.get_task("passes.remind_unused")
    assert spec.schedule == "0 9 * * 1"
    monday = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 1))
    jobs.schedule_due(monday)
    jobs.schedule_due(monday)     # a second worker ticking the same minute
    assert Job.objects.filter(name="passes.remind_unused").count() == 1
