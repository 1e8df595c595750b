"""The council report: PDF and Word contain every measure, page numbers and contents;
indicator trends and evidence come from registered providers (dependency inversion)."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from levekar.plans.evidence import (
    EvidenceItem,
    IndicatorPoint,
    StatisticsTable,
    indicator_points,
    measure_evidence,
    register_indicator_source,
    register_measure_evidence,
    register_statistics_section,
    unregister_indicator_source,
    unregister_measure_evidence,
    unregister_statistics_section,
)
from levekar.plans.models import Measure, Progress
from levekar.plans.reports.data import plan_report
from levekar.plans.reports.docx import render_docx
from levekar.plans.reports.pdf import render_pdf
from levekar.plans.services import measure_report_save, reporting_round_start
from levekar.plans.tests.conftest import PLAN

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _low_income_trend_one(link):
    """A small real provider: what stats' indicator_trend gives for the Lillestrøm figures."""
    if link.indicator != "persistent_low_income_60":
        return []
    return [
        IndicatorPoint("2019-2021", 12.9, False, "national", "SSB", True),
        IndicatorPoint("2020-2022", 12.6, False, "national", "SSB", True),
        IndicatorPoint("2022-2024", 11.8, False, "national", "Levekår", False),
        IndicatorPoint("2023-2025", None, True, "municipal", "Levekår", False),
    ]


def _leisure_evidence_one(measure, year):
    if "Fritids- og ferietilbud" not in measure.title:
        return []
    return [EvidenceItem("Aktivitetskort brukt", "31 %", f"Strømmen vest, {year}"),
            EvidenceItem("Utlån fra utstyrsbanken", "412")]


def low_income_trend(links):
    return [_low_income_trend_one(link) for link in links]


def leisure_evidence(measures, year):
    return [_leisure_evidence_one(m, year) for m in measures]


@pytest.fixture
def providers():
    register_indicator_source(low_income_trend)
    register_measure_evidence(leisure_evidence)
    yield
    unregister_indicator_source(low_income_trend)
    unregister_measure_evidence(leisure_evidence)


@pytest.fixture
def reported_plan(example_plan, plan_owner):
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    for i, m in enumerate(Measure.objects.filter(plan=example_plan).order_by("position")[:4]):
        measure_report_save(round=rnd, measure=m, actor=plan_owner,
                            progress=[Progress.IN_PROGRESS, Progress.COMPLETED][i % 2],
                            narrative=f"Fortelling om tiltak {m.code}.",
                            indicator_value=None, expected_version=None)
    return example_plan


def test_with_no_provider_registered_there_is_no_trend_and_no_evidence(example_plan):
    measure = Measure.objects.get(plan=example_plan, code="1.2.1")
    assert indicator_points(measure.link) == []
    assert measure_evidence(measure, 2025) == []


def test_registered_providers_feed_the_report(reported_plan, providers):
    report = plan_report(reported_plan, 2025)
    rows = {r.measure.code: r for r in report.rows}
    assert [p.period for p in rows["1.2.1"].points] == ["2019-2021", "2020-2022", "2022-2024",
                                                        "2023-2025"]
    assert [(t.period, t.percent, t.kind) for t in rows["1.2.1"].trend][2] == (
        "2021-2023", 12.3, "baseline")
    assert [e.label for e in rows["2.1.1"].evidence] == ["Aktivitetskort brukt",
                                                          "Utlån fra utstyrsbanken"]
    assert rows["1.1.1"].evidence == []


