"""The plan or its annual report as PDF (WeasyPrint): a table of contents with page
numbers (CSS ``target-counter``), page numbers in the footer (``@page`` counters), and
each linked indicator as a chart (inline SVG) with its figures as a table."""

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from levekar.plans.charts import trend_svg
from levekar.plans.reports.data import PlanReport


def render_pdf(report: PlanReport) -> bytes:
    from weasyprint import HTML

    with translation.override("nb"):
        for row in report.rows:
            link = row.measure.link
            svg = trend_svg(row.points, link, title=row.measure.title) if link else ""
            row.chart = ("data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
                         if svg else None)
        html = render_to_string("plans/pdf/report.html", {"report": report})
    return HTML(string=html, base_url=str(settings.SRC_DIR)).write_pdf()
