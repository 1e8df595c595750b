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
    path("person/<int:person_id>/sok-aktivitetskort/", views.card_apply, name="card_apply"),
    path("soknad/<int:application_id>/", views.card_application, name="card_application"),
    path("ferie/<int:nomination_id>/takk-nei/", views.holiday_decline, name="holiday_decline"),
    path("ferie/<int:nomination_id>/takk-ja/", views.holiday_accept, name="holiday_accept"),
    path("ferie/<int:nomination_id>/trekk-samtykke/", views.holiday_contact_withdraw,
         name="holiday_contact_withdraw"),
    path("familien/<int:case_id>/plan/", views.family_plan, name="family_plan"),
    path("familien/<int:case_id>/plan.pdf", views.family_plan_pdf, name="family_plan_pdf"),
    path("familien/<int:case_id>/samtykke/", views.family_consents, name="family_consents"),
    path("familien/<int:case_id>/samtykke/<int:grant_id>/trekk-tilbake/",
         views.family_consent_withdraw, name="family_consent_withdraw"),
    path("lan/<int:loan_id>/forny/", views.loan_renew, name="loan_renew"),
    path("innsyn/", views.access_log, name="access_log"),
    path("reserver/", views.reserve, name="reserve"),
    path("tilgjengelighetserklaering/", views.accessibility, name="accessibility"),
]
