"""The plan or its annual report as a tagged PDF (WeasyPrint, PDF/UA-1): a structure
tree, the document language (nb) and title, a table of contents with page numbers (CSS
``target-counter``), page numbers in the footer (``@page`` counters), and each linked
indicator as a chart (the Vega-Lite spec rendered to SVG by vl-convert) with a text
alternative and its figures as a table."""

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from levekar.plans.reports.charts import attach_charts
from levekar.plans.reports.data import PlanReport


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def render_pdf(report: PlanReport) -> bytes:
    from weasyprint import HTML

    with translation.override("nb"):
        attach_charts(report, "svg", wrap=_data_uri)
        html = render_to_string("plans/pdf/report.html", {"report": report})
    return HTML(string=html, base_url=str(settings.SRC_DIR)).write_pdf(
        pdf_variant="pdf/ua-1")
