"""The pages: who may open them, what they do, and that their query count does not grow
with the size of the library."""

import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from levekar.core.audit import Purpose
from levekar.core.models import AuditEvent
from levekar.lending import services
from levekar.lending.models import Copy, Item, Loan, RepairReport
from levekar.lending.tests.conftest import grow

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- access ---------------------------------------------------------------------------

def test_the_catalogue_is_public_and_the_desk_needs_a_login(client, library):
    assert client.get("/utstyr/").status_code == 200
    assert client.get("/utstyr/slik-laner-du/").status_code == 200
    response = client.get("/utstyr/utlan/")
    assert response.status_code == 302 and response["Location"].startswith("/logg-inn/")


@pytest.mark.parametrize("username", ["koordinator1", "nav1", "analytiker1", "planeier1"])
def test_other_roles_are_refused_at_the_desk_with_an_audit_event(client_as, library, username):
    response = client_as(username).get("/utstyr/utlan/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="denied", actor__username=username,
                                     path="/utstyr/utlan/").exists()


@pytest.mark.parametrize("username", ["utlan1", "planeier1", "analytiker1"])
def test_statistics_are_for_the_desk_the_plan_owner_and_analysts(client_as, library,
                                                                 username):
    assert client_as(username).get("/utstyr/utlan/statistikk/").status_code == 200


def test_a_coordinator_cannot_open_the_statistics(client_as, library):
    assert client_as("koordinator1").get("/utstyr/utlan/statistikk/").status_code == 403


# --- the public catalogue -------------------------------------------------------------

def test_searching_ski_130_shows_free_pairs_per_lending_point(client, library, people,
                                                             lending_desk):
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1010],
                        location=library.centre)
    response = client.get("/utstyr/", {"q": "ski 130 cm"})
    html = response.content.decode()
    assert "Langrennsski, 130 cm" in html and "Langrennsski, 150 cm" not in html
    assert "1 treff" in html
    assert "2 ledige" in html and "Lillestrøm bibliotek" in html
    assert "Ingen ledige nå" in html and "ventes tilbake" in html


