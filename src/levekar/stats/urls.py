from django.urls import path, re_path

from levekar.stats import views, views_results

app_name = "stats"

urlpatterns = [
    path("", views.overview, name="overview"),
    re_path(r"^kommune/last-ned\.(?P<fmt>csv|xlsx)$", views.overview_download,
            name="overview_download"),
    path("soner/", views.zone_table_page, name="zone_table"),
    re_path(r"^soner/last-ned\.(?P<fmt>csv|xlsx)$", views.zone_table_download,
            name="zone_table_download"),
    path("soner/<str:code>/", views.zone_page, name="zone_detail"),
    path("kart/", views.zone_map_page, name="zone_map"),
    path("import/", views.imports, name="imports"),
    path("import/resultat/", views.import_result, name="import_result"),
    path("import/ssb/", views.import_published, name="import_published"),
    path("import/undersokelse/", views.import_survey, name="import_survey"),
    path("import/sonegrenser/", views.import_boundaries, name="import_boundaries"),
    path("beregninger/", views_results.results, name="results"),
    path("beregninger/start/", views_results.computation_start, name="computation_start"),
    path("beregninger/sammenlign/", views_results.results_compare, name="results_compare"),
    path("beregninger/<int:pk>/standard/", views_results.result_default,
         name="result_default"),
    path("beregninger/<int:pk>/navn/", views_results.result_rename, name="result_rename"),
    path("beregninger/<int:pk>/slett/", views_results.result_delete, name="result_delete"),
]
