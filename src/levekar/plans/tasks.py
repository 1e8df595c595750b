"""The action plan's scheduled jobs (levekar.core.jobs)."""

from django.utils.translation import gettext_lazy as _

from levekar.core import jobs
from levekar.plans.services import round_reminders_send


@jobs.task("plans.send_reminders", schedule="20 7 * * *",
           label=_("Reminders of the reporting deadline to the responsible units"))
def send_reminders(*, today: str | None = None, dry_run: bool | None = None) -> dict:
    """Each morning: a week before a round's deadline and once after it, every unit still
    missing reports gets an e-mail (each reminder once). A day other than today is a
    dry run unless ``dry_run=False``."""
    day, dry_run, _now = jobs.today_or_dry_run(today, dry_run)
    result = round_reminders_send(today=day.isoformat(), dry_run=dry_run,
                                  progress=jobs.progress_callback("Rapporteringsrunder"))
    verb = "Ville minnet" if dry_run else "Minnet"
    units = ", ".join(result["units"]) or "ingen"
    return {**result, "dry_run": dry_run, "day": day.isoformat(),
            "message": f"{verb} på fristen: {units} ({result['emails']} e-poster)."}