def test_the_pdf_contains_every_measure_page_numbers_and_contents(reported_plan, providers):
    pdf = PdfReader(io.BytesIO(render_pdf(plan_report(reported_plan, 2025))))
    pages = [_flat(p.extract_text()) for p in pdf.pages]
    text = " ".join(pages)
    for m in Measure.objects.filter(plan=reported_plan):
        assert _flat(f"{m.code} {m.title}") in text, m.code
    assert "Årsrapport 2025 til kommunestyret" in text
    assert "Innhold" in pages[0] or "Innhold" in pages[1]
    assert f"Side 1 av {len(pages)}" in pages[0]
    assert f"Side {len(pages)} av {len(pages)}" in pages[-1]
    # The contents give each focus area's page number (CSS target-counter).
    toc = pages[0] + pages[1]
    first_focus = next(i for i, p in enumerate(pages) if "Innsatsområde 1: Inntektsgivende"
                       in p and i > 1)
    assert re.search(r"Innsatsområde 1: Inntektsgivende[^.]*?\.{3,}\s*" + str(first_focus + 1),
                     toc)
    assert "Fortelling om tiltak 1.1.1." in text
    assert "Aktivitetskort brukt" in text and "Strømmen vest, 2025" in text
    assert "12,6" in text and "Mål 2027" in text
    # Nothing of the template itself is printed (a Django comment spread over lines is).
    for syntax in ("{#", "#}", "{%", "%}", "{{", "}}"):
        assert syntax not in text, syntax


def test_the_word_report_contains_every_measure_a_toc_field_and_page_numbers(reported_plan,
                                                                            providers):
    doc = Document(io.BytesIO(render_docx(plan_report(reported_plan, 2025))))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    text = "\n".join(paragraphs + cells)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for m in Measure.objects.filter(plan=reported_plan):
        assert f"{m.code} {m.title}" in headings, m.code
    assert "Fortelling om tiltak 1.1.1." in text
    assert "Aktivitetskort brukt" in text
    body = doc.element.body.xml
    assert 'TOC \\o "1-2"' in body
    assert "Innsatsområde 2: Redusere konsekvenser av fattigdom" in paragraphs  # list of headings
    footer = doc.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Side" in footer
    assert "updateFields" in doc.settings.element.xml
    assert len(doc.inline_shapes) == 1  # the one linked indicator's chart


def test_the_plan_itself_prints_without_a_year(example_plan):
    pdf = PdfReader(io.BytesIO(render_pdf(plan_report(example_plan))))
    text = _flat(" ".join(p.extract_text() for p in pdf.pages))
    assert "Om planen" in text and "Årsrapport" not in text
    for m in Measure.objects.filter(plan=example_plan):
        assert _flat(m.title) in text
    doc = Document(io.BytesIO(render_docx(plan_report(example_plan))))
    assert "Om planen" in [p.text for p in doc.paragraphs]


def test_the_report_downloads_as_word_and_the_pdf_is_a_job(reported_plan, client_as):
    client = client_as("planeier1")
    # The PDF is made by «Lag rapporten» (plans/tests/test_report_job.py); the old
    # address leads to the page with the button.
    pdf = client.get(f"/handlingsplan/{PLAN}/rapport/2025/rapport.pdf")
    assert pdf.status_code == 302 and pdf["Location"] == f"/handlingsplan/{PLAN}/rapport/2025/"
    word = client.get(f"/handlingsplan/{PLAN}/rapport/2025/rapport.docx")
    assert word["Content-Disposition"].endswith('-arsrapport-2025.docx"')
    assert client.get(f"/handlingsplan/{PLAN}/rapport/2025/rapport.exe").status_code == 404
    assert client.get(f"/handlingsplan/{PLAN}/rapport/2031/").status_code == 404


