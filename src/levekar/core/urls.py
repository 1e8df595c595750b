from django.urls import path

from levekar.core import views

app_name = "core"

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-inn/sso/", views.sso_login, name="sso_login"),
    path("logg-inn/sso/tilbake/", views.sso_callback, name="sso_callback"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path("logg-ut/sso/kanal/", views.sso_frontchannel_logout, name="sso_frontchannel_logout"),
    path("logg-inn/kode/", views.otp_verify, name="otp_verify"),
    path("to-trinn/", views.otp_setup, name="otp_setup"),
    path("passord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("revisjon/", views.audit_search, name="audit_search"),
    path("drift/", views.operations, name="operations"),
    path("drift/<int:job_id>/kjor-igjen/", views.operations_rerun, name="operations_rerun"),
    path("jobber/<int:job_id>/", views.job_progress, name="job_progress"),
]
