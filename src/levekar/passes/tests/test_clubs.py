"""Clubs register card use behind a secret link; refunds up to the cap; export for payment."""

import csv
import datetime as dt
import io
import re

import pytest

from levekar.core.errors import Conflict, InvalidInput
from levekar.core.models import AuditEvent
from levekar.passes import codes
from levekar.passes.models import ActivityPass, Club, PassUse, RefundExport
from levekar.passes.services import (
    club_create,
    club_token_renew,
    pass_use_register,
    passes_issue,
    refund_export_csv,
    refunds_approve,
    refunds_export,
)
from levekar.passes.tests.conftest import YEAR


@pytest.fixture
def club(municipality, zones):
    club, _token = club_create(municipality=municipality, name="Strømmen IF",
                              org_number="971277882", account_number="12345678903",
                              zone=zones["3205-03"], activities="Fotball", token="hemmelig-1")
    return club


@pytest.fixture
def cards(scheme, make_household):
    make_household(children=[10, 8], income=150_000)
    passes_issue(scheme=scheme, year=YEAR)
    return list(ActivityPass.objects.order_by("pk"))


def test_the_link_token_is_stored_only_as_a_hash_and_can_be_renewed(club, client):
    assert "hemmelig-1" not in Club.objects.filter(pk=club.pk).values_list(
        "token_hash", flat=True)[0]
    assert client.get("/fritid/klubb/hemmelig-1/").status_code == 200
    new = club_token_renew(club=club)
    assert client.get("/fritid/klubb/hemmelig-1/").status_code == 404
    page = client.get(f"/fritid/klubb/{new}/")
    assert page.status_code == 200 and "Strømmen IF" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin" and page["Cache-Control"] == "no-store"


def test_a_wrong_link_shows_a_plain_message(client, club):
    response = client.get("/fritid/klubb/gjettet/")
    assert response.status_code == 404
    assert "Lenken virker ikke" in response.content.decode()


def test_a_club_registers_a_card_for_a_fee_through_its_page(client, club, cards):
    card = cards[0]
    response = client.post("/fritid/klubb/hemmelig-1/", {
        "code": codes.display(card.code).lower(), "fee": 1200, "activity": "Fotball høst"},
        follow=True)
    page = response.content.decode()
    assert f"Registrert: kort {codes.display(card.code)}, 1200 kr" in page
    use = PassUse.objects.get()
    assert (use.club, use.activity_pass, use.fee, use.status) == (club, card, 1200, "pending")
    card.refresh_from_db()
    assert card.first_used_at is not None
    event = AuditEvent.objects.get(object_type="passes.passuse")
    assert event.actor_username == f"klubb:{club.pk}"
    assert list(event.subjects.values_list("person_id", flat=True)) == [card.person_id]
    assert card.person.first_name not in page  # the club sees codes, never names


@pytest.mark.parametrize(("code", "message"), [
    ("ABCD-EFGH-JK", "Kortkoden er ikke gyldig"),
    ("", "Feltet er påkrevet."),
])
def test_a_bad_code_is_refused_with_a_norwegian_message(client, club, cards, code, message):
    response = client.post("/fritid/klubb/hemmelig-1/", {"code": code, "fee": 500})
    assert message in response.content.decode()
    assert not PassUse.objects.exists()


def test_an_unknown_valid_code_and_last_years_card_are_refused(club, cards):
    unknown = codes.new_code()
    with pytest.raises(InvalidInput) as err:
        pass_use_register(club=club, code=unknown, fee=500)
    assert "Fant ikke noe kort" in err.value.summary()
    with pytest.raises(InvalidInput) as err:
        pass_use_register(club=club, code=cards[0].code, fee=500,
                          now=dt.datetime(YEAR + 1, 2, 1, 12, tzinfo=dt.UTC))
    assert f"gjaldt for {YEAR}" in err.value.summary()


def test_the_same_registration_twice_on_one_day_is_refused(club, cards):
    pass_use_register(club=club, code=cards[0].code, fee=500, activity="Fotball")
    with pytest.raises(Conflict):
        pass_use_register(club=club, code=cards[0].code, fee=500, activity="Fotball")


