"""The equipment library's scheduled jobs (levekar.core.jobs)."""

from django.utils.translation import gettext_lazy as _

from levekar.core import jobs
from levekar.lending.services import holds_process, inventory_upload_import, reminders_send


@jobs.task("lending.send_reminders", schedule="5 8-20 * * *",
           label=_("Loan reminders, overdue and ready-for-pick-up notices"))
def send_reminders(*, today: str | None = None, dry_run: bool | None = None) -> dict:
    """Due tomorrow, overdue, ready for pick-up. Hourly in the daytime: each reminder is
    sent once (idempotent), so later runs only pick up new ready reservations. A day
    other than today is a dry run unless ``dry_run=False``."""
    day, dry_run, now = jobs.today_or_dry_run(today, dry_run)
    report = reminders_send(today=day, now=now, dry_run=dry_run, reporter=jobs.JobReporter())
    sent = dict(report.sent)
    verb = "Ville sendt" if dry_run else "Sendt"
    return {
        "dry_run": dry_run, "day": day.isoformat(), "messages": report.messages,
        "sent": sent, "unreachable": report.unreachable, "failed": report.failed,
        "message": f"{verb} {report.messages} meldinger: {sent.get('due_tomorrow', 0)} lån "
                   f"med levering i morgen, {sent.get('overdue', 0)} forfalte, "
                   f"{sent.get('hold_ready', 0)} reservasjoner klare.",
    }


@jobs.task("lending.process_holds", schedule="*/15 * * * *",
           label=_("Expire holds not picked up; give free equipment to the queues"))
def process_holds() -> dict:
    result = holds_process()
    return {**result, "message": f"Utløpt: {result['expired']}. Klare: {result['ready']}."}


@jobs.task("lending.import_inventory", label=_("Inventory import"), max_attempts=2)
def import_inventory(*, path: str, filename: str,
                     category_map: dict[str, str] | None = None) -> dict:
    """An inventory file uploaded on the inventory page, imported with progress there
    (with the categories the user mapped on the preview)."""
    return inventory_upload_import(path=path, filename=filename, reporter=jobs.JobReporter(),
                                   category_map=category_map)
