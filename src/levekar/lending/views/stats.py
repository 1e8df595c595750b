"""Usage statistics for the desk, the plan owner and the analysts."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from levekar.core.access import role_required
from levekar.core.roles import Role, has_role
from levekar.lending import exports, selectors
from levekar.lending.forms import StatsForm

TOP_ITEMS = 25


@role_required(Role.LENDING, Role.PLAN_OWNER, Role.ANALYST)
@require_GET
def usage(request):
    years = selectors.years_with_loans()
    form = StatsForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    report = selectors.usage_report(year=year)
    download = request.GET.get("last_ned")
    if download == "xlsx":
        response = HttpResponse(
            exports.usage_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="utstyrsbanken-{year}.xlsx"'
        return response
    if download == "csv":
        table = request.GET.get("tabell", "category_months")
        if table not in exports.CSV_TABLES:
            table = "category_months"
        response = HttpResponse(exports.usage_csv(report, table),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="utstyrsbanken-{year}-{table.replace("_", "-")}.csv"')
        return response
    months = [{**row, "name": exports.month_name(row["month"])}
              for row in report.month_matrix]
    return render(request, "lending/stats.html", {
        "form": form,
        "year": year,
        "report": report,
        "summary": exports.summary_rows(report),
        "months": months,
        "point_months": [{**row, "name": exports.month_name(row["month"])}
                         for row in report.point_matrix],
        "top_items": report.items[:TOP_ITEMS],
        "least_used": list(reversed(report.items[TOP_ITEMS:]))[:10],
        "spec": exports.loans_chart(report),
        "perms_desk": has_role(request.user, Role.LENDING),
    })