def test_the_measure_page_shows_the_trend_against_the_target_and_the_evidence(
        reported_plan, providers, client_as):
    measure = Measure.objects.get(plan=reported_plan, code="1.2.1")
    response = client_as("planeier1").get(f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/")
    page = response.content.decode()
    assert 'data-vega-spec="chart-trend"' in page
    assert response.context["spec"]["layer"][1]["mark"]["type"] == "rule"
    for cell in ("2019-2021", "12,9", "2023-2025", ":", "10,0"):
        assert f">{cell}<" in page, cell
    leisure = Measure.objects.get(plan=reported_plan, code="2.1.1")
    page = client_as("fritid1").get(f"/handlingsplan/{PLAN}/tiltak/{leisure.pk}/"
                                    ).content.decode()
    assert "Aktivitetskort brukt" in page and "31 %" in page


def _statistics(municipality_code, year):
    return [StatisticsTable(
        title="Lillestrøm mot hele landet", note="Lavinntekt målt mot nasjonal median.",
        header=["Indikator", "Periode", "Lillestrøm", "Norge"],
        rows=[["Vedvarende lavinntekt (EU-60)", "2022–2024", "12,3", "10,1"]]),
        StatisticsTable(
        title="Levekårssoner i Lillestrøm", note="Målt mot kommunal median.",
        header=["Sone", "Vedvarende lavinntekt (EU-60)"],
        rows=[["Strømmen vest", "29,7"], ["Liten sone", ":"]])]


@pytest.fixture
def statistics():
    register_statistics_section(_statistics)
    yield
    unregister_statistics_section(_statistics)


def test_the_word_report_is_a4_with_alt_text_on_every_chart_and_the_statistics(
        reported_plan, providers, statistics):
    doc = Document(io.BytesIO(render_docx(plan_report(reported_plan, 2025))))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    pictures = doc.element.body.xpath(".//wp:docPr")
    assert pictures, "the linked measure has a chart"
    for pic in pictures:
        assert pic.get("descr", "").startswith("Utvikling for ")
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    assert "Statistikk" in headings
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"Strømmen vest", "29,7", ":"} <= cells


def test_the_pdf_is_tagged_with_a_structure_tree_and_its_language(
        reported_plan, providers, statistics):
    data = render_pdf(plan_report(reported_plan, 2025))
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nb"
    assert root["/MarkInfo"]["/Marked"]
    # The PDF/UA identification in the XMP metadata.
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    text = _flat(" ".join(p.extract_text() for p in reader.pages))
    assert "Lillestrøm mot hele landet" in text and "Strømmen vest 29,7" in text
    # A chart is a Figure with its text alternative in the structure tree.
    figures = [e for e in _struct_elements(root["/StructTreeRoot"]) if e.get("/S") == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).startswith("Utvikling for ") for f in figures)
    # The chart is drawn as vectors from vl-convert's SVG (no raster image in the file),
    # its labels inside the Figure.
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())
    assert "Prosent" in text and "Mål 10,0 % (2027)" in text


def test_the_same_chart_twice_is_one_image_served_from_memory():
    from levekar.plans.reports.pdf import CHART_SCHEME, _Charts, _fetcher

    charts = _Charts()
    first = charts.add("<svg>1</svg>")
    assert charts.add("<svg>1</svg>") == first != charts.add("<svg>2</svg>")
    assert first.startswith(CHART_SCHEME) and len(charts.images) == 2
    response = _fetcher(charts).fetch(first)
    assert response.read() == b"<svg>1</svg>" and response.content_type == "image/svg+xml"


def test_the_server_does_the_reports_one_time_work_before_the_first_request(monkeypatch):
    """gunicorn's master imports WeasyPrint and compiles the report template before it
    forks; each worker starts the chart engine in the background."""
    import sys

    import vl_convert
    from django.template import engines

    from levekar.config import gunicorn
    from levekar.plans import charts

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    loaded = []
    engine = engines["django"].engine
    monkeypatch.setattr(engine, "get_template",
                        lambda name, real=engine.get_template: loaded.append(name) or real(name))
    gunicorn.when_ready(None)
    assert "weasyprint" in sys.modules and loaded == ["plans/pdf/report.html"]

    drawn = []
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: drawn.append(spec))
    started = []
    real_start = charts.start_chart_engine
    monkeypatch.setattr(charts, "start_chart_engine",
                        lambda: started.append(real_start()) or started[-1])
    gunicorn.post_worker_init(None)  # what gunicorn calls in each worker
    (thread,) = started
    thread.join(timeout=60)
    assert not thread.is_alive() and thread.daemon and len(drawn) == 1


