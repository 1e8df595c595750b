"""/utstyr/: the public catalogue; /utstyr/utlan/: the lending desk (role «utlan»)."""

from django.urls import path

from levekar.lending.views import backoffice, desk, importing, public, stats

app_name = "lending"

urlpatterns = [
    # Public, no login
    path("", public.catalogue, name="catalogue"),
    path("<int:pk>/", public.item_detail, name="item"),
    path("<int:pk>/bilde/", public.item_photo, name="item_photo"),
    path("slik-laner-du/", public.how_to_borrow, name="how_to_borrow"),
    # The desk
    path("utlan/", desk.desk_home, name="desk"),
    path("utlan/utlanssted/", desk.desk_point, name="desk_point"),
    path("utlan/lantakere/ny/", desk.borrower_new, name="borrower_new"),
    path("utlan/lantakere/<int:pk>/", desk.borrower_detail, name="borrower"),
    path("utlan/lantakere/<int:pk>/endre/", desk.borrower_edit, name="borrower_edit"),
    path("utlan/lantakere/<int:pk>/barn/", desk.borrower_add_child, name="borrower_add_child"),
    path("utlan/lantakere/<int:pk>/slett/", desk.borrower_delete, name="borrower_delete"),
    path("utlan/lantakere/<int:pk>/lan/", desk.lend, name="lend"),
    path("utlan/lantakere/<int:pk>/klassesett/", desk.class_set, name="class_set"),
    path("utlan/lan/<int:pk>/forny/", desk.loan_renew, name="loan_renew"),
    path("utlan/utlansoperasjon/<int:pk>/lever/", desk.checkout_return,
         name="checkout_return"),
    path("utlan/retur/", desk.return_desk, name="return"),
    path("utlan/forfalt/", backoffice.overdue, name="overdue"),
    path("utlan/reservasjoner/", backoffice.holds, name="holds"),
    path("utlan/reservasjoner/<int:pk>/avbestill/", backoffice.reservation_cancel,
         name="reservation_cancel"),
    path("utlan/reservasjoner/<int:pk>/slipp-foran/", backoffice.reservation_step_back,
         name="reservation_step_back"),
    path("utlan/verksted/", backoffice.workshop, name="workshop"),
    path("utlan/verksted/<int:pk>/", backoffice.repair_resolve, name="repair_resolve"),
    path("utlan/eksemplar/<int:pk>/", backoffice.copy_edit, name="copy_edit"),
    path("utlan/eksemplar/<int:pk>/klar/", backoffice.copy_ready, name="copy_ready"),
    path("utlan/eksemplar/<int:pk>/skade/", backoffice.copy_damage, name="copy_damage"),
    path("utlan/utstyr/", backoffice.inventory, name="inventory"),
    path("utlan/utstyr/import/", importing.inventory_import, name="inventory_import"),
    path("utlan/utstyr/ny/", backoffice.item_form, name="item_new"),
    path("utlan/utstyr/<int:pk>/", backoffice.inventory_item, name="inventory_item"),
    path("utlan/utstyr/<int:pk>/endre/", backoffice.item_form, name="item_edit"),
    path("utlan/utstyr/<int:pk>/eksemplarer/", backoffice.copies_add, name="copies_add"),
    path("utlan/utstyr/<int:pk>/etiketter/", backoffice.copy_labels, name="copy_labels"),
    path("utlan/utstyr/<int:item_pk>/reserver/", backoffice.reservation_new,
         name="reservation_new"),
    path("utlan/statistikk/", stats.usage, name="stats"),
]
