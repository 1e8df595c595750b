"""URLs of the case part (included by ``urls.py`` under /familier/, namespace followup)."""

from django.urls import path

from levekar.followup import views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("ny/", views.case_create, name="case_create"),
    path("bti/", views.bti_overview, name="bti_overview"),
    path("bti/nodtilganger/", views.break_glass_list, name="break_glass_list"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/status/", views.case_status, name="case_status"),
    path("<int:pk>/husstand/ny/", views.member_add, name="member_add"),
    path("<int:pk>/samtykke/", views.consent_list, name="consent_list"),
    path("<int:pk>/samtykke/ny/", views.consent_create, name="consent_create"),
    path("<int:pk>/samtykke/<int:consent_pk>/trekk-tilbake/", views.consent_withdraw,
         name="consent_withdraw"),
    path("<int:pk>/bti/", views.bti_level, name="bti_level"),
    path("<int:pk>/individuell-plan/", views.individual_plan, name="individual_plan"),
    path("<int:pk>/innsynslogg/", views.access_log, name="access_log"),
    path("<int:pk>/nodtilgang/", views.break_glass, name="break_glass"),
    path("personer/<int:person_pk>/innsyn.json", views.person_export_json,
         name="person_export_json"),
    path("personer/<int:person_pk>/innsyn.pdf", views.person_export_pdf,
         name="person_export_pdf"),
]
