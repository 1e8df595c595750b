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
        jobs.progress(1, 4, gettext("making the PDF"))
        pdf = report.render_pdf(data)
        jobs.progress(2, 4, gettext("making the Word document"))
        docx = report.render_docx(data)
        jobs.progress(3, 4, gettext("making the spreadsheet"))
        xlsx = report.render_xlsx(data)
        files = {"pdf": (report_filename(year, "pdf"), pdf),
                 "docx": (report_filename(year, "docx"), docx),
                 "xlsx": (report_filename(year, "xlsx"), xlsx)}
        names = jobs.write_job_files(REPORT_FOLDER, job.pk, files)
        jobs.progress(4, 4, gettext("done"))
        out = {"year": year, "files": names,
               "sizes": {k: len(v[1]) for k, v in files.items()},
               "message": gettext("The report is ready: %(title)s.") % {"title": data.title}}
        out["downloads"] = [
            {"key": key, "label": label,
             "url": reverse("evaluation:report_file", args=[job.pk, key])}
            for key, label in report_formats()]
    return out
