"""Admin: to see what is loaded and remove a result set or table that should not be shown."""

from django.contrib import admin

from levekar.stats.models import PublishedTable, ResultSet, SurveyFigure, ZoneBoundary


class _ReadOnly(admin.ModelAdmin):
    """Rows come from imports only (checked, all-or-nothing); the admin may delete them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ResultSet)
class ResultSetAdmin(_ReadOnly):
    list_display = ["source", "loaded_at", "loaded_by_name"]
    search_fields = ["source"]


@admin.register(PublishedTable)
class PublishedTableAdmin(_ReadOnly):
    list_display = ["table_id", "source", "imported_at", "imported_by_name"]


@admin.register(SurveyFigure)
class SurveyFigureAdmin(_ReadOnly):
    list_display = ["source", "year", "area", "school", "indicator", "group", "value",
                    "respondents", "suppressed"]
    list_filter = ["source", "year", "indicator"]


@admin.register(ZoneBoundary)
class ZoneBoundaryAdmin(_ReadOnly):
    list_display = ["municipality", "zone_count", "synthetic", "uploaded_at"]
    exclude = ["geojson"]
