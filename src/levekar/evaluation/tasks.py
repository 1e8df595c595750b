"""The evaluation's background jobs (levekar.core.jobs): the yearly report."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from levekar.core import jobs

REPORT_FOLDER = "rapporter/evaluering"


def report_formats() -> list[tuple[str, str]]:
    return [("pdf", gettext("Download as PDF")), ("docx", gettext("Download as Word")),
            ("xlsx", gettext("Download as Excel (XLSX)"))]


def report_filename(year: int, fmt: str) -> str:
    return f"evalueringsrapport-{year}.{fmt}"


@jobs.task("evaluation.report", label=_("Yearly evaluation report"), max_attempts=2)
def evaluation_report(*, year: int) -> dict:
    """The yearly evaluation report as tagged PDF, Word and XLSX, written under
    ``MEDIA_ROOT/rapporter/evaluering/<job>/``; the report page lists them when done.

    Idempotent: another run writes its own files in its own folder, each renamed into
    place whole."""
    from levekar.evaluation import report

    job = jobs.current_job()
    if job is None:
        raise RuntimeError("Rapporten lages som jobb (jobs.enqueue), ikke direkte.")
    with translation.override("nb"):
        jobs.progress(0, 4, gettext("collecting the figures"))
        data = report.build(year)
        names, sizes = jobs.make_job_files(REPORT_FOLDER, job.pk, [
            ("pdf", report_filename(year, "pdf"), gettext("making the PDF"),
             lambda: report.render_pdf(data)),
            ("docx", report_filename(year, "docx"), gettext("making the Word document"),
             lambda: report.render_docx(data)),
            ("xlsx", report_filename(year, "xlsx"), gettext("making the spreadsheet"),
             lambda: report.render_xlsx(data)),
        ])
        out = {"year": year, "files": names, "sizes": sizes,
               "message": gettext("The report is ready: %(title)s.") % {"title": data.title}}
        out["downloads"] = [
            {"key": key, "label": label,
             "url": reverse("evaluation:report_file", args=[job.pk, key])}
            for key, label in report_formats()]
    return out
