from django.urls import path

from levekar.minside import views

app_name = "minside"

urlpatterns = [
    path("", views.index, name="index"),
    path("innlogging/", views.login, name="login"),
    path("innlogging/tilbake/", views.callback, name="callback"),
    path("utlogging/", views.logout, name="logout"),
    path("utlogging/kanal/", views.frontchannel_logout, name="frontchannel_logout"),
    path("utlogget/", views.logged_out, name="logged_out"),
    path("person/<int:person_id>/", views.person, name="person"),
    path("ferie/<int:nomination_id>/takk-nei/", views.holiday_decline, name="holiday_decline"),
    path("lan/<int:loan_id>/forny/", views.loan_renew, name="loan_renew"),
    path("innsyn/", views.access_log, name="access_log"),
    path("reserver/", views.reserve, name="reserve"),
    path("tilgjengelighetserklaering/", views.accessibility, name="accessibility"),
]
