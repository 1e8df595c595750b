"""Reach per levekårssone under /evaluering/rekkevidde/: a table and a map of whether the
universal measures reach the zones that need them most, and its XLSX download."""

from django.http import HttpResponse
from django.shortcuts import render

from levekar.core.access import role_required
from levekar.core.roles import Role
from levekar.evaluation import exports
from levekar.evaluation.forms import ReachFilterForm
from levekar.evaluation.selectors.reach import COLUMN_KEYS, COLUMNS, reach, reach_years
from levekar.stats import charts
from levekar.stats.selectors import ZoneMap, stats_context

VIEW_ROLES = (Role.PLAN_OWNER, Role.ANALYST, Role.BTI_COORDINATOR, Role.ADMIN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reach(request):
    years = reach_years()
    form = ReachFilterForm(request.GET or None, years=years, columns=COLUMNS,
                           initial={"ar": years[0], "kart": "passes_used"})
    ctx = stats_context(user=request.user, need_zones=True)
    data = reach(ctx, year=form.get("ar", years[0]))
    return form, data


@role_required(*VIEW_ROLES)
def reach_page(request):
    form, data = _reach(request)
    key = form.get("kart", "passes_used")
    column = COLUMNS[COLUMN_KEYS.index(key)]
    spec = None
    features = data.features(key)
    if features:
        zone_map = ZoneMap(indicator="", group="", period=str(data.year),
                           boundary=data.boundary, features=features)
        spec = charts.map_chart(zone_map, title=f"{column.label}, {data.year}",
                                value_title=str(column.unit))
    return render(request, "evaluation/reach.html", {
        "form": form, "data": data, "spec": spec, "column": column,
        "query": f"ar={data.year}"})


@role_required(*VIEW_ROLES)
def reach_download(request):
    _form, data = _reach(request)
    response = HttpResponse(exports.to_xlsx(exports.reach_sheet(data)), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="levekar-rekkevidde-{data.municipality}-{data.year}.xlsx"')
    return response
