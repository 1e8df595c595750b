"""The follow-up's scheduled jobs: the nightly purge of closed cases past retention, the
worklist's morning digest to coordinators and the weekly digest to the BTI leader."""

from django.utils.translation import gettext_lazy as _

from levekar.core import jobs
from levekar.followup import services as followup_services
from levekar.followup.privacy import purge as followup_purge


@jobs.task("followup.purge", schedule="45 2 * * *",
           label=_("Anonymise closed family cases after the retention period"))
def purge_closed_cases() -> dict:
    result = followup_purge.purge(reporter=jobs.JobReporter())
    return {"cases": len(result.case_ids), "persons": result.persons_anonymised,
            "retention_days": followup_purge.retention_days(),
            "message": f"Anonymiserte {len(result.case_ids)} familieløp og "
                       f"{result.persons_anonymised} personer."}


@jobs.task("followup.digest_daily", schedule="0 7 * * 1-5",
           label=_("Morning digest of the worklist to each family coordinator"))
def digest_daily(*, today: str | None = None, dry_run: bool | None = None) -> dict:
    """Counts and a link, no names; once per coordinator and day (idempotent). A day other
    than today is a dry run unless ``dry_run=False``."""
    day, dry_run, _now = jobs.today_or_dry_run(today, dry_run)
    report = followup_services.digest_daily_send(today=day, dry_run=dry_run)
    verb = "Ville sendt" if dry_run else "Sendte"
    return {**report.as_dict(),
            "message": f"{verb} {report.sent} sammendrag til familiekoordinatorer "
                       f"({report.already_sent} hadde fått det, {report.nothing_to_do} "
                       f"uten noe å gjøre, {report.no_email} uten e-postadresse)."}


@jobs.task("followup.digest_weekly", schedule="15 7 * * 1",
           label=_("Weekly digest of the BTI overview to the BTI leader"))
def digest_weekly(*, today: str | None = None, dry_run: bool | None = None) -> dict:
    """Counts and a link, no names; once per leader and week (idempotent). A day other
    than today is a dry run unless ``dry_run=False``."""
    day, dry_run, _now = jobs.today_or_dry_run(today, dry_run)
    report = followup_services.digest_weekly_send(today=day, dry_run=dry_run)
    verb = "Ville sendt" if dry_run else "Sendte"
    return {**report.as_dict(),
            "message": f"{verb} {report.sent} ukesammendrag til BTI-ledere "
                       f"({report.already_sent} hadde fått det, {report.no_email} uten "
                       f"e-postadresse)."}
