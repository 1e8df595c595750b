"""The plan or its annual report as a tagged PDF (WeasyPrint, PDF/UA-1): a structure
tree, the document language (nb) and title, a table of contents with page numbers (CSS
``target-counter``), page numbers in the footer (``@page`` counters), and each linked
indicator as a chart (the Vega-Lite spec rendered by vl-convert) with a text
alternative and its figures as a table.

Speed (a council report of 200 measures with 20 different charts,
``bench/plans_pdf_bench.py``): WeasyPrint's time grows with the boxes it lays out, draws
and tags, so the template keeps them few — a measure's facts are one paragraph of plain
text, not a line and a bold label each, and a contents line's dot leader is a few
strings of dots, not one box per dot. The charts are SVG from the chart cache
(``plans.charts``, shared by the server's processes), simplified for print
(``print_svg``: a third of the elements, the same drawing): vl-convert draws an SVG in
about half the time of the PNG at twice the size, and WeasyPrint draws the vector chart
in less time than it takes to decode, split (alpha) and recompress a 1120-pixel PNG for
the PDF; the file is half the size and the chart sharp at any zoom. The images reach
WeasyPrint by a URL of our own (``levekar-chart:<n>``) served from memory, not as base64
``data:`` URIs that its HTML parser would have to read through character by character."""

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import strip_spaces_between_tags

from levekar.plans.reports.charts import attach_charts
from levekar.plans.reports.data import PlanReport

CHART_SCHEME = "levekar-chart:"
TEMPLATE = "plans/pdf/report.html"


def preload() -> None:
    """What every process that prints reports would otherwise do on its first one:
    import WeasyPrint (its modules, Pango, HarfBuzz and fontconfig through cffi) and
    compile the report template. gunicorn's master calls this before it forks the
    workers (``levekar.config.gunicorn.when_ready``), so they share it. Both are
    fork-safe: no thread is started and no font is opened here."""
    import weasyprint  # noqa: F401  (imported for its side effect: loaded once)

    get_template(TEMPLATE)


def warm_up() -> None:
    """Make this process ready for its first report at once: ``preload`` and vl-convert's
    chart engine started in the background. For a process that renders reports and does
    not fork after this: the job worker, which makes the reports started from the pages
    (``levekar worker``). gunicorn does the same in two halves, ``preload`` in the master
    and the engine in each worker, because the engine's threads would not survive the
    fork."""
    from levekar.plans.charts import start_chart_engine

    preload()
    start_chart_engine()


class _Charts:
    """The report's chart images by URL; the same image (same spec and data) is one URL,
    so WeasyPrint reads it once."""

    def __init__(self) -> None:
        self.images: dict[str, bytes] = {}
        self._urls: dict[str, str] = {}

    def add(self, svg: str) -> str:
        url = self._urls.get(svg)
        if url is None:
            url = self._urls[svg] = f"{CHART_SCHEME}{len(self._urls)}"
            self.images[url] = svg.encode()
        return url


def _fetcher(charts: _Charts):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ChartFetcher(URLFetcher):
        """The charts from memory; anything else the way WeasyPrint fetches it."""

        def fetch(self, url, headers=None):
            if url.startswith(CHART_SCHEME):
                return URLFetcherResponse(url, charts.images[url],
                                          {"Content-Type": "image/svg+xml"})
            return super().fetch(url, headers)

    return ChartFetcher()


def render_pdf(report: PlanReport) -> bytes:
    from weasyprint import HTML

    charts = _Charts()
    with translation.override("nb"):
        attach_charts(report, "svg", wrap=charts.add)
        html = render_to_string(TEMPLATE, {"report": report})
    # The template's indentation between tags is only more text nodes to parse and box.
    html = strip_spaces_between_tags(html)
    return HTML(string=html, base_url=str(settings.SRC_DIR),
                url_fetcher=_fetcher(charts)).write_pdf(pdf_variant="pdf/ua-1")
