"""URL map: Norwegian, stable paths (DESIGN.md)."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "Levekår – administrasjon"
admin.site.site_title = "Levekår"

urlpatterns = [
    path("", include("levekar.web.urls")),
    path("", include("levekar.core.urls")),
    path("administrasjon/", admin.site.urls),
    path("i18n/sprak/", set_language, name="set_language"),
    path("kunnskap/", include("levekar.stats.urls")),
    path("handlingsplan/", include("levekar.plans.urls")),
    path("familier/", include("levekar.followup.urls")),
    path("utstyr/", include("levekar.lending.urls")),
    path("fritid/", include("levekar.passes.urls")),
    path("evaluering/", include("levekar.evaluation.urls")),
]

handler400 = "levekar.core.views.bad_request"
handler403 = "levekar.core.views.permission_denied"
handler404 = "levekar.core.views.page_not_found"
handler500 = "levekar.core.views.server_error"
