"""Leisure cards' background jobs (levekar.core.jobs): letters and reminder letters, the
scheduled reminders of unused cards, and the household register imports."""

from pathlib import Path

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from levekar.core import jobs
from levekar.core.models import Municipality
from levekar.core.selectors import home_municipality
from levekar.passes.models import HolidayOffer, ReminderRun, Scheme
from levekar.passes.services import import_folder_run, upload_import
from levekar.passes.services.delivery import letters_deliver, reminder_letters_deliver
from levekar.passes.services.holiday_notices import holiday_notices_send
from levekar.passes.services.reminders import reminders_scheduled


def _summary(result: dict, job) -> dict:
    message = (f"{result['letters']} brev: {result['email']} på e-post, {result['sms']} på "
               f"SMS, {result['paper']} til utskrift.")
    out = {**result, "message": message}
    if result["print_file"] and job is not None:
        out["download_url"] = reverse("passes:letters_print", args=[job.pk])
        out["download_label"] = gettext("Download the letters for print (PDF)")
    return out


@jobs.task("passes.send_letters", label=_("Letters with the cards"), max_attempts=2)
def send_letters(*, scheme_id: int, year: int) -> dict:
    """Every household's letter with its cards: e-mail or SMS first, paper for the rest."""
    job = jobs.current_job()
    result = letters_deliver(scheme=Scheme.objects.select_related("municipality")
                             .get(pk=scheme_id), year=year,
                             actor=job.started_by if job else None, actor_name="jobb",
                             progress=jobs.progress_callback("brev"))
    return _summary(result, job)


@jobs.task("passes.send_reminder_letters", label=_("Reminder letters"), max_attempts=2)
def send_reminder_letters(*, run_id: int) -> dict:
    job = jobs.current_job()
    run = ReminderRun.objects.select_related("scheme__municipality").get(pk=run_id)
    result = reminder_letters_deliver(run=run, actor=job.started_by if job else None,
                                      actor_name="jobb",
                                      progress=jobs.progress_callback("påminnelser"))
    return _summary(result, job)


def _municipality(municipality_id: int | None = None) -> Municipality:
    if municipality_id is not None:
        return Municipality.objects.get(pk=municipality_id)
    home = home_municipality()
    return home or Municipality.objects.order_by("pk").first()


@jobs.task("passes.import_households", label=_("Household import (register extract)"),
           max_attempts=2)
def import_households(*, path: str, filename: str, municipality_id: int) -> dict:
    """An uploaded register extract, imported with progress on the import page."""
    job = jobs.current_job()
    return upload_import(path=Path(path), filename=filename,
                         municipality=_municipality(municipality_id),
                         actor=job.started_by if job else None, actor_name="jobb",
                         reporter=jobs.JobReporter())


@jobs.task("passes.import_folder", schedule="*/5 * * * *",
           label=_("Household import from the import folder"))
def import_folder() -> dict:
    """Every five minutes: import the register files dropped in LEVEKAR_IMPORT_DIR."""
    municipality = _municipality()
    if municipality is None:
        return {"imported": 0, "failed": 0, "files": [],
                "message": "Ingen kommune er satt opp; importmappen venter."}
    return import_folder_run(municipality=municipality, reporter=jobs.JobReporter())


@jobs.task("passes.remind_unused", schedule="0 9 * * 1",
           label=_("Reminders of unused leisure cards"), max_attempts=2)
def remind_unused(*, today: str | None = None, dry_run: bool | None = None) -> dict:
    """Mondays at 09:00: a reminder letter for cards unused eight weeks after issue, once
    per card. A day other than today is a dry run unless ``dry_run=False``."""
    day, dry_run, _now = jobs.today_or_dry_run(today, dry_run)
    rounds = reminders_scheduled(on=day, dry_run=dry_run,
                                 progress=jobs.progress_callback("påminnelser"))
    cards = sum(r["cards"] for r in rounds)
    if dry_run:
        message = f"Prøvekjøring for {day:%d.%m.%Y}: {cards} ubrukte kort ville fått påminnelse."
    elif not cards:
        message = "Ingen nye ubrukte kort å minne om."
    else:
        message = (f"Påminnelse om {cards} ubrukte kort: "
                   f"{sum(r.get('email', 0) for r in rounds)} på e-post, "
                   f"{sum(r.get('sms', 0) for r in rounds)} på SMS, "
                   f"{sum(r.get('paper', 0) for r in rounds)} til utskrift.")
    return {"dry_run": dry_run, "day": day.isoformat(), "rounds": rounds, "message": message}


@jobs.task("passes.holiday_notices", label=_("Families told of their holiday places"),
           max_attempts=3)
def holiday_notices(*, offer_id: int) -> dict:
    """After the draw (or a move up from the waitlist): tell each family with places that
    has not been told yet, by e-mail, SMS or a printed letter. Told once."""
    job = jobs.current_job()
    result = holiday_notices_send(
        offer=HolidayOffer.objects.select_related("municipality").get(pk=offer_id),
        actor=job.started_by if job else None, actor_name="jobb",
        progress=jobs.progress_callback("familier"))
    out = {**result, "message": f"{result['families']} familier varslet: {result['email']} på "
                                f"e-post, {result['sms']} på SMS, {result['paper']} brev til "
                                "utskrift."}
    if result["print_file"] and job is not None:
        out["download_url"] = reverse("passes:letters_print", args=[job.pk])
        out["download_label"] = gettext("Download the letters for print (PDF)")
    return out
