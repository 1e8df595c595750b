"""The indicator trend against the plan's target: one Vega-Lite spec per chart.

On screen vega-embed draws the spec; for the PDF (SVG) and Word (PNG) the same spec is
rendered on the server by vl-convert. Every chart goes with a table of its figures and
a text alternative. The target is a dashed line with a text label, so nothing depends
on colour.

Rendering a chart takes vl-convert 25–50 ms (and its engine ≈ 0.4 s to start in each
process), and a council report of 200 measures has dozens: a rendered chart is kept in
the ``charts`` cache (files shared by every process of the server, see settings.CACHES)
under a hash of what decides the image (format, width and the whole spec, data
included), so the same spec with the same data is drawn once, whichever process asks,
and a changed figure or label is a new key, never a stale image.
"""

import hashlib
import json
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.translation import gettext as _

from levekar.plans.evidence import IndicatorPoint


def fmt_percent(value: float | None) -> str:
    """12.3 → "12,3" (Norwegian decimal comma); None → ":" (suppressed or missing)."""
    return ":" if value is None else f"{value:.1f}".replace(".", ",")


@dataclass(frozen=True)
class TrendRow:
    period: str
    percent: float | None
    kind: str  # "measured" or "baseline"
    note: str = ""


def trend_rows(points: list[IndicatorPoint], link) -> list[TrendRow]:
    """The figures of the chart (and of its table): the baseline, then each period."""
    rows: list[TrendRow] = []
    periods = {p.period for p in points}
    if link is not None and link.baseline is not None and link.baseline_period not in periods:
        rows.append(TrendRow(link.baseline_period or _("baseline"), link.baseline, "baseline",
                             _("Baseline in the plan")))
    for p in points:
        note = _("suppressed (few persons)") if p.suppressed else ""
        source = _("published by %(source)s") % {"source": p.source} if p.published \
            else _("computed by the municipality from register data")
        note = ", ".join(filter(None, [note, source]))
        rows.append(TrendRow(p.period, None if p.suppressed else p.percent, "measured", note))
    # Periods ("2021-2023", "2024") sort as text; the baseline takes its place among them.
    return sorted(rows, key=lambda r: r.period)


VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"


def chart_spec(points: list[IndicatorPoint], link, *, title: str = "",
               rows: list[TrendRow] | None = None) -> dict | None:
    """A Vega-Lite spec of the trend with the target as a dashed rule, or None.

    Written as a plain dict (the same spec Altair would give): a report draws many of
    them, and building them through Altair's schema objects cost more than drawing."""
    rows = trend_rows(points, link) if rows is None else rows
    values = [{"periode": r.period, "prosent": r.percent,
               "serie": str(_("Baseline") if r.kind == "baseline" else _("Measured"))}
              for r in rows if r.percent is not None]
    target = getattr(link, "target", None)
    if not values and target is None:
        return None
    period, percent = str(_("Period")), str(_("Percent"))
    layers = [{
        "data": {"values": values},
        "mark": {"type": "line", "point": {"filled": True, "size": 60}},
        "encoding": {
            "x": {"field": "periode", "type": "ordinal", "title": period,
                  "sort": [r.period for r in rows], "axis": {"labelAngle": 0}},
            "y": {"field": "prosent", "type": "quantitative", "title": percent,
                  "scale": {"zero": True}},
            "shape": {"field": "serie", "type": "nominal", "title": None},
            "tooltip": [{"field": "periode", "type": "ordinal", "title": period},
                        {"field": "prosent", "type": "quantitative", "title": percent,
                         "format": ".1f"}],
        },
    }]
    if target is not None:
        label = _("Target %(value)s %% (%(year)s)") % {
            "value": fmt_percent(target), "year": link.target_year or ""}
        data = {"values": [{"maal": target, "tekst": label.replace(" ()", "")}]}
        layers.append({"data": data,
                       "mark": {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 2},
                       "encoding": {"y": {"field": "maal", "type": "quantitative"}}})
        layers.append({"data": data, "mark": {"type": "text", "align": "left", "dx": 4,
                                              "dy": -8},
                       "encoding": {"y": {"field": "maal", "type": "quantitative"},
                                    "text": {"field": "tekst", "type": "nominal"},
                                    "x": {"value": 0}}})
    spec = {"$schema": VEGA_LITE_SCHEMA, "layer": layers, "width": "container",
            "height": 220}
    if title:
        spec["title"] = title
    return spec