def test_an_overdue_copy_is_shown_as_overdue_not_as_expected_on_a_past_day(
        client, library, people, lending_desk):
    import datetime as dt

    from django.utils import timezone
    weeks_ago = timezone.now() - dt.timedelta(days=21)
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1050],
                        location=library.library, now=weeks_ago)
    html = client.get(f"/utstyr/{library.skis150.pk}/").content.decode()
    assert "forfalt" in html and "ventes tilbake" not in html
    english = client.get(f"/utstyr/{library.skis150.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "overdue" in english.content.decode()


def test_the_expected_day_is_written_in_the_pages_language(client, library, people,
                                                          lending_desk):
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1050],
                        location=library.library)
    due = people.father.loans.get().due_on
    english = client.get(f"/utstyr/{library.skis150.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert f"expected back {due:%B} {due.day}" in english.content.decode()
    norwegian = client.get(f"/utstyr/{library.skis150.pk}/").content.decode()
    assert f"ventes tilbake {due.day}." in norwegian


def test_the_catalogue_filters_by_category_size_and_age(client, library):
    def names(**params):
        response = client.get("/utstyr/", params)
        return sorted(str(item) for item, _ in response.context["rows"])

    assert names(category="tur") == ["Sovepose, Barn"]
    assert names(size="150") == ["Langrennsski, 150 cm"]
    assert names(size="m") == ["Sykkelhjelm, M"]
    assert names(q="ski", age=12) == ["Langrennsski, 150 cm", "Skistaver, 100 cm"]


def test_the_catalogue_speaks_english_when_asked(client, library):
    response = client.get("/utstyr/", {"q": "helmet"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Bicycle helmet, M" in html and "25 free" in html
    assert "Borrow sports and leisure equipment" in html


def test_an_uploaded_photo_is_checked_and_served(client_as, library, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    desk = client_as("utlan1")
    url = f"/utstyr/utlan/utstyr/{library.skis.pk}/endre/"
    base = {"category": library.winter.pk, "name": "Langrennsski", "size": "130 cm",
            "active": "on"}
    fake = SimpleUploadedFile("ski.png", b"<script>alert(1)</script>", "image/png")
    response = desk.post(url, {**base, "photo_upload": fake})
    assert response.status_code == 200
    assert "Filen er ikke et ekte JPEG-, PNG- eller WebP-bilde." in response.content.decode()
    wrong_type = SimpleUploadedFile("ski.gif", b"GIF89a....", "image/gif")
    response = desk.post(url, {**base, "photo_upload": wrong_type})
    assert "Bildet må være en JPEG-, PNG- eller WebP-fil." in response.content.decode()
    assert not Item.objects.get(pk=library.skis.pk).photo

    response = desk.post(url, {**base, "photo_upload": SimpleUploadedFile("ski.png", PNG)})
    assert response.status_code == 302
    item = Item.objects.get(pk=library.skis.pk)
    assert item.photo.name.endswith(".png")
    photo = desk.get(f"/utstyr/{item.pk}/bilde/")
    assert photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content) == PNG


# --- the desk -------------------------------------------------------------------------

def test_registering_a_borrower_at_the_desk(client_as, library):
    desk = client_as("utlan1")
    response = desk.post("/utstyr/utlan/lantakere/ny/", {
        "kind": "person", "name": "Jonas Berg", "phone": "912", "language": "nb"})
    assert "«912» er ikke et gyldig norsk telefonnummer" in response.content.decode()
    response = desk.post("/utstyr/utlan/lantakere/ny/", {
        "kind": "person", "name": "Jonas Berg", "phone": "912 34 567", "language": "nb"})
    assert response.status_code == 302
    assert "Jonas Berg er registrert med lånekortnummer" in texts(response)[0]


def test_opening_a_borrower_is_audited(client_as, library, people):
    client_as("utlan1").get(f"/utstyr/utlan/lantakere/{people.father.pk}/")
    event = AuditEvent.objects.filter(action="view", object_type="lending.borrower").first()
    assert (event.object_id, event.purpose) == (str(people.father.pk), Purpose.BORROWER_PAGE)
    assert not event.subjects.exists()


def test_lending_and_returning_through_the_desk_pages(client_as, library, people):
    desk = client_as("utlan1")
    url = f"/utstyr/utlan/lantakere/{people.father.pk}/lan/"
    response = desk.post(url, {"copies": "1001, 2001", "due_on": ""})
    assert response.status_code == 302
    assert texts(response) == [
        f"2 eksemplarer lånt ut til Jonas Berg, levering "
        f"{Loan.objects.first().due_on:%d.%m.%Y}."]
    response = desk.post(url, {"copies": "1001"}, follow=True)
    assert "Allerede utlånt: eksemplar 1001 (Langrennsski, 130 cm)." in \
        response.content.decode()
    response = desk.post("/utstyr/utlan/retur/", {
        "copies": "1001", "condition": "in_repair", "damage": "Bindingen er knekt"})
    assert texts(response) == [
        "1 eksemplar levert fra Jonas Berg.",
        "Sendt til verkstedet: 1001 (Langrennsski, 130 cm)."]
    assert RepairReport.objects.get(copy__number=1001).description == "Bindingen er knekt"
    response = desk.get("/utstyr/utlan/verksted/")
    assert "Bindingen er knekt" in response.content.decode()


def test_a_class_set_through_the_desk_page(client_as, library, people):
    desk = client_as("utlan1")
    response = desk.get(f"/utstyr/utlan/lantakere/{people.school.pk}/")
    assert "Lån ut klassesett" in response.content.decode()
    response = desk.post(f"/utstyr/utlan/lantakere/{people.school.pk}/klassesett/", {
        "item": library.helmet.pk, "count": 25, "due_on": "", "note": "Aktivitetsdag 5B"})
    assert texts(response) == ["Klassesett lånt ut: 25 × Sykkelhjelm, M, eksemplarnummer "
                               "3001–3025."]
    assert Loan.objects.filter(borrower=people.school, returned_at__isnull=True).count() == 25
    checkout = Loan.objects.filter(borrower=people.school).first().checkout
    response = desk.post(f"/utstyr/utlan/utlansoperasjon/{checkout.pk}/lever/")
    assert texts(response)[-1] == "25 eksemplarer levert."
    assert not Loan.objects.filter(returned_at__isnull=True).exists()


def test_the_overdue_page_sends_reminders(client_as, library, people, settings):
    from levekar.core import messaging

    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    messaging.memory_outbox().clear()
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    services.loans_lend(actor=None, borrower=people.father, copy_numbers=[1001],
                        location=library.library, now=long_ago)
    desk = client_as("utlan1")
    response = desk.get("/utstyr/utlan/forfalt/")
    assert "1 forfalt lån" in response.content.decode()
    response = desk.post("/utstyr/utlan/forfalt/")
    assert texts(response) == ["1 påminnelse sendt."]
    messaging.send_due()  # the outbox job, after the page's transaction committed
    assert messaging.memory_outbox()[0][0] == "+4791234567"
    messaging.memory_outbox().clear()


def test_statistics_download_as_csv_and_xlsx(client_as, library, people, lending_desk):
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1001],
                        location=library.library)
    year = Loan.objects.get().lent_on.year
    stats = client_as("planeier1")
    csv_text = stats.get("/utstyr/utlan/statistikk/", {"year": year, "last_ned": "csv"}) \
        .content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0] == "Kategori;Måned;Utlån"
    month = Loan.objects.get().lent_on.month
    assert sum(int(line.split(";")[2]) for line in lines[1:]) == 1
    assert len(lines) == 1 + 3 * 12 and month
    xlsx = stats.get("/utstyr/utlan/statistikk/", {"year": year, "last_ned": "xlsx"})
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["Oppsummering", "Per måned", "Per kategori",
                             "Kategori og måned", "Per utstyr"]
    summary = {row[0]: row[1] for row in wb["Oppsummering"].iter_rows(min_row=2,
                                                                      values_only=True)}
    # One borrower is too few to show: suppressed.
    assert summary["Utlån"] == 1 and summary["Unike låntakere"] == ":"