def test_refunds_are_approved_up_to_the_yearly_cap_per_child(club, cards, leisure_office):
    # The scheme's cap is 1 000 kr per child and year.
    first = pass_use_register(club=club, code=cards[0].code, fee=700, activity="Fotball")
    second = pass_use_register(club=club, code=cards[0].code, fee=600, activity="Håndball")
    third = pass_use_register(club=club, code=cards[0].code, fee=100, activity="Cup")
    other_child = pass_use_register(club=club, code=cards[1].code, fee=1000, activity="Fotball")
    assert refunds_approve(actor=leisure_office) == (3, 1)
    for use in (first, second, third, other_child):
        use.refresh_from_db()
    assert (first.status, first.approved_amount) == ("approved", 700)
    assert (second.status, second.approved_amount) == ("approved", 300)
    assert "Avkortet" in second.decision_note
    assert (third.status, third.approved_amount) == ("rejected", None)
    assert "tak" in third.decision_note
    assert (other_child.status, other_child.approved_amount) == ("approved", 1000)
    # A claim later in the year finds the cap already used up.
    later = pass_use_register(club=club, code=cards[0].code, fee=50, activity="Kurs")
    assert refunds_approve(actor=leisure_office) == (0, 1)
    later.refresh_from_db()
    assert later.status == "rejected"


def test_the_refunds_page_shows_what_is_left_of_each_childs_cap(client_as, club, cards,
                                                                leisure_office):
    # Cap 1 000 kr: the first child has 700 approved, so 300 is left; the second has all.
    pass_use_register(club=club, code=cards[0].code, fee=700, activity="Fotball")
    refunds_approve(actor=leisure_office)
    pass_use_register(club=club, code=cards[0].code, fee=600, activity="Håndball")
    pass_use_register(club=club, code=cards[1].code, fee=200, activity="Sommercup")
    page = client_as("fritid1").get("/fritid/refusjoner/").content.decode()

    def fee_and_left(activity):
        row = page.split(f"<td>{activity}</td>")[1].split("</tr>")[0]
        return [re.sub(r"\D", "", c) for c in re.findall(r'<td class="lk-num">([^<]*)</td>', row)]

    assert fee_and_left("Håndball") == ["600", "300"]
    assert fee_and_left("Sommercup") == ["200", "1000"]


def test_approved_refunds_are_exported_once_one_line_per_claim_with_club_totals(
        club, cards, leisure_office, municipality):
    other, _t = club_create(municipality=municipality, name="Musikkorpset")
    pass_use_register(club=club, code=cards[0].code, fee=400, activity="Fotball")
    pass_use_register(club=club, code=cards[1].code, fee=300, activity="Håndball")
    pass_use_register(club=other, code=cards[1].code, fee=200, activity="Korps")
    refunds_approve(actor=leisure_office)
    export = refunds_export(actor=leisure_office)
    assert (export.total_amount, export.use_count, export.club_count) == (900, 3, 2)
    text = refund_export_csv(export)
    assert text.startswith("\ufefflinje;")  # one byte-order mark, for Excel
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [(r["linje"], r["klubb"], r["kontonummer"], r["kort"] != "", r["aktivitet"],
             r["krevd_kr"], r["betalt_kr"], r["antall"]) for r in rows] == [
        ("krav", "Musikkorpset", "", True, "Korps", "200", "200", ""),
        ("sum klubb", "Musikkorpset", "", False, "", "200", "200", "1 krav"),
        ("krav", "Strømmen IF", "12345678903", True, "Fotball", "400", "400", ""),
        ("krav", "Strømmen IF", "12345678903", True, "Håndball", "300", "300", ""),
        ("sum klubb", "Strømmen IF", "12345678903", False, "", "700", "700", "2 krav")]
    with pytest.raises(Conflict):
        refunds_export(actor=leisure_office)
    assert RefundExport.objects.count() == 1
    assert AuditEvent.objects.filter(action="export", object_type="passes.refundexport").exists()


