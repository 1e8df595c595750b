"""The kunnskapsgrunnlag pages under /kunnskap/. Read-only, except the analyst's imports."""

from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from levekar.core.access import role_required
from levekar.core.errors import InvalidInput
from levekar.core.form_errors import add_problems
from levekar.core.models import Municipality
from levekar.core.roles import Role, has_role
from levekar.stats import charts, exports, services
from levekar.stats.forms import (
    BoundaryUploadForm,
    DataChoiceForm,
    PublishedUploadForm,
    ResultUploadForm,
    SurveyUploadForm,
    check_size,
)
from levekar.stats.models import PublishedTable, ZoneBoundary
from levekar.stats.readers.published import mapping_from_json
from levekar.stats.selectors import (
    municipality_overview,
    stats_context,
    zone_detail,
    zone_map,
    zone_table,
)
from levekar.stats.selectors.pages import SORT_CODE, SORT_NAME, zone_get

VIEW_ROLES = (Role.ANALYST, Role.PLAN_OWNER, Role.BTI_COORDINATOR, Role.ADMIN)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _context(request, *, need_zones: bool = False, municipality: str | None = None):
    try:
        result_set_id = int(request.GET.get("kilde", ""))
    except ValueError:
        result_set_id = None
    return stats_context(user=request.user, result_set_id=result_set_id,
                         municipality=municipality or request.GET.get("kommune"),
                         need_zones=need_zones)


def _page(request, template: str, ctx, **extra):
    return render(request, template, {
        "ctx": ctx, "can_import": has_role(request.user, Role.ANALYST), **extra})


@role_required(*VIEW_ROLES)
def overview(request):
    ctx = _context(request)
    form = DataChoiceForm(request.GET, ctx=ctx, fields=("kilde", "kommune", "indikator", "gruppe"))
    data = municipality_overview(ctx, trend_indicator=form.get("indikator"),
                                 trend_group=form.get("gruppe"))
    query = urlencode({"kilde": form.get("kilde") or "", "kommune": ctx.municipality})
    return _page(request, "stats/overview.html", ctx, form=form, data=data, query=query,
                 trend_spec=charts.trend_chart(data.trend) if data.trend.has_points else None)


def _sort_links(request, table) -> dict:
    links = {}
    for key in [SORT_CODE, SORT_NAME, *[c.indicator for c in table.columns]]:
        # A click on the current column turns the order; a new column starts with the
        # highest share first (what the analyst looks for), names and codes A–Å.
        if key == table.sort:
            descending = not table.descending
        else:
            descending = key not in (SORT_CODE, SORT_NAME)
        params = request.GET.copy()
        params["sorter"] = key
        params["retning"] = "synkende" if descending else "stigende"
        links[key] = f"?{params.urlencode()}"
    return links


def _zone_table(request):
    ctx = _context(request, need_zones=True)
    form = DataChoiceForm(request.GET, ctx=ctx, fields=("kilde", "kommune", "ar", "gruppe"),
                          zones_only=True)
    table = zone_table(ctx, year=form.get("ar"), group=form.get("gruppe"),
                       sort=request.GET.get("sorter", SORT_CODE),
                       descending=request.GET.get("retning") == "synkende")
    return ctx, form, table


@role_required(*VIEW_ROLES)
def zone_table_page(request):
    ctx, form, table = _zone_table(request)
    links = _sort_links(request, table)
    download = urlencode({"kilde": form.get("kilde") or "", "kommune": ctx.municipality,
                          "ar": table.year or "", "gruppe": table.group,
                          "sorter": table.sort,
                          "retning": "synkende" if table.descending else "stigende"})
    return _page(request, "stats/zone_table.html", ctx, form=form, table=table,
                 sort_links=links, download=download,
                 column_links=[(c, links[c.indicator]) for c in table.columns])


def _download(sheet, fmt: str, name: str) -> HttpResponse:
    body = exports.to_csv(sheet) if fmt == "csv" else exports.to_xlsx(sheet)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@role_required(*VIEW_ROLES)
def zone_table_download(request, fmt: str):
    ctx, _form, table = _zone_table(request)
    if table.year is None:
        raise Http404("ingen tall")
    name = f"levekar-soner-{ctx.municipality}-{table.year}-{slugify(table.group)}"
    return _download(exports.zone_table_sheet(ctx, table), fmt, name)


@role_required(*VIEW_ROLES)
def overview_download(request, fmt: str):
    ctx = _context(request)
    return _download(exports.overview_sheet(ctx), fmt, f"levekar-kommune-{ctx.municipality}")


