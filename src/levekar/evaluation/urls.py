from django.urls import path, re_path

from levekar.evaluation import programme_views, reach_views, sjumil_views, views

app_name = "evaluation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("utfall/", views.outcomes_page, name="outcomes"),
    re_path(r"^utfall/last-ned\.(?P<fmt>csv|xlsx)$", views.outcomes_download,
            name="outcomes_download"),
    path("design/", views.designs_page, name="designs"),
    path("design/tiltak/<int:measure_id>/nytt-mal/", views.goal_new_for_measure,
         name="goal_new_measure"),
    path("design/modell/<int:model_id>/nytt-mal/", views.goal_new_for_model,
         name="goal_new_model"),
    path("design/mal/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("design/mal/<int:goal_id>/slett/", views.goal_delete, name="goal_delete"),
    path("lovende-praksis/", views.practice_list, name="practice"),
    path("lovende-praksis/<int:measure_id>/<int:year>/", views.practice_assess,
         name="practice_assess"),
    path("rapport/", views.report_page, name="report"),
    re_path(r"^rapport/(?P<year>[0-9]{4})\.(?P<fmt>pdf|docx|xlsx)$", views.report_download,
            name="report_download"),
    path("programmer/", programme_views.programmes, name="programmes"),
    path("programmer/nytt/", programme_views.programme_new, name="programme_new"),
    path("programmer/<int:programme_id>/", programme_views.programme_detail, name="programme"),
    path("programmer/<int:programme_id>/nytt-kurs/", programme_views.course_new,
         name="course_new"),
    path("kurs/", programme_views.my_courses, name="my_courses"),
    path("kurs/<int:course_id>/", programme_views.course_work, name="course"),
    path("kurs/<int:course_id>/deltaker/", programme_views.participant_add,
         name="participant_add"),
    path("kurs/<int:course_id>/samling/", programme_views.session_add, name="session_add"),
    path("kurs/<int:course_id>/deltaker/<int:participant_id>/<str:phase>/",
         programme_views.questionnaire, name="questionnaire"),
    path("rekkevidde/", reach_views.reach_page, name="reach"),
    path("rekkevidde/last-ned.xlsx", reach_views.reach_download, name="reach_download"),
    path("sjumilssteget/", sjumil_views.overview, name="sjumil"),
    path("sjumilssteget/<int:unit_id>/<int:year>/", sjumil_views.assess, name="sjumil_assess"),
    path("sjumilssteget/<int:unit_id>/<int:year>/tiltak/", sjumil_views.action_add,
         name="sjumil_action"),
    path("sjumilssteget/mote/", sjumil_views.meeting_new, name="sjumil_meeting"),
]