def test_a_capped_claim_reconciles_on_the_club_page_and_in_the_payment_file(
        client, client_as, club, cards, leisure_office):
    # The cap is 1 000 kr per child: a 600 kr claim after 500 kr is paid 500 kr, and a
    # claim after that nothing — and the club sees both what it claimed and what is paid.
    pass_use_register(club=club, code=cards[0].code, fee=500, activity="Fotball")
    refunds_approve(actor=leisure_office)
    capped = pass_use_register(club=club, code=cards[0].code, fee=600, activity="Cup")
    none_left = pass_use_register(club=club, code=cards[0].code, fee=100, activity="Kurs")
    refunds_approve(actor=leisure_office)
    capped.refresh_from_db()
    none_left.refresh_from_db()
    assert (capped.fee, capped.paid_amount, capped.capped) == (600, 500, True)
    assert (none_left.paid_amount, none_left.capped) == (0, True)

    page = client.get("/fritid/klubb/hemmelig-1/").content.decode()
    row = page.split("<td>Cup</td>")[1].split("</tr>")[0]
    assert re.findall(r'<td class="lk-num">([^<]*)</td>', row) == ["600", "500"]
    assert "Avkortet: årlig tak på 1000 kr per barn er nådd." in row
    row = page.split("<td>Kurs</td>")[1].split("</tr>")[0]
    assert re.findall(r'<td class="lk-num">([^<]*)</td>', row) == ["100", "0"]
    assert "Ikke refundert: årlig tak på 1000 kr per barn er allerede brukt." in row
    english = client.get("/fritid/klubb/hemmelig-1/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Reduced: the yearly cap of NOK 1000 per child is reached." in \
        english.content.decode()
    staff = client_as("fritid1").get(f"/fritid/klubber/{club.pk}/").content.decode()
    assert "Avkortet: årlig tak" in staff

    export = refunds_export(actor=leisure_office)
    rows = list(csv.DictReader(io.StringIO(refund_export_csv(export).removeprefix("\ufeff")),
                               delimiter=";"))
    cup = next(r for r in rows if r["aktivitet"] == "Cup")
    assert (cup["krevd_kr"], cup["betalt_kr"]) == ("600", "500")
    assert cup["merknad"] == "Avkortet: årlig tak på 1000 kr per barn er nådd."
    total = next(r for r in rows if r["linje"] == "sum klubb")
    # The claims paid (Fotball 500, Cup 500 of 600); the one paid nothing is not a payment.
    assert (total["krevd_kr"], total["betalt_kr"], total["antall"]) == ("1100", "1000", "2 krav")


def test_the_office_approves_and_exports_from_the_refunds_page(client_as, club, cards):
    pass_use_register(club=club, code=cards[0].code, fee=400)
    client = client_as("fritid1")
    page = client.get("/fritid/refusjoner/").content.decode()
    assert "1 krav, kontingent 400 kr." in page
    page = client.post("/fritid/refusjoner/godkjenn/", follow=True).content.decode()
    assert "1 krav godkjent, 0 ikke refundert" in page
    # The export asks first: nothing is exported until the office confirms.
    page = client.get("/fritid/refusjoner/eksport/").content.decode()
    assert "1 godkjente krav til 1 klubber, 400 kr i alt" in page
    page = client.post("/fritid/refusjoner/eksport/", follow=True).content.decode()
    assert not RefundExport.objects.exists()
    page = client.post("/fritid/refusjoner/eksport/", {"confirmed": "1"},
                       follow=True).content.decode()
    assert "Eksport" in page and "400 kr" in page
    export = RefundExport.objects.get()
    response = client.get(f"/fritid/refusjoner/eksport/{export.pk}.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "Strømmen IF" in response.content.decode("utf-8-sig")


def test_a_new_club_link_is_made_only_after_confirmation(client, client_as, club):
    office = client_as("fritid1")
    page = office.get(f"/fritid/klubber/{club.pk}/ny-lenke/").content.decode()
    assert "slutter å virke med en gang" in page
    assert client.get("/fritid/klubb/hemmelig-1/").status_code == 200  # still works
    page = office.post(f"/fritid/klubber/{club.pk}/ny-lenke/", {"confirmed": "1"})
    assert 'data-testid="club-link"' in page.content.decode()
    assert client.get("/fritid/klubb/hemmelig-1/").status_code == 404


def test_a_claim_can_be_refused_with_a_reason(client_as, club, cards):
    use = pass_use_register(club=club, code=cards[0].code, fee=400)
    client_as("fritid1").post(f"/fritid/refusjoner/{use.pk}/avvis/",
                              {"reason": "Ikke medlem i klubben"})
    use.refresh_from_db()
    assert (use.status, use.decision_note) == ("rejected", "Ikke medlem i klubben")


def test_the_office_registers_a_club_and_sees_its_link_once(client_as, zones):
    client = client_as("fritid1")
    response = client.post("/fritid/klubber/", {
        "name": "Skjetten SK", "org_number": "974760673", "account_number": "86011117947",
        "zone": zones["3205-06"].pk, "activities": "Basket"})
    page = response.content.decode()
    link = re.search(r'value="([^"]+)" data-testid="club-link"', page).group(1)
    assert "/fritid/klubb/" in link
    assert client.get(link.replace("http://testserver", "")).status_code == 200
    bad = client.post("/fritid/klubber/", {"name": "X", "account_number": "12345678900"})
    assert "Kontonummeret er ikke gyldig" in bad.content.decode()
