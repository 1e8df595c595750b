from django.urls import path

from levekar.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("mine-tiltak/", views.my_measures, name="my_measures"),
    path("<slug:plan>/", views.plan_detail, name="plan_detail"),
    path("<slug:plan>/plan.yaml", views.plan_export_yaml, name="plan_export_yaml"),
    path("<slug:plan>/plan.<str:fmt>", views.report_download, name="plan_download"),
    path("<slug:plan>/tiltak/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("<slug:plan>/tiltak/<int:pk>/endre/", views.measure_edit, name="measure_edit"),
    path("<slug:plan>/oppfolging/", views.rounds, name="rounds"),
    path("<slug:plan>/oppfolging/start/", views.round_start, name="round_start"),
    path("<slug:plan>/oppfolging/<int:year>/", views.round_dashboard, name="round_dashboard"),
    path("<slug:plan>/oppfolging/<int:year>/avslutt/", views.round_close, name="round_close"),
    path("<slug:plan>/oppfolging/<int:year>/tiltak/<int:pk>/", views.report_edit,
         name="report_edit"),
    path("<slug:plan>/rapport/<int:year>/", views.council_report, name="council_report"),
    path("<slug:plan>/rapport/<int:year>/rapport.<str:fmt>", views.report_download,
         name="report_download"),
]
