from django.urls import include, path

app_name = "followup"

# The case and its access (urls_case) and the work done in it (urls_work).
urlpatterns = [
    path("", include("levekar.followup.urls_case")),
    path("", include("levekar.followup.urls_work")),
]
