from django.urls import path

from levekar.plans import public_views

app_name = "plans_public"

urlpatterns = [
    path("", public_views.plan_list, name="plan_list"),
    path("<slug:plan>/", public_views.plan_detail, name="plan_detail"),
]
