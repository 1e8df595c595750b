from django.urls import path, re_path

from levekar.evaluation import views

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
]
