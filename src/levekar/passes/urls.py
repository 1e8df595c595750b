"""/fritid/: activity passes, clubs and refunds, uptake and reminders, holiday offers."""

from django.urls import path

from levekar.passes import views

app_name = "passes"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ordninger/ny/", views.scheme_create, name="scheme_create"),
    path("ordninger/<slug:code>/", views.scheme_detail, name="scheme_detail"),
    path("ordninger/<slug:code>/endre/", views.scheme_edit, name="scheme_edit"),
    path("ordninger/<slug:code>/regler/ny/", views.rule_set_create, name="rule_set_create"),
    path("ordninger/<slug:code>/regler/<int:rule_set_id>/avslutt/", views.rule_set_close,
         name="rule_set_close"),
    path("ordninger/<slug:code>/utsted/", views.issue, name="issue"),
    path("ordninger/<slug:code>/kjoring/<int:run_id>/", views.run_detail, name="run_detail"),
    path("ordninger/<slug:code>/<int:year>/brev/", views.letters, name="letters"),
    path("ordninger/<slug:code>/<int:year>/brev/<int:household_id>.pdf", views.letter_pdf,
         name="letter_pdf"),
    path("kort/", views.cards, name="cards"),
    path("kort/<int:pk>/", views.card_detail, name="card_detail"),
    path("kort/<int:pk>/sperr/", views.card_block, name="card_block"),
    path("klubber/", views.clubs, name="clubs"),
    path("klubber/<int:club_id>/", views.club_detail, name="club_detail"),
    path("klubber/<int:club_id>/ny-lenke/", views.club_renew, name="club_renew"),
    path("klubb/<str:token>/", views.club_public, name="club_public"),
    path("refusjoner/", views.refunds, name="refunds"),
    path("refusjoner/godkjenn/", views.refunds_approve, name="refunds_approve"),
    path("refusjoner/<int:use_id>/avvis/", views.refund_reject, name="refund_reject"),
    path("refusjoner/eksport/", views.refunds_export, name="refunds_export"),
    path("refusjoner/eksport/<int:export_id>.csv", views.refund_export_download,
         name="refund_export_download"),
    path("bruk/", views.uptake, name="uptake"),
    path("paminnelser/", views.reminders, name="reminders"),
    path("paminnelser/<int:run_id>/", views.reminder_run, name="reminder_run"),
    path("paminnelser/<int:run_id>/<int:household_id>.pdf", views.reminder_letter,
         name="reminder_letter"),
    path("ferie/", views.offers, name="offers"),
    path("ferie/ny/", views.offer_create, name="offer_create"),
    path("ferie/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("ferie/<int:offer_id>/nominer/", views.nominate, name="nominate"),
    path("ferie/<int:offer_id>/fordel/", views.allocate, name="allocate"),
    path("ferie/<int:offer_id>/nominasjon/<int:nomination_id>/takk-nei/", views.decline,
         name="decline"),
    path("ferie/<int:offer_id>/nominasjon/<int:nomination_id>/flytt/", views.move,
         name="move"),
    path("ferie/<int:offer_id>/liste-<str:which>.csv", views.offer_list_csv,
         name="offer_list_csv"),
]
