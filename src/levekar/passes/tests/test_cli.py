"""``levekar passes …``: letters, reminders, refund export and the holiday draw."""

import datetime as dt

import pytest
from typer.testing import CliRunner

from levekar.cli.main import app
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


def test_letters_are_written_to_a_folder_and_an_empty_year_is_an_error(issued, tmp_path):
    result = runner.invoke(app, ["passes", "letters", "--scheme", issued.code, "--year",
                                 str(YEAR), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Skrev 1 brev" in result.output and len(list(tmp_path.glob("*.pdf"))) == 1
    empty = runner.invoke(app, ["passes", "letters", "--scheme", issued.code, "--year",
                                str(YEAR - 3), "--out", str(tmp_path / "x")])
    assert empty.exit_code == 1 and "Ingen husstander har kort" in empty.output


def test_reminders_make_a_round_and_its_letters(issued, tmp_path):
    result = runner.invoke(app, ["passes", "reminders", "--scheme", issued.code, "--year",
                                 str(YEAR), "--unused-days", "0", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert ReminderRun.objects.get().reminded == 1
    assert len(list(tmp_path.glob("paminnelse-*.pdf"))) == 1


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