def test_the_printed_chart_draws_the_same_with_fewer_elements():
    """vl-convert's SVG simplified for WeasyPrint: no ARIA, classes, hidden or empty paths
    or groups that change nothing; the grid lines and ticks one path per axis; the labels
    placed by x and y. The same pixels (both drawn by vl-convert's resvg)."""
    import vl_convert
    from PIL import Image, ImageChops

    from levekar.plans.charts import _static, chart_spec, print_svg

    class Link:
        indicator, label = "persistent_low_income_60", "Vedvarende lavinntekt"
        baseline, baseline_period, target, target_year = 12.3, "2021-2023", 10.0, 2027

    spec = _static(chart_spec(_low_income_trend_one(Link), Link), 560)
    raw = vl_convert.vegalite_to_svg(spec)
    printed = print_svg(raw)

    def elements(svg):
        return re.findall(r"<([a-z]+)", svg)

    assert "aria-" in raw and 'display="none"' in raw
    assert not re.search(r'aria-|role=|class=|pointer-events|display="none"|<g>', printed)
    assert len(elements(printed)) < 0.45 * len(elements(raw))
    # The labels are all there, in the same order; only a rotated one keeps its transform.
    assert re.findall(r">([^<]+)</text>", printed) == re.findall(r">([^<]+)</text>", raw)
    transforms = re.findall(r'<text[^>]*transform="([^"]*)"', printed)
    assert transforms and all("rotate" in t for t in transforms)
    assert len(re.findall(r"<text", printed)) > len(transforms)
    # The dashed target line stays a line of its own (a joined path would run its dashes
    # on across the segments).
    assert len(re.findall(r"<line[^>]*stroke-dasharray", printed)) == 1

    def pixels(svg):
        return Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=2))).convert("RGB")

    assert ImageChops.difference(pixels(raw), pixels(printed)).getbbox() is None


def _struct_elements(node, depth=0):
    """Every structure element under ``node`` (a depth-first walk of /K)."""
    node = node.get_object()
    if depth > 60 or not hasattr(node, "get"):
        return
    if "/S" in node:
        yield node
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if hasattr(kid, "get"):
            yield from _struct_elements(kid, depth + 1)


CHART_SPEC = {
    "data": {"values": [{"år": 2024, "prosent": 12.3}, {"år": 2025, "prosent": 11.9}]},
    "mark": "line", "encoding": {"x": {"field": "år", "type": "ordinal"},
                                 "y": {"field": "prosent", "type": "quantitative"}}}


@pytest.fixture
def chart_cache(settings, tmp_path):
    """The charts cache in a folder of this test's own (as settings make it: files)."""
    settings.CACHES = {**settings.CACHES, "charts": {
        **settings.CACHES["charts"], "LOCATION": str(tmp_path / "cache" / "charts")}}
    return tmp_path


def test_a_chart_is_drawn_once_for_the_same_spec_and_data_and_again_when_they_change(
        monkeypatch, chart_cache):
    import vl_convert

    from levekar.plans.charts import render_png, render_svg

    drawn = []
    real = vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg",
                        lambda spec: drawn.append(spec) or real(spec))
    spec = CHART_SPEC
    first = render_svg(spec)
    assert first.startswith("<svg") and render_svg(dict(spec)) == first
    assert len(drawn) == 1
    changed = {**spec, "data": {"values": [{"år": 2024, "prosent": 12.3},
                                           {"år": 2025, "prosent": 10.0}]}}
    assert render_svg(changed) != first and len(drawn) == 2
    render_svg(spec, width=300)  # another size is another image
    assert len(drawn) == 3
    png = render_png(spec)
    assert png.startswith(b"\x89PNG") and render_png(spec) == png and len(drawn) == 3


def test_a_chart_drawn_by_one_process_is_not_drawn_again_by_another(chart_cache):
    """A gunicorn worker, the job worker or the command line: one server, one chart cache
    (a restarted or recycled worker finds the charts too)."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    from levekar.plans.charts import render_svg

    first = render_svg(CHART_SPEC)
    other = (
        "import json, sys, django; django.setup()\n"
        "import vl_convert\n"
        "def refuse(spec): raise AssertionError('drawn again')\n"
        "vl_convert.vegalite_to_svg = refuse\n"
        "from levekar.plans.charts import render_svg\n"
        "sys.stdout.write(render_svg(json.loads(sys.argv[1])))\n")
    env = dict(os.environ, LEVEKAR_VAR_DIR=str(chart_cache),
               DJANGO_SETTINGS_MODULE="levekar.config.settings")
    done = subprocess.run([sys.executable, "-c", other, json.dumps(CHART_SPEC)], env=env,
                          cwd=settings.REPO_DIR, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == first