# --- a constant number of queries, whatever the size ----------------------------------

def _sizes(library, check):
    check()
    grow(library, items=40, copies_per_item=6, loans_per_copy=4, borrowers=60)
    check()


def test_the_catalogue_uses_the_same_queries_for_a_small_and_a_big_library(
        client, library, django_assert_max_num_queries):
    def check():
        # The hits are counted in the page's own query (no query of Paginator's count).
        with django_assert_max_num_queries(7):
            assert client.get("/utstyr/", {"q": "cm"}).status_code == 200
        # A word: on SQLite one more query, the FTS5 vocabulary for near-misses.
        with django_assert_max_num_queries(8):
            assert client.get("/utstyr/", {"q": "ski 130"}).status_code == 200
        with django_assert_max_num_queries(7):
            assert client.get(f"/utstyr/{library.skis.pk}/").status_code == 200

    _sizes(library, check)
    assert Item.objects.count() > 40


def test_desk_pages_use_the_same_queries_for_a_small_and_a_big_library(
        client_as, library, people, lending_desk, django_assert_max_num_queries):
    desk = client_as("utlan1")

    def check():
        services.loans_lend(actor=lending_desk, borrower=people.father,
                            copy_numbers=[Copy.objects.filter(loans__isnull=True)
                                          .values_list("number", flat=True).last()],
                            location=library.library)
        with django_assert_max_num_queries(14):
            assert desk.get("/utstyr/utlan/", {"q": "låntaker"}).status_code == 200
        with django_assert_max_num_queries(14):
            assert desk.get("/utstyr/utlan/", {"q": "4000"}).status_code == 200
        with django_assert_max_num_queries(16):
            assert desk.get(f"/utstyr/utlan/lantakere/{people.father.pk}/").status_code == 200
        with django_assert_max_num_queries(12):
            assert desk.get("/utstyr/utlan/forfalt/").status_code == 200
        with django_assert_max_num_queries(12):
            assert desk.get("/utstyr/utlan/reservasjoner/").status_code == 200
        with django_assert_max_num_queries(12):
            assert desk.get("/utstyr/utlan/verksted/").status_code == 200
        with django_assert_max_num_queries(12):
            assert desk.get("/utstyr/utlan/utstyr/").status_code == 200
        with django_assert_max_num_queries(14):
            assert desk.get(f"/utstyr/utlan/utstyr/{library.helmet.pk}/").status_code == 200
        with django_assert_max_num_queries(16):
            assert desk.get("/utstyr/utlan/statistikk/").status_code == 200

    _sizes(library, check)
    assert Loan.objects.count() > 900


