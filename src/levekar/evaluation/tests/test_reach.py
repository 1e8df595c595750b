"""Reach per levekårssone: the figures per zone counted from the rows, suppression of a
small zone and its secondary suppression, a constant number of queries, the XLSX download."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from levekar.core.lib.suppression import SuppressionRule
from levekar.evaluation.lib import suppress_column
from levekar.evaluation.selectors.reach import reach
from levekar.passes.models import ActivityPass, IssuanceRun, Scheme
from levekar.people import services as people
from levekar.people.models import Zone
from levekar.stats.selectors import stats_context

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


# --- the pure rule ---------------------------------------------------------------------------

@pytest.mark.parametrize(("cells", "part", "hidden"), [
    # enough in every zone: all shown
    ([(12, 20), (10, 15), (5, 30)], True, [False, False, False]),
    # one small zone (denominator < 10) hides the next smallest numerator too
    ([(12, 20), (1, 2), (10, 15)], True, [False, True, True]),
    # few in the cell, few outside it
    ([(3, 40), (37, 40), (20, 40)], True, [True, True, False]),
    # two hidden already: nothing more to hide
    ([(2, 40), (1, 40), (20, 40)], True, [True, True, False]),
    # not part of a whole (loans per 1,000 children): only the count and denominator matter
    ([(50, 40), (4, 40), (20, 40)], False, [False, False, False]),
    ([(50, 40), (2, 40), (20, 40)], False, [False, True, True]),
    # a zone without anyone in it has nothing to reveal and does not trigger the second
    ([(12, 20), (0, 0), (10, 15)], True, [False, True, False]),
])
def test_a_zone_column_is_suppressed_primarily_and_secondarily(cells, part, hidden):
    assert suppress_column(cells, SuppressionRule(), part_of_whole=part) == hidden


# --- the selector over rows ------------------------------------------------------------------

@pytest.fixture
def town(demo_org):
    """Three zones: 20, 2 and 15 households, one child (born 2016) in each household."""
    municipality = demo_org["municipality"]
    admin = demo_org["users"]["admin"]
    zones = [people.zone_ensure(municipality=municipality, code=f"TST-{n}", name=f"Testsone {n}")
             for n in (1, 2, 3)]
    kids = {}
    for zone, n in zip(zones, (20, 2, 15), strict=True):
        kids[zone.code] = []
        for i in range(n):
            h = people.household_create(actor=admin, municipality=municipality, zone=zone,
                                        street=f"Testveien {i}")
            kids[zone.code].append(people.person_create(
                actor=admin, first_name="Barn", last_name=f"{zone.code}-{i}", household=h,
                birth_date=dt.date(2016, 5, 1)))
    return {"municipality": municipality, "zones": zones, "kids": kids}


def _issue(town, scheme, code, n, used):
    zone = Zone.objects.get(code=code)
    for i, child in enumerate(town["kids"][code][:n]):
        ActivityPass.objects.create(
            scheme=scheme, year=YEAR, person=child, household=child.household, zone=zone,
            code=f"{code[-1]}{i:07d}", first_used_at=timezone.now() if i < used else None)


@pytest.fixture
def passes(town):
    scheme = Scheme.objects.create(municipality=town["municipality"], code="test-pass",
                                   name="Testpass", kind=Scheme.Kind.ACTIVITY_PASS)
    z = {zone.code: zone for zone in town["zones"]}
    IssuanceRun.objects.create(scheme=scheme, year=YEAR, status=IssuanceRun.Status.DONE,
                               eligible=37, eligible_by_zone={
                                   str(z["TST-1"].pk): 20, str(z["TST-2"].pk): 2,
                                   str(z["TST-3"].pk): 15})
    _issue(town, scheme, "TST-1", 12, 8)
    _issue(town, scheme, "TST-2", 1, 1)
    _issue(town, scheme, "TST-3", 10, 5)
    return scheme


def _rows(data):
    return {r.code: r for r in data.rows}


def test_cards_per_100_eligible_children_are_counted_per_zone_with_suppression(
        passes, analyst):
    data = reach(stats_context(user=analyst), year=YEAR)
    rows = _rows(data)
    # Counted independently from the rows made above: 12 of 20 issued, 8 of 20 used.
    assert ActivityPass.objects.filter(zone__code="TST-1").count() == 12
    assert rows["TST-1"].cells["passes_issued"].text == "60,0"
    assert rows["TST-1"].cells["passes_used"].text == "40,0"
    # Two eligible children in zone 2: hidden …
    assert rows["TST-2"].cells["passes_issued"].text == ":"
    # … and zone 3 with it, or the total would give zone 2 away.
    assert rows["TST-3"].cells["passes_issued"].text == ":"
    assert data.total.cells["passes_issued"].text == "62,2"      # 23 of 37
    # Children per zone from the register; nobody named.
    assert (rows["TST-1"].children, rows["TST-2"].children, rows["TST-3"].children) == (20, 2, 15)


def test_a_zone_without_data_shows_a_dash_not_a_zero(town, analyst):
    data = reach(stats_context(user=analyst), year=YEAR)
    cell = _rows(data)["TST-1"].cells["passes_used"]
    assert (cell.hidden, cell.value, cell.text) == (False, None, "–")


@pytest.fixture
def analyst(demo_org):
    return demo_org["users"]["analytiker1"]


def test_the_reach_page_shows_the_table_with_a_constant_number_of_queries(
        passes, town, client_as):
    client = client_as("analytiker1")
    url = f"/evaluering/rekkevidde/?ar={YEAR}&kart=passes_issued"
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-zone="TST-1"' in body and "60,0" in body
    assert "TST-1-0" not in body                               # no person, ever
    # More zones, households, children and cards cost no more queries.
    zone = people.zone_ensure(municipality=town["municipality"], code="TST-4",
                              name="Testsone 4")
    for i in range(12):
        h = people.household_create(actor=None, municipality=town["municipality"], zone=zone)
        child = people.person_create(actor=None, first_name="Barn", last_name=f"4-{i}",
                                     household=h, birth_date=dt.date(2015, 1, 1))
        ActivityPass.objects.create(scheme=passes, year=YEAR, person=child, household=h,
                                    zone=zone, code=f"4{i:07d}")
    client = client_as("analytiker1")
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second) == len(first)


def test_the_reach_download_has_the_same_suppressed_cells(passes, client_as):
    response = client_as("planeier1").get(f"/evaluering/rekkevidde/last-ned.xlsx?ar={YEAR}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["TST-1"][3] == 60.0
    assert rows["TST-2"][3] == ":" and rows["TST-3"][3] == ":"