def _static(spec: dict, width: int) -> dict:
    """The spec with a fixed width (a page has no container to fill) and no actions."""
    static = dict(spec)
    static["width"] = width
    for layer in static.get("layer", []):
        layer.pop("width", None)
    return static


CHART_CACHE_SECONDS = 7 * 24 * 3600  # the key is the content; time only bounds the space


def chart_cache_key(kind: str, spec: dict, width: int) -> str:
    """The cache key of a rendered chart: a hash of everything that decides the image."""
    canonical = json.dumps([kind, width, spec], sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"), default=str)
    return "plans.chart:" + hashlib.sha256(canonical.encode()).hexdigest()


CHART_CACHE = "charts"  # settings.CACHES: one cache for every process of the server


def _cached(kind: str, spec: dict, width: int, draw: Callable[[dict], str | bytes]):
    cache = caches[CHART_CACHE]
    key = chart_cache_key(kind, spec, width)
    image = cache.get(key)
    if image is None:
        image = draw(_static(spec, width))
        cache.set(key, image, CHART_CACHE_SECONDS)
    return image


_SVG = "{http://www.w3.org/2000/svg}"
# What a browser uses and a printed page does not: ARIA roles and labels (the PDF's Figure
# has the chart's own alt text), class names nothing refers to, pointer events.
_SCREEN_ONLY = re.compile(r"aria-.*|role|class|pointer-events")
_EMPTY_PATHS = {"", "M0,0h0v0h0Z"}
_TRANSLATE = re.compile(r"translate\((-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)\)")
_LINE_GEOMETRY = {"transform", "x1", "y1", "x2", "y2"}


def _segment(line: ET.Element) -> str | None:
    """A ``<line>`` placed by a translation as a path segment ("M x1,y1 L x2,y2")."""
    attrs = line.attrib
    moved = _TRANSLATE.fullmatch(attrs.get("transform", "translate(0,0)"))
    if moved is None or "stroke-dasharray" in attrs:
        return None  # a dash pattern would run on across the joined segments' subpaths
    tx, ty = float(moved[1]), float(moved[2])
    x1, y1, x2, y2 = (float(attrs.get(n, 0)) for n in ("x1", "y1", "x2", "y2"))
    return f"M{tx + x1:.4f},{ty + y1:.4f}L{tx + x2:.4f},{ty + y2:.4f}".replace(".0000", "")


def _simplify(group: ET.Element) -> None:
    kept: list[ET.Element] = []
    run: list[tuple[str, ET.Element]] = []  # lines alike but for where they are

    def flush() -> None:
        if len(run) > 1:
            style = {n: v for n, v in run[0][1].attrib.items() if n not in _LINE_GEOMETRY}
            kept.append(ET.Element("path", {**style, "fill": "none",
                                            "d": "".join(seg for seg, _line in run)}))
        else:
            kept.extend(line for _seg, line in run)
        run.clear()

    for node in group:
        node.tag = node.tag.removeprefix(_SVG)  # written back with one xmlns on the root
        attrs = node.attrib
        for name in [n for n in attrs if _SCREEN_ONLY.fullmatch(n)]:
            del attrs[name]
        if attrs.get("opacity") == "1":
            del attrs["opacity"]
        if node.tag == "path" and (attrs.get("display") == "none" or (
                attrs.get("d", "") in _EMPTY_PATHS and "stroke" not in attrs)):
            continue  # a hidden or zero-size path draws nothing
        if node.tag == "line" and (segment := _segment(node)) is not None:
            if run and {n: v for n, v in attrs.items() if n not in _LINE_GEOMETRY} != {
                    n: v for n, v in run[0][1].attrib.items() if n not in _LINE_GEOMETRY}:
                flush()
            run.append((segment, node))
            continue
        flush()
        if node.tag == "g":
            _simplify(node)
            if len(node) == 0:
                continue
            if not attrs or attrs == {"transform": "translate(0,0)"}:
                kept.extend(node)  # a group that changes nothing: its children in its place
                continue
        elif node.tag == "text" and "x" not in attrs and "y" not in attrs and (
                moved := _TRANSLATE.fullmatch(attrs.get("transform", ""))):
            del attrs["transform"]  # placed by x and y: no transformation to apply
            attrs["x"], attrs["y"] = moved[1], moved[2]
        kept.append(node)
    flush()
    group[:] = kept


def print_svg(svg: str) -> str:
    """vl-convert's SVG made cheaper to draw for WeasyPrint, the drawing unchanged.

    Vega wraps every mark and axis in nested groups, each with an empty background path
    and a hidden foreground path, labels every mark for screen readers, draws each grid
    line and tick as a ``<line>`` of its own and places every label by a transformation.
    WeasyPrint visits each element (its style, transformation and graphic state) when it
    draws the page. Here the hidden and empty elements and the screen-only attributes go,
    a run of alike lines becomes one path, and a label is placed by ``x`` and ``y``: a
    trend chart's 86 elements become about 30, and the report's drawing makes about a
    tenth fewer Python calls. Parsing and writing the SVG takes about a millisecond, once
    per image (the result is what is cached)."""
    root = ET.fromstring(svg)  # noqa: S314 (vl-convert's own output, values escaped by it)
    _simplify(root)
    root.tag = root.tag.removeprefix(_SVG)
    root.attrib.pop("class", None)
    root.set("xmlns", _SVG[1:-1])
    return ET.tostring(root, encoding="unicode")


def render_svg(spec: dict, *, width: int = 560) -> str:
    """The Vega-Lite spec drawn as SVG by vl-convert (for the PDF: no JavaScript there),
    stripped of what only a screen uses (``print_svg``)."""
    import vl_convert

    return _cached("svg", spec, width, lambda s: print_svg(vl_convert.vegalite_to_svg(s)))


def render_png(spec: dict, *, width: int = 560) -> bytes:
    """The same spec as a PNG at twice the size (for Word, which takes no SVG)."""
    import vl_convert

    return _cached("png", spec, width, lambda s: vl_convert.vegalite_to_png(s, scale=2))


def start_chart_engine() -> threading.Thread:
    """Start vl-convert's JavaScript engine in the background and return the thread.

    The engine starts on the first chart a process draws and costs ≈ 0.45 s CPU (and
    ≈ 70 MB), which a worker's first report would otherwise wait for. gunicorn calls this
    in each worker after the fork (``levekar.config.gunicorn.post_worker_init``): the
    engine runs in threads of its own, which a fork does not carry over, so the master
    cannot start it for them."""
    import vl_convert

    spec = {"data": {"values": [{"x": 0}]}, "mark": "point",
            "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    thread = threading.Thread(target=vl_convert.vegalite_to_svg, args=(spec,),
                              name="vl-convert-start", daemon=True)
    thread.start()
    return thread


def trend_alt_text(link, rows: list[TrendRow]) -> str:
    """What the chart shows, in words (alt text in Word and PDF): the first and last
    figure and the target."""
    known = [r for r in rows if r.percent is not None]
    parts = [_("Trend of %(ind)s.") % {"ind": getattr(link, "label", link.indicator)}]
    if known:
        first, last = known[0], known[-1]
        parts.append(_("%(p1)s: %(v1)s %%; %(p2)s: %(v2)s %%.") % {
            "p1": first.period, "v1": fmt_percent(first.percent),
            "p2": last.period, "v2": fmt_percent(last.percent)})
    if link.target is not None:
        parts.append(_("Target %(value)s %% (%(year)s).") % {
            "value": fmt_percent(link.target), "year": link.target_year or ""})
    parts.append(_("The figures are in the table below the chart."))
    return " ".join(parts)


def progress_spec(blocks) -> dict | None:
    """How far each focus area has come: a stacked bar of its measures by progress state
    (not reported last). The same figures are always shown as a table beside it."""
    import altair as alt

    from levekar.plans.models import Progress

    states = [(p.value, str(p.label)) for p in Progress] + [("missing", _("Not reported"))]
    values = []
    for block in blocks:
        counts = dict(block.progress_counts, missing=block.n_missing)
        label = f"{block.focus_area.code} {block.focus_area.title}"[:60]
        for order, (key, name) in enumerate(states):
            if counts.get(key):
                values.append({"omrade": label, "tilstand": name, "antall": counts[key],
                               "rekkefolge": order})
    if not values:
        return None
    names = [name for _key, name in states]
    chart = alt.Chart(alt.Data(values=values)).mark_bar().encode(
        y=alt.Y("omrade:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("antall:Q", title=_("Measures"), stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("tilstand:N", title=_("Progress"),
                        scale=alt.Scale(domain=names,
                                        range=["#9e9e9e", "#1e5aa8", "#2e7d32", "#b3261e",
                                               "#e0e0e0"])),
        order=alt.Order("rekkefolge:Q"),
        tooltip=[alt.Tooltip("omrade:N", title=_("Focus area")),
                 alt.Tooltip("tilstand:N", title=_("Progress")),
                 alt.Tooltip("antall:Q", title=_("Measures"))],
    ).properties(width="container", height=alt.Step(28))
    return chart.to_dict(validate=False)