def test_the_live_search_returns_only_the_results_and_is_audited(client_as, library, people):
    desk = client_as("utlan1")
    response = desk.get("/utstyr/utlan/", {"q": "berg"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Jonas Berg" in html and "912 34 567" in html
    assert AuditEvent.objects.filter(action="view", detail="søk etter låntaker (1 treff)") \
        .exists()
    assert "Ingen låntaker passer." in desk.get("/utstyr/utlan/", {"q": "zz"}).content.decode()
    # A single letter does not search (and reads nobody's data).
    assert desk.get("/utstyr/utlan/", {"q": "b"}).context["results"] is None


def test_reserving_stepping_back_and_cancelling_at_the_desk(client_as, library, people,
                                                            lending_desk):
    services.loans_lend(actor=lending_desk, borrower=people.school, copy_numbers=[1001, 1002],
                        location=library.library)
    desk = client_as("utlan1")
    url = f"/utstyr/utlan/utstyr/{library.skis.pk}/reserver/"
    for who in (people.mother, people.father):
        response = desk.post(url, {"borrower": who.pk, "location": library.library.pk})
        assert texts(response)[-1] == f"{who.name} står i kø for Langrennsski, 130 cm."
    response = desk.post(url, {"borrower": 9999, "location": library.library.pk})
    assert texts(response)[-1] == "Ingen låntaker har lånekortnummer 9999."
    holds = desk.get("/utstyr/utlan/reservasjoner/")
    assert [r.borrower.name for r in holds.context["overview"].waiting] == [
        "Amina Said", "Jonas Berg"]
    first = holds.context["overview"].waiting[0]
    response = desk.post(f"/utstyr/utlan/reservasjoner/{first.pk}/slipp-foran/")
    assert texts(response)[-1] == "Amina Said har sluppet neste i køen foran."
    holds = desk.get("/utstyr/utlan/reservasjoner/")
    assert [r.borrower.name for r in holds.context["overview"].waiting] == [
        "Jonas Berg", "Amina Said"]
    response = desk.post(f"/utstyr/utlan/reservasjoner/{first.pk}/avbestill/")
    assert texts(response)[-1] == "Reservasjonen er avbestilt."


def test_keeping_the_inventory_at_the_desk(client_as, library):
    desk = client_as("utlan1")
    response = desk.post("/utstyr/utlan/utstyr/ny/", {
        "category": library.winter.pk, "name": "Truger", "name_en": "Snowshoes",
        "size": "Voksen", "age_min": 12, "description": "Med staver."})
    item = Item.objects.get(name="Truger")
    assert response.status_code == 302 and item.size == "Voksen" and item.active
    response = desk.post(f"/utstyr/utlan/utstyr/{item.pk}/eksemplarer/", {
        "count": 3, "first_number": "", "location": library.centre.pk})
    assert texts(response)[-1] == "3 eksemplarer lagt til: nummer 4002–4004."
    copy = Copy.objects.get(number=4003)
    response = desk.post(f"/utstyr/utlan/eksemplar/{copy.pk}/", {
        f"c{copy.pk}-condition": "discarded", f"c{copy.pk}-location": library.centre.pk,
        f"c{copy.pk}-note": "Knekt ramme"})
    assert texts(response)[-1] == "Eksemplar 4003 er lagret."
    copy.refresh_from_db()
    assert (copy.condition, copy.note) == ("discarded", "Knekt ramme")
    other = Copy.objects.get(number=4004)
    response = desk.post(f"/utstyr/utlan/eksemplar/{other.pk}/skade/", {
        f"d{other.pk}-description": "Løs reim"})
    assert texts(response)[-1] == "Eksemplar 4004 er sendt til verkstedet."
    report = RepairReport.objects.get(copy=other)
    response = desk.post(f"/utstyr/utlan/verksted/{report.pk}/", {
        f"r{report.pk}-outcome": "repaired", f"r{report.pk}-condition": "worn",
        f"r{report.pk}-note": "Ny reim"})
    assert texts(response)[-1] == "Eksemplar 4004 er reparert og tilbake i bruk."
    other.refresh_from_db()
    assert other.condition == "worn"
    page = desk.get(f"/utstyr/utlan/utstyr/{item.pk}/").content.decode()
    assert "På hylla, Strømmen frivilligsentral" in page and "Kassert" in page


def test_changing_and_deleting_a_borrower_at_the_desk(client_as, library, people):
    desk = client_as("utlan1")
    url = f"/utstyr/utlan/lantakere/{people.mother.pk}/"
    response = desk.post(url + "endre/", {"name": "Amina Said", "phone": "98 76 54 32",
                                          "email": "", "language": "en"})
    assert texts(response)[-1] == "Opplysningene er lagret."
    people.mother.refresh_from_db()
    assert (people.mother.phone, people.mother.email, people.mother.language) == (
        "98765432", "", "en")
    assert "slettes" in desk.get(url + "slett/").content.decode()
    response = desk.post(url + "slett/")
    assert response["Location"] == "/utstyr/utlan/"
    assert "Personopplysningene til 1 låntaker er slettet." in texts(response)[-1]
    assert desk.get(url).status_code == 404


def test_the_desk_chooses_its_lending_point(client_as, library, people, lending_desk):
    desk = client_as("utlan1")
    response = desk.post("/utstyr/utlan/utlanssted/", {"point": library.centre.pk})
    assert texts(response)[-1] == "Du jobber nå på Strømmen frivilligsentral."
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1001],
                        location=library.library)
    desk.post("/utstyr/utlan/retur/", {"copies": "1001", "condition": "good"})
    assert Copy.objects.get(number=1001).location == library.centre


