from django.urls import path

from levekar.plans import edit_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("mine-tiltak/", views.my_measures, name="my_measures"),
    path("ny/", edit_views.plan_new, name="plan_new"),
    path("importer/", edit_views.plan_upload, name="plan_upload"),
    path("<slug:plan>/", views.plan_detail, name="plan_detail"),
    path("<slug:plan>/plan.yaml", views.plan_export_yaml, name="plan_export_yaml"),
    path("<slug:plan>/plan.<str:fmt>", views.report_download, name="plan_download"),
    path("<slug:plan>/tiltak/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("<slug:plan>/tiltak/<int:pk>/endre/", views.measure_edit, name="measure_edit"),
    path("<slug:plan>/tiltak/<int:pk>/flytt/", edit_views.measure_move_view,
         name="measure_move"),
    path("<slug:plan>/tiltak/<int:pk>/indikator/", edit_views.measure_link,
         name="measure_link"),
    path("<slug:plan>/bygg/", edit_views.plan_build, name="plan_build"),
    path("<slug:plan>/bygg/innsatsomrade/<int:pk>/", edit_views.focus_area_edit,
         name="focus_area_edit"),
    path("<slug:plan>/bygg/mal/<int:pk>/", edit_views.goal_edit, name="goal_edit"),
    path("<slug:plan>/bygg/mal/<int:pk>/indikator/", edit_views.goal_link, name="goal_link"),
    path("<slug:plan>/revider/", edit_views.plan_revise_view, name="plan_revise"),
    path("<slug:plan>/oppfolging/", views.rounds, name="rounds"),
    path("<slug:plan>/oppfolging/start/", views.round_start, name="round_start"),
    path("<slug:plan>/oppfolging/<int:year>/", views.round_dashboard, name="round_dashboard"),
    path("<slug:plan>/oppfolging/<int:year>/avslutt/", views.round_close, name="round_close"),
    path("<slug:plan>/oppfolging/<int:year>/tiltak/<int:pk>/", views.report_edit,
         name="report_edit"),
    path("<slug:plan>/rapport/<int:year>/", views.council_report, name="council_report"),
    path("<slug:plan>/rapport/<int:year>/rapport.<str:fmt>", views.report_download,
         name="report_download"),
    path("<slug:plan>/rapport/<int:year>/lag/", views.council_report_start,
         name="council_report_start"),
    path("<slug:plan>/rapport/<int:year>/jobb/<int:job_id>/rapport.<str:fmt>",
         views.report_file, name="report_file"),
]
