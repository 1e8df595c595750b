"""Reach and uptake per scheme and zone, with small-cell suppression; reminders' effect."""

import datetime as dt

import pytest
from django.utils import timezone

from levekar.passes.models import ActivityPass
from levekar.passes.selectors import reminder_effects, uptake_by_zone, uptake_summary
from levekar.passes.services import (
    club_create,
    pass_use_register,
    passes_issue,
    reminders_send,
)
from levekar.passes.tests.conftest import YEAR


@pytest.fixture
def season(scheme, make_household, municipality, zones):
    """Strømmen vest: 12 cards, 4 used. Blaker: 2 cards, 1 used (too few to show)."""
    for _ in range(6):
        make_household(children=[10, 8], income=150_000, zone="3205-03")
    make_household(children=[11, 9], income=150_000, zone="3205-14")
    make_household(children=[9], income=900_000, zone="3205-03")  # over the limit
    passes_issue(scheme=scheme, year=YEAR)
    club, _token = club_create(municipality=municipality, name="Strømmen IF")
    sv = list(ActivityPass.objects.filter(zone=zones["3205-03"]).order_by("pk"))
    blaker = list(ActivityPass.objects.filter(zone=zones["3205-14"]).order_by("pk"))
    for card in sv[:4] + blaker[:1]:
        pass_use_register(club=club, code=card.code, fee=500)
    return club, sv, blaker


def test_uptake_per_zone_counts_eligible_issued_used_and_share(season, zones):
    (fritidspas,) = uptake_by_zone(year=YEAR)
    rows = {r.zone_code: r for r in fritidspas.zones}
    sv = rows["3205-03"]
    assert (sv.eligible, sv.issued, sv.used, sv.share_text) == (12, 12, 4, "33 %")
    assert (fritidspas.total.eligible, fritidspas.total.issued, fritidspas.total.used) == \
        (14, 14, 5)
    assert rows["3205-01"].issued == 0 and rows["3205-01"].share_text == ":"


def test_small_cells_are_suppressed(season):
    (fritidspas,) = uptake_by_zone(year=YEAR)
    blaker = next(r for r in fritidspas.zones if r.zone_code == "3205-14")
    assert (blaker.eligible_text, blaker.issued_text, blaker.used_text, blaker.share_text) == \
        (":", ":", ":", ":")
    assert blaker.share is None


def test_uptake_summary_gives_the_action_plan_its_figures_per_scheme(season, scheme):
    assert uptake_summary(year=YEAR) == [{
        "scheme": scheme.code, "scheme_name": scheme.name, "kind": "activity_pass",
        "year": YEAR, "eligible": 14, "issued": 14, "used": 5, "share_used": 5 / 14,
        "eligible_text": "14", "issued_text": "14", "used_text": "5", "share_used_text": "36 %",
    }]
    assert uptake_summary(year=YEAR - 5) == []


def test_reminders_go_to_unused_cards_and_their_effect_is_measured(season, scheme,
                                                                   leisure_office):
    club, sv, _blaker = season
    run = reminders_send(scheme=scheme, year=YEAR, issued_before=timezone.localdate(),
                         actor=leisure_office)
    assert (run.issued_total, run.used_before, run.reminded) == (14, 5, 9)
    assert run.households == 5  # the two Strømmen vest families who used both cards: none
    for card in sv[4:8]:
        pass_use_register(club=club, code=card.code, fee=300,
                          now=timezone.now() + dt.timedelta(minutes=1))
    (effect,) = reminder_effects(year=YEAR)
    assert effect.used_after == 4
    assert effect.share_before == "36 %"
    assert effect.share_after == ":"  # 4 of 9: fewer than 10 reminded, so not shown


def test_reminders_need_unused_cards(season, scheme):
    from levekar.core.errors import Conflict

    with pytest.raises(Conflict):
        reminders_send(scheme=scheme, year=YEAR, issued_before=dt.date(YEAR - 3, 1, 1))


def test_the_uptake_page_shows_the_zone_table_and_the_reminder_effect(client_as, season):
    client = client_as("fritid1")
    page = client.get(f"/fritid/bruk/?ar={YEAR}").content.decode()
    assert "Strømmen vest" in page and "33 %" in page
    assert "Hjalp påminnelsene?" in page
    assert 'data-vega-spec="chart-fritidspas"' in page
    assert client_as("analytiker1").get("/fritid/bruk/").status_code == 403


def test_the_office_lists_unused_cards_and_makes_reminder_letters(client_as, season, scheme):
    client = client_as("fritid1")
    query = f"scheme={scheme.pk}&year={YEAR}&issued_before={timezone.localdate().isoformat()}"
    page = client.get(f"/fritid/paminnelser/?{query}").content.decode()
    assert "9 ubrukte kort" in page
    response = client.post("/fritid/paminnelser/", {
        "scheme": scheme.pk, "year": YEAR, "issued_before": timezone.localdate().isoformat()},
        follow=True)
    page = response.content.decode()
    assert "Påminnelser laget for 9 ubrukte kort i 5 husstander" in page
    assert ".pdf" in page
