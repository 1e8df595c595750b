"""The indicator trend against the plan's target, three ways.

On screen a Vega-Lite spec (Altair, drawn by vega-embed); in the PDF an inline SVG
(WeasyPrint runs no JavaScript); in Word a PNG (Word takes no SVG), drawn with Pillow.
All three come from the same ``trend_geometry`` and always go with a table of the
figures. The target is a dashed line with a text label, so nothing depends on colour.
"""

import io
import math
from dataclasses import dataclass
from html import escape
from pathlib import Path

from django.utils.translation import gettext as _

from levekar.plans.evidence import IndicatorPoint

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


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


def chart_spec(points: list[IndicatorPoint], link, *, title: str = "") -> dict | None:
    """A Vega-Lite spec of the trend with the target as a dashed rule, or None."""
    import altair as alt

    rows = trend_rows(points, link)
    values = [{"periode": r.period, "prosent": r.percent,
               "serie": _("Baseline") if r.kind == "baseline" else _("Measured")}
              for r in rows if r.percent is not None]
    target = getattr(link, "target", None)
    if not values and target is None:
        return None
    order = [r.period for r in rows]
    y_title = _("Percent")
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("periode:O", title=_("Period"), sort=order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("prosent:Q", title=y_title, scale=alt.Scale(zero=True)),
    )
    layers = [
        base.mark_line(point=alt.OverlayMarkDef(size=60, filled=True)).encode(
            shape=alt.Shape("serie:N", title=None),
            tooltip=[alt.Tooltip("periode:O", title=_("Period")),
                     alt.Tooltip("prosent:Q", title=y_title, format=".1f")]),
    ]
    if target is not None:
        label = _("Target %(value)s %% (%(year)s)") % {
            "value": fmt_percent(target), "year": link.target_year or ""}
        target_data = alt.Data(values=[{"maal": target, "tekst": label.replace(" ()", "")}])
        layers.append(alt.Chart(target_data).mark_rule(strokeDash=[6, 4], strokeWidth=2)
                      .encode(y="maal:Q"))
        layers.append(alt.Chart(target_data).mark_text(align="left", dx=4, dy=-8).encode(
            y="maal:Q", text="tekst:N", x=alt.value(0)))
    chart = alt.layer(*layers).properties(width="container", height=220)
    if title:
        chart = chart.properties(title=title)
    return chart.to_dict(validate=False)


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    y_max: float
    labels: list[str]
    points: list[tuple[float, float] | None]  # None: a gap (suppressed)
    target_y: float | None
    target_label: str
    y_ticks: list[tuple[float, str]]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 10.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def trend_geometry(points: list[IndicatorPoint], link, *, width: int = 640,
                   height: int = 240) -> Geometry | None:
    rows = trend_rows(points, link)
    target = getattr(link, "target", None)
    known = [r.percent for r in rows if r.percent is not None]
    if not known and target is None:
        return None
    left, right, top, bottom = 56, 16, 16, 36
    y_max = _nice_max(max([*known, target or 0]) * 1.15)
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(v: float) -> float:
        return top + plot_h * (1 - v / y_max)

    n = max(len(rows), 1)
    xs = [left + plot_w * (i + 0.5) / n for i in range(n)]
    pts = [(xs[i], y_of(r.percent)) if r.percent is not None else None
           for i, r in enumerate(rows)]
    ticks = [(y_of(y_max * k / 4), fmt_percent(y_max * k / 4)) for k in range(5)]
    label = ""
    if target is not None:
        label = _("Target %(value)s %% (%(year)s)") % {
            "value": fmt_percent(target), "year": getattr(link, "target_year", "") or ""}
        label = label.replace(" ()", "")
    return Geometry(width, height, left, right, top, bottom, y_max, [r.period for r in rows],
                    pts, y_of(target) if target is not None else None, label, ticks)


def _segments(points):
    seg: list[tuple[float, float]] = []
    for p in points:
        if p is None:
            if len(seg) > 1:
                yield seg
            seg = []
        else:
            seg.append(p)
    if len(seg) > 1:
        yield seg


def trend_svg(points: list[IndicatorPoint], link, *, title: str = "") -> str:
    """An SVG line chart (for the PDF); empty string when there is nothing to draw."""
    g = trend_geometry(points, link)
    if g is None:
        return ""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {g.width} {g.height}" '
           f'width="{g.width}" height="{g.height}" role="img" aria-label="{escape(title)}" '
           'font-family="DejaVu Sans, sans-serif" font-size="11">']
    x0, x1 = g.left, g.width - g.right
    for y, text in g.y_ticks:
        out.append(f'<line x1="{x0}" x2="{x1}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{text}</text>')
    base = g.height - g.bottom
    for i, label in enumerate(g.labels):
        x = g.left + (g.width - g.left - g.right) * (i + 0.5) / len(g.labels)
        out.append(f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle">'
                   f'{escape(label)}</text>')
    for seg in _segments(g.points):
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1e5aa8" '
                   'stroke-width="2.5"/>')
    for p in g.points:
        if p is not None:
            out.append(f'<circle cx="{p[0]:.1f}" cy="{p[1]:.1f}" r="4" fill="#1e5aa8"/>')
    if g.target_y is not None:
        out.append(f'<line x1="{x0}" x2="{x1}" y1="{g.target_y:.1f}" y2="{g.target_y:.1f}" '
                   'stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{x0 + 4}" y="{g.target_y - 5:.1f}" fill="#000">'
                   f'{escape(g.target_label)}</text>')
    out.append("</svg>")
    return "".join(out)


def trend_png(points: list[IndicatorPoint], link) -> bytes | None:
    """The same chart as a PNG (for Word), drawn at twice the size for sharp print."""
    from PIL import Image, ImageDraw, ImageFont

    g = trend_geometry(points, link)
    if g is None:
        return None
    s = 2
    img = Image.new("RGB", (g.width * s, g.height * s), "white")
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype(str(FONT), 11 * s)
    except OSError:
        font = ImageFont.load_default(size=11 * s)
    x0, x1 = g.left * s, (g.width - g.right) * s
    for y, text in g.y_ticks:
        draw.line([(x0, y * s), (x1, y * s)], fill="#dddddd", width=1)
        draw.text((x0 - 6 * s, y * s), text, fill="black", font=font, anchor="rm")
    base = (g.height - g.bottom) * s
    for i, label in enumerate(g.labels):
        x = (g.left + (g.width - g.left - g.right) * (i + 0.5) / len(g.labels)) * s
        draw.text((x, base + 12 * s), label, fill="black", font=font, anchor="mt")
    for seg in _segments(g.points):
        draw.line([(x * s, y * s) for x, y in seg], fill="#1e5aa8", width=5, joint="curve")
    for p in g.points:
        if p is not None:
            r = 4 * s
            draw.ellipse([p[0] * s - r, p[1] * s - r, p[0] * s + r, p[1] * s + r],
                         fill="#1e5aa8")
    if g.target_y is not None:
        y = g.target_y * s
        x = x0
        while x < x1:
            draw.line([(x, y), (min(x + 12 * s, x1), y)], fill="#b3261e", width=4)
            x += 20 * s
        draw.text((x0 + 4 * s, y - 5 * s), g.target_label, fill="black", font=font,
                  anchor="ls")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


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
