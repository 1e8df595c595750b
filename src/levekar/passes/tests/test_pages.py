"""Every page of the app runs a fixed number of queries, whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from levekar.core.lib.progress import NULL_REPORTER
from levekar.passes import demo
from levekar.passes.models import (
    ActivityPass,
    Club,
    HolidayOffer,
    IssuanceRun,
    ReminderRun,
    Scheme,
)
from levekar.passes.services import offer_allocate, pass_use_register, passes_issue

# The most queries each page may run (session, user, roles and the page's own reads).
BOUNDS = {
    "overview": 6, "scheme": 8, "run": 7, "letters": 9, "clubs": 7, "club": 8,
    "club_public": 5, "refunds": 9, "uptake": 9, "reminders": 11, "reminder_run": 10,
    "offers": 4, "offer": 9, "nominate": 8,
}


def world(households: int, leisure_office) -> dict:
    """The demo at a given size, plus this year's cards with some claims awaiting approval."""
    demo.load_with(reporter=NULL_REPORTER, households=households, target=None)
    scheme = Scheme.objects.get(code=demo.SCHEME_CODE)
    year = timezone.localdate().year
    passes_issue(scheme=scheme, year=year)
    club = Club.objects.order_by("pk").first()
    for card in ActivityPass.objects.filter(scheme=scheme, year=year).order_by("pk")[::3]:
        pass_use_register(club=club, code=card.code, fee=500)
    offer = HolidayOffer.objects.get()
    offer_allocate(actor=leisure_office, offer=offer, seed=1)
    return {"scheme": scheme, "year": year, "club": club, "offer": offer,
            "run": IssuanceRun.objects.filter(scheme=scheme).first(),
            "reminder": ReminderRun.objects.first()}


def pages(w) -> dict[str, str]:
    s, y = w["scheme"], w["year"]
    today = timezone.localdate().isoformat()
    return {
        "overview": "/fritid/",
        "scheme": f"/fritid/ordninger/{s.code}/",
        "run": f"/fritid/ordninger/{s.code}/kjoring/{w['run'].pk}/",
        "letters": f"/fritid/ordninger/{s.code}/{y}/brev/",
        "clubs": "/fritid/klubber/",
        "club": f"/fritid/klubber/{w['club'].pk}/",
        "club_public": "/fritid/klubb/demo-strommen-if/",
        "refunds": "/fritid/refusjoner/",
        "uptake": f"/fritid/bruk/?ar={demo.HISTORY_YEAR}",
        "reminders": f"/fritid/paminnelser/?scheme={s.pk}&year={y}&issued_before={today}",
        "reminder_run": f"/fritid/paminnelser/{w['reminder'].pk}/",
        "offers": "/fritid/ferie/",
        "offer": f"/fritid/ferie/{w['offer'].pk}/",
        "nominate": f"/fritid/ferie/{w['offer'].pk}/nominer/",
    }


@pytest.mark.parametrize("households", [150, 450])
def test_pages_use_a_constant_number_of_queries(client_as, zones, leisure_office, households):
    w = world(households, leisure_office)
    client = client_as("fritid1")
    counts = {}
    for name, url in pages(w).items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx.captured_queries)
    over = {k: (v, BOUNDS[k]) for k, v in counts.items() if v > BOUNDS[k]}
    assert over == {}, counts