def test_the_label_sheet_has_a_barcode_and_a_qr_code_per_copy(client_as, library,
                                                              django_assert_max_num_queries):
    from levekar.lending.models import Condition, Copy

    Copy.objects.filter(number=1002).update(condition=Condition.DISCARDED)
    desk = client_as("utlan1")
    with django_assert_max_num_queries(12):
        page = desk.get(f"/utstyr/utlan/utstyr/{library.skis.pk}/etiketter/")
    html = page.content.decode()
    assert 'data-testid="label-1001"' in html and 'data-testid="label-1010"' in html
    assert 'data-testid="label-1002"' not in html  # discarded: no label
    assert html.count('class="lk-label"') == 2
    assert html.count("<svg") == 4 and "style=" not in html.split("<ul class=\"lk-labels\"")[1]
    assert client_as("fritid1").get(
        f"/utstyr/utlan/utstyr/{library.skis.pk}/etiketter/").status_code == 403


def test_scanning_a_number_and_enter_lends_it(client_as, library, people):
    """A scanner types the number and Enter: the field has focus and one POST lends."""
    desk = client_as("utlan1")
    page = desk.get(f"/utstyr/utlan/lantakere/{people.father.pk}/")
    assert 'name="copies"' in page.content.decode() and "autofocus" in page.content.decode()
    desk.post(f"/utstyr/utlan/lantakere/{people.father.pk}/lan/",
              {"copies": "1001", "due_on": "", "on_behalf_of": ""})
    assert people.father.loans.filter(copy__number=1001, returned_at__isnull=True).exists()
    page = desk.get("/utstyr/utlan/retur/")
    assert "autofocus" in page.content.decode()


def test_words_that_mean_different_things_elsewhere_are_translated_in_context(
        client, library):
    """«Closed» is «Avsluttet» for a case in the follow-up, «Stengt» for opening hours."""
    page = client.get("/utstyr/slik-laner-du/").content.decode()
    assert "Stengt" in page and "Avsluttet" not in page
    from django.utils import translation

    # Looked up through variables: literal pgettext calls here would be collected into
    # this app's catalogue by makemessages.
    cases = [("opening hours", "Closed", "Stengt"), ("position in the queue", "Place", "Plass"),
             ("where an offer is held", "Place", "Sted"), ("repair finished", "Done", "Ferdig")]
    with translation.override("nb"):
        assert [translation.pgettext(ctx, word) for ctx, word, _nb in cases] == [
            nb for _ctx, _word, nb in cases]
