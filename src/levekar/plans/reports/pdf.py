"""The plan or its annual report as a tagged PDF (WeasyPrint, PDF/UA-1): a structure
tree, the document language (nb) and title, a table of contents with page numbers (CSS
``target-counter``), page numbers in the footer (``@page`` counters), and each linked
indicator as a chart (the Vega-Lite spec rendered by vl-convert) with a text
alternative and its figures as a table.

Speed (a council report of 200 measures, ``bench/plans_bench.py``): WeasyPrint's time
grows with the boxes it lays out, draws and tags, so the template keeps them few — a
measure's facts are one paragraph of plain text, not a line and a bold label each — and
the charts are PNG images from the chart cache (``plans.charts``, shared with the Word
report) rather than SVG, which WeasyPrint draws node by node on every render."""

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_spaces_between_tags

from levekar.plans.reports.charts import attach_charts
from levekar.plans.reports.data import PlanReport


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def render_pdf(report: PlanReport) -> bytes:
    from weasyprint import HTML

    with translation.override("nb"):
        attach_charts(report, "png", wrap=_data_uri)
        html = render_to_string("plans/pdf/report.html", {"report": report})
    # The template's indentation between tags is only more text nodes to parse and box.
    html = strip_spaces_between_tags(html)
    return HTML(string=html, base_url=str(settings.SRC_DIR)).write_pdf(
        pdf_variant="pdf/ua-1")
