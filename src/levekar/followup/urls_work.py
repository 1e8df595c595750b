"""URLs of the work part of a case, under /familier/ (app_name "followup" in urls.py)."""

from django.urls import path

from levekar.followup.work_views import mapping, meetings, plan, worklist

urlpatterns = [
    path("arbeidsliste/", worklist.worklist, name="worklist"),
    # Familiens plan
    path("<int:case_pk>/plan/", plan.plan, name="plan"),
    path("<int:case_pk>/plan/onsker/", plan.plan_wishes, name="plan_wishes"),
    path("<int:case_pk>/plan/mal/nytt/", plan.goal_create, name="goal_create"),
    path("<int:case_pk>/plan/mal/<int:goal_pk>/endre/", plan.goal_edit, name="goal_edit"),
    path("<int:case_pk>/plan/mal/<int:goal_pk>/tiltak/nytt/", plan.action_create,
         name="action_create"),
    path("<int:case_pk>/plan/tiltak/<int:action_pk>/status/", plan.action_status,
         name="action_status"),
    path("<int:case_pk>/plan/mal/<int:goal_pk>/barnets-stemme/", plan.child_voice_create,
         name="child_voice_create"),
    # Kartlegging and mulige rettigheter
    path("<int:case_pk>/kartlegging/", mapping.mapping_list, name="mapping_list"),
    path("<int:case_pk>/kartlegging/ny/", mapping.mapping_create, name="mapping_create"),
    path("<int:case_pk>/kartlegging/<int:pk>/", mapping.mapping_detail, name="mapping_detail"),
    path("<int:case_pk>/kartlegging/<int:pk>/endre/", mapping.mapping_edit, name="mapping_edit"),
    path("<int:case_pk>/rettigheter/", mapping.entitlements, name="entitlements"),
    # Kontakter og møter, oppgaver, tilbakemeldinger
    path("<int:case_pk>/moter/", meetings.meeting_list, name="meeting_list"),
    path("<int:case_pk>/moter/nytt/", meetings.meeting_create, name="meeting_create"),
    path("<int:case_pk>/moter/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:case_pk>/moter/<int:pk>/endre/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:case_pk>/moter/<int:pk>/tilbakemelding/", meetings.feedback_record,
         name="feedback_record"),
    path("<int:case_pk>/oppgaver/ny/", meetings.task_create, name="task_create"),
    path("<int:case_pk>/oppgaver/<int:pk>/gjort/", meetings.task_toggle, name="task_toggle"),
    path("<int:case_pk>/tilbakemeldinger/", meetings.feedback, name="feedback"),
]
