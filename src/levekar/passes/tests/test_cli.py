"""``levekar passes …``: letters, reminders, refund export and the holiday draw."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from levekar.cli.main import app
from levekar.core.models import AuditEvent, OutboundMessage
from levekar.passes.models import ActivityPass, HolidayOffer, ReminderRun
from levekar.passes.services import (
    club_create,
    nomination_create,
    offer_create,
    pass_use_register,
    passes_issue,
    refunds_approve,
)
from levekar.passes.tests.conftest import YEAR

runner = CliRunner()


@pytest.fixture
def issued(scheme, make_household):
    make_household(children=[10], income=150_000)
    passes_issue(scheme=scheme, year=YEAR)
    return scheme


@pytest.fixture
def reachable(scheme, make_household):
    """One household with an e-mail address, one with only a mobile, two without either
    (one reading Norwegian, one English)."""
    by_email, people_e = make_household(children=[10, 7])
    people_e[0].email = "mor@example.org"
    people_e[0].save()
    by_sms, people_s = make_household(adults=1, children=[12])
    people_s[0].phone = "+4791234567"
    people_s[0].save()
    paper_nb, _p = make_household(children=[9], language="nb")
    paper_en, _p = make_household(children=[11], language="en")
    passes_issue(scheme=scheme, year=YEAR)
    return {"email": by_email, "sms": by_sms, "paper": [paper_nb, paper_en]}


def _pages(pdf_path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(pdf_path).pages]


def test_letters_from_the_command_line_are_digital_first_with_one_print_file(
        scheme, reachable, tmp_path):
    result = runner.invoke(app, ["passes", "letters", "--scheme", scheme.code, "--year",
                                 str(YEAR), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "4 brev: 1 på e-post og 1 på SMS" in result.output
    assert "2 på papir" in result.output

    # Paper: ONE print-ready file, a page per household without e-mail or mobile (a
    # one-child letter fills one page).
    [print_file] = tmp_path.glob("*.pdf")
    assert print_file.name.startswith(f"brev-{YEAR}-{scheme.code}-utskrift-")
    assert str(print_file) in result.output
    pages = _pages(print_file)
    assert len(pages) == 2
    assert [any(h.street in page for page in pages) for h in reachable["paper"]] == [True, True]
    assert any("Hei!" in page for page in pages) and any("Hello!" in page for page in pages)
    assert not any(reachable["email"].street in page or reachable["sms"].street in page
                   for page in pages)

    # The others: queued in the outbox (the job worker sends them), with the letter as PDF.
    email = OutboundMessage.objects.get(channel="email")
    assert email.to == "mor@example.org" and email.attachment_type == "application/pdf"
    assert len(PdfReader(io.BytesIO(bytes(email.attachment))).pages) == 1
    assert OutboundMessage.objects.get(channel="sms").to == "+4791234567"
    assert AuditEvent.objects.filter(action="export", actor_username__startswith="cli",
                                     detail__contains="2 på papir").exists()

    # Again: no one gets the same e-mail or SMS twice; paper is made again.
    again = runner.invoke(app, ["passes", "letters", "--scheme", scheme.code, "--year",
                                str(YEAR), "--out", str(tmp_path / "igjen")])
    assert again.exit_code == 0, again.output
    assert "2 brev: 0 på e-post og 0 på SMS" in again.output
    assert OutboundMessage.objects.count() == 2
    assert len(_pages(next((tmp_path / "igjen").glob("*.pdf")))) == 2


def test_letters_for_a_year_without_cards_is_an_error(issued, tmp_path):
    empty = runner.invoke(app, ["passes", "letters", "--scheme", issued.code, "--year",
                                str(YEAR - 3), "--out", str(tmp_path / "x")])
    assert empty.exit_code == 1 and "Ingen husstander har kort" in empty.output
    assert not (tmp_path / "x").exists()


def test_reminders_make_a_round_and_its_letters(issued, tmp_path):
    result = runner.invoke(app, ["passes", "reminders", "--scheme", issued.code, "--year",
                                 str(YEAR), "--unused-days", "0", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert ReminderRun.objects.get().reminded == 1
    [print_file] = tmp_path.glob("paminnelser-*.pdf")
    assert len(_pages(print_file)) >= 1 and "1 på papir" in result.output


def test_the_refund_export_writes_the_payment_file_once(issued, municipality, tmp_path,
                                                        leisure_office):
    out = tmp_path / "utbetaling.csv"
    nothing = runner.invoke(app, ["passes", "refunds-export", "--out", str(out)])
    assert nothing.exit_code == 1 and "ingen godkjente refusjoner" in nothing.output
    club, _token = club_create(municipality=municipality, name="Strømmen IF",
                               account_number="12345678903")
    pass_use_register(club=club, code=ActivityPass.objects.get().code, fee=800)
    refunds_approve(actor=leisure_office)
    result = runner.invoke(app, ["passes", "refunds-export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    assert "sum klubb;Strømmen IF;;12345678903;;;;1 krav;800;800;" in text


def test_the_draw_from_the_command_line_records_its_seed(municipality, make_household,
                                                        nav_partner):
    start = dt.date(YEAR + 1, 7, 1)
    offer = offer_create(municipality=municipality, name="Leir", organiser="Røde Kors",
                         place="Hurdal", starts_on=start, ends_on=start, capacity=6)
    for _ in range(3):
        household, _people = make_household(children=[9], income=None)
        nomination_create(actor=nav_partner, offer=offer, household=household, need=3,
                          basis="service_case",
                          reason="Ferie")
    result = runner.invoke(app, ["passes", "allocate", "--offer", str(offer.pk), "--seed",
                                 "99"])
    assert result.exit_code == 0, result.output
    assert "2 familier fikk plass, 1 på venteliste (frø 99)" in result.output
    assert HolidayOffer.objects.get().seed == 99
    again = runner.invoke(app, ["passes", "allocate", "--offer", str(offer.pk)])
    assert again.exit_code == 1 and "allerede fordelt" in again.output
