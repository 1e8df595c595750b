"""The action plan's scheduled jobs (levekar.core.jobs)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
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


REPORT_FOLDER = "rapporter/handlingsplan"


@jobs.task("plans.council_report", label=_("Annual status report to the municipal council"),
           max_attempts=2)
def council_report(*, plan_id: int, year: int) -> dict:
    """The plan's annual status report for ``year`` as tagged PDF and Word, written under
    ``MEDIA_ROOT/rapporter/handlingsplan/<job>/``; the page lists the files when done.

    Idempotent: another run writes its own files in its own folder, each renamed into
    place whole."""
    from levekar.plans.models import ActionPlan
    from levekar.plans.reports.data import plan_report, safe_filename
    from levekar.plans.reports.docx import render_docx
    from levekar.plans.reports.pdf import render_pdf

    job = jobs.current_job()
    if job is None:
        raise RuntimeError("Rapporten lages som jobb (jobs.enqueue), ikke direkte.")
    with translation.override("nb"):
        jobs.progress(0, 3, gettext("collecting the figures"))
        plan = ActionPlan.objects.get(pk=plan_id)
        report = plan_report(plan, year)
        # The same figures in both (render_docx draws its own PNG charts over the SVG).
        names, sizes = jobs.make_job_files(REPORT_FOLDER, job.pk, [
            ("pdf", safe_filename(report, "pdf"), gettext("making the PDF"),
             lambda: render_pdf(report)),
            ("docx", safe_filename(report, "docx"), gettext("making the Word document"),
             lambda: render_docx(report)),
        ])
        out = {"plan_id": plan.pk, "year": year, "files": names, "sizes": sizes,
               "message": gettext("The report is ready: %(title)s.") % {"title": report.title}}
        out["downloads"] = [
            {"key": key, "label": label,
             "url": reverse("plans:report_file", args=[plan.code, year, job.pk, key])}
            for key, label in report_formats()]
    return out


def report_formats() -> list[tuple[str, str]]:
    return [("pdf", gettext("Download as PDF")), ("docx", gettext("Download as Word"))]
