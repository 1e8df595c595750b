"""Vega-Lite specs (built with Altair) for the trend charts and the zone map.

Never colour alone: each series of a trend has its own colour, dash pattern and point
shape; every zone on the map carries its value as a label (and its name, when there are
few enough zones to fit), suppressed zones are grey with ":". Every chart has a table
beside it on the page.
"""

import altair as alt
from django.utils import formats, translation
from django.utils.translation import gettext as _

from levekar.stats.selectors import Figure, TrendTable, ZoneMap

PALETTE = ["#1f5aa6", "#b3470b", "#2e7d32", "#6a3d9a"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]
SHAPES = ["circle", "square", "triangle-up", "diamond"]
MAP_RANGE = ["#eff3ff", "#4292c6"]  # black labels keep ≥ 4.5:1 contrast on both ends
NB_NUMBERS = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]}


def _localise(spec: dict) -> dict:
    if translation.get_language() in ("nb", "no", "nn"):
        spec.setdefault("config", {})["locale"] = {"number": NB_NUMBERS}
    return spec


def figure_text(figure: Figure) -> str:
    if figure.suppressed:
        return ":"
    if figure.percent is None:
        return "–"
    return formats.number_format(figure.percent, 1)


def trend_chart(trend: TrendTable) -> dict:
    """A line per series over the periods (x in period order)."""
    order = [period for period, _figures in trend.rows]
    n = len(trend.series)
    chart = alt.Chart(alt.Data(values=trend.points)).mark_line(
        point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=2.5,
    ).encode(
        x=alt.X("period:O", title=_("Period"), sort=order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("percent:Q", title=_("Percent"), scale=alt.Scale(zero=True)),
        color=alt.Color("series:N", title=None,
                        scale=alt.Scale(domain=trend.series, range=PALETTE[:n]),
                        legend=alt.Legend(orient="bottom", direction="vertical",
                                          symbolStrokeWidth=2.5, labelLimit=400)),
        strokeDash=alt.StrokeDash("series:N", title=None,
                                  scale=alt.Scale(domain=trend.series, range=DASHES[:n])),
        shape=alt.Shape("series:N", title=None,
                        scale=alt.Scale(domain=trend.series, range=SHAPES[:n])),
        tooltip=[alt.Tooltip("series:N", title=_("Series")),
                 alt.Tooltip("period:O", title=_("Period")),
                 alt.Tooltip("percent:Q", title=_("Percent"), format=".1f")],
    ).properties(width="container", height=280)
    return _localise(chart.to_dict())


def map_chart(zone_map: ZoneMap, *, title: str, value_title: str | None = None) -> dict:
    """A geoshape choropleth of the zones (no tiles), labelled with the values.

    The values are percents unless ``value_title`` names them otherwise (e.g. a rate per
    1,000 children on the evaluation's reach map)."""
    value_title = value_title or _("Percent")
    features = zone_map.features
    many = len(features) > 20
    for feature in features:
        props = feature["properties"]
        props["label"] = figure_text(Figure(percent=props["percent"],
                                            suppressed=props["suppressed"]))
    valued = [f for f in features if f["properties"]["percent"] is not None]
    labels = [f["properties"] for f in features]
    # The data go in as named datasets after Altair has built and checked the spec:
    # checking thousands of coordinates against the Vega-Lite schema takes most of a second.
    datasets = {"zones": features, "valued": valued, "labels": labels}
    tooltip = [alt.Tooltip("properties.name:N", title=_("Zone")),
               alt.Tooltip("properties.label:N", title=value_title)]
    stroke = {"stroke": "#333333", "strokeWidth": 0.8}
    base = alt.Chart(alt.Data(name="zones")).mark_geoshape(fill="#d9d9d9", **stroke).encode(
        tooltip=tooltip)
    layers = [base]
    if valued:
        layers.append(alt.Chart(alt.Data(name="valued")).mark_geoshape(**stroke).encode(
            color=alt.Color("properties.percent:Q", title=value_title,
                            scale=alt.Scale(range=MAP_RANGE, zero=False),
                            legend=alt.Legend(format=".1f", orient="right")),
            tooltip=tooltip))
    value_text = alt.Chart(alt.Data(name="labels")).mark_text(
        fontSize=10 if many else 13, fontWeight="bold", color="#000000",
        dy=0 if many else 7,
    ).encode(longitude="lon:Q", latitude="lat:Q", text="label:N")
    layers.append(value_text)
    if not many:
        layers.append(alt.Chart(alt.Data(name="labels")).mark_text(
            fontSize=10, color="#000000", dy=-8, limit=110,
        ).encode(longitude="lon:Q", latitude="lat:Q", text="name:N"))
    subtitle = []
    if zone_map.boundary is not None and zone_map.boundary.synthetic:
        subtitle.append(_("Synthetic zone boundaries (demo) – not the real division"))
    chart = alt.layer(*layers).project(type="mercator").properties(
        width="container", height=560 if many else 480,
        title=alt.TitleParams(text=title, subtitle=subtitle, anchor="start"),
    ).configure_view(stroke=None)
    spec = chart.to_dict()
    spec["datasets"] = datasets
    return _localise(spec)
