"""Leisure cards' background jobs (levekar.core.jobs): letters and reminder letters."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from levekar.core import jobs
from levekar.passes.models import ReminderRun, Scheme
from levekar.passes.services.delivery import letters_deliver, reminder_letters_deliver


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