@role_required(*VIEW_ROLES)
def zone_map_page(request):
    ctx = _context(request, need_zones=True)
    form = DataChoiceForm(request.GET, ctx=ctx,
                          fields=("kilde", "kommune", "ar", "indikator", "gruppe"),
                          zones_only=True)
    data = zone_map(ctx, year=form.get("ar"), indicator=form.get("indikator"),
                    group=form.get("gruppe"))
    spec = None
    if data.features:
        title = f"{data.indicator_label} – {data.group_label}, {data.period_label}"
        spec = charts.map_chart(data, title=title)
    return _page(request, "stats/zone_map.html", ctx, form=form, data=data, spec=spec)


@role_required(*VIEW_ROLES)
def zone_page(request, code: str):
    zone = zone_get(code=code)
    ctx = _context(request, municipality=zone.municipality.code)
    form = DataChoiceForm(request.GET, ctx=ctx, fields=("kilde", "indikator", "gruppe"))
    data = zone_detail(ctx, zone=zone, trend_indicator=form.get("indikator"),
                       trend_group=form.get("gruppe"))
    return _page(request, "stats/zone_detail.html", ctx, form=form, data=data,
                 trend_spec=charts.trend_chart(data.trend) if data.trend.has_points else None)


# --- the analyst's imports ----------------------------------------------------------------

FORMS = {"result": ResultUploadForm, "published": PublishedUploadForm,
         "survey": SurveyUploadForm, "boundaries": BoundaryUploadForm}


def _imports_page(request, bound: dict | None = None, status: int = 200):
    ctx = _context(request)
    initial = {"boundaries": {"municipality": ctx.municipality}}
    forms = {key: (bound or {}).get(key) or cls(prefix=key, initial=initial.get(key))
             for key, cls in FORMS.items()}
    return render(request, "stats/imports.html", {
        "ctx": ctx, "can_import": True, "forms": forms,
        "tables": PublishedTable.objects.order_by("table_id"),
        "boundaries": ZoneBoundary.objects.select_related("municipality").defer(
            "geojson").order_by("municipality__code"),
    }, status=status)


@role_required(Role.ANALYST)
def imports(request):
    return _imports_page(request)


def _run_import(request, key: str, work) -> HttpResponse:
    form = FORMS[key](request.POST, request.FILES, prefix=key)
    files = [n for n, f in form.fields.items() if isinstance(f, django_forms.FileField)]
    if form.is_valid() and check_size(form, *files):
        try:
            message = work(form.cleaned_data)
        except InvalidInput as exc:
            add_problems(form, exc)
        else:
            messages.success(request, message)
            return redirect(reverse("stats:imports"))
    return _imports_page(request, {key: form}, status=400)


@require_POST
@role_required(Role.ANALYST)
def import_result(request):
    def work(d):
        result = services.result_set_load_files(
            indicators=d["indicators"].read(), thresholds=d["thresholds"].read(),
            source=d["source"], notes=d["notes"], actor=request.user)
        return _("Loaded «%(source)s»: %(rows)s figures.") % {
            "source": result.source, "rows": result.summary["rows"]}
    return _run_import(request, "result", work)


@require_POST
@role_required(Role.ANALYST)
def import_published(request):
    def work(d):
        mapping = None
        if d.get("mapping"):
            mapping = mapping_from_json(d["mapping"].read(), file_name=d["mapping"].name)
        table = services.published_table_import(data=d["file"].read(), file_name=d["file"].name,
                                                mapping=mapping, actor=request.user)
        return _("Imported table %(table)s: %(n)s figures.") % {
            "table": table.table_id, "n": table.figures.count()}
    return _run_import(request, "published", work)


@require_POST
@role_required(Role.ANALYST)
def import_survey(request):
    def work(d):
        n = services.survey_import(data=d["file"].read(), file_name=d["file"].name,
                                   actor=request.user)
        return _("Imported %(n)s survey figures.") % {"n": n}
    return _run_import(request, "survey", work)


@require_POST
@role_required(Role.ANALYST)
def import_boundaries(request):
    def work(d):
        municipality: Municipality = d["municipality"]
        boundary = services.zone_boundaries_import(
            municipality_code=municipality.code, data=d["file"].read(),
            file_name=d["file"].name, code_property=d["code_property"] or None,
            crs=d["crs"] or None, actor=request.user)
        return _("Uploaded the boundaries of %(n)s zones for %(municipality)s.") % {
            "n": boundary.zone_count, "municipality": municipality.name}
    return _run_import(request, "boundaries", work)

