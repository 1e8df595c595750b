"""The indicator trend against the plan's target: one Vega-Lite spec per chart.

On screen vega-embed draws the spec; for the PDF (SVG) and Word (PNG) the same spec is
rendered on the server by vl-convert. Every chart goes with a table of its figures and
a text alternative. The target is a dashed line with a text label, so nothing depends
on colour.

Rendering a chart takes vl-convert 50–150 ms, and a council report of 200 measures has
dozens: a rendered chart is kept in Django's cache under a hash of what decides the
image (format, width and the whole spec, data included), so the same spec with the same
data is drawn once, and a changed figure or label is a new key, never a stale image.
"""

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
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


def _cached(kind: str, spec: dict, width: int, draw: Callable[[dict], str | bytes]):
    key = chart_cache_key(kind, spec, width)
    image = cache.get(key)
    if image is None:
        image = draw(_static(spec, width))
        cache.set(key, image, CHART_CACHE_SECONDS)
    return image


def render_svg(spec: dict, *, width: int = 560) -> str:
    """The Vega-Lite spec drawn as SVG by vl-convert (for the PDF: no JavaScript there)."""
    import vl_convert

    return _cached("svg", spec, width, vl_convert.vegalite_to_svg)


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
