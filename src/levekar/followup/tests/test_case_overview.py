"""The BTI overview: counts without names, small cells hidden so nobody can be singled out."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from levekar.followup import services
from levekar.followup.crosstab import suppressed_crosstab
from levekar.followup.models import InfoPart
from levekar.followup.selectors.overview import bti_overview
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import bti_set, child_of, open_family

# --- the pure table rule ----------------------------------------------------------------


@pytest.mark.parametrize("counts,cells,row_totals,col_totals,total", [
    # Nothing small: everything shown.
    ({("a", "0"): 5, ("a", "1"): 7, ("b", "0"): 6, ("b", "1"): 9},
     [["5", "7"], ["6", "9"]], ["12", "15"], ["11", "16"], "27"),
    # One small cell: its row and column get one more hidden cell each, so it cannot be
    # subtracted out of the totals.
    ({("a", "0"): 2, ("a", "1"): 7, ("b", "0"): 6, ("b", "1"): 9},
     [[":", ":"], [":", ":"]], ["9", "15"], ["8", "16"], "24"),
    # Zeros are not hidden; a row whose only count is small is hidden with its total.
    ({("a", "0"): 0, ("a", "1"): 0, ("b", "0"): 10, ("b", "1"): 12},
     [["0", "0"], ["10", "12"]], ["0", "22"], ["10", "12"], "22"),
])
def test_small_cells_are_hidden_with_their_complements(counts, cells, row_totals, col_totals,
                                                       total):
    table = suppressed_crosstab(counts, ["a", "b"], ["0", "1"])
    assert table.cells == cells
    assert table.row_totals == row_totals
    assert table.col_totals == col_totals
    assert table.total == total


def test_no_line_has_exactly_one_hidden_number():
    counts = {(r, c): v for (r, c), v in zip(
        [(r, c) for r in "abcd" for c in "0123"],
        [1, 5, 9, 0, 4, 2, 8, 7, 12, 6, 3, 10, 0, 0, 1, 4], strict=True)}
    t = suppressed_crosstab(counts, list("abcd"), list("0123"))
    for cells, total in zip(t.cells, t.row_totals, strict=True):
        assert [*cells, total].count(":") != 1
    for j in range(4):
        column = [row[j] for row in t.cells] + [t.col_totals[j]]
        assert column.count(":") != 1


# --- the overview -----------------------------------------------------------------------

@pytest.mark.django_db
def test_the_overview_counts_levels_and_the_cases_that_need_attention(
        demo_org, coordinator, colleague, health_partner, zones):
    units = demo_org["units"]
    cases = []
    for i in range(12):
        case, persons = open_family(coordinator if i % 2 else colleague, serial=i,
                                    zone=zones["3205-01"])
        cases.append((case, persons))
    # 8 cases at level 2 with consent: 4 expiring within 30 days, 4 lasting a year.
    for i, (case, persons) in enumerate(cases[:8]):
        valid_to = timezone.localdate() + dt.timedelta(days=10 if i < 4 else 300)
        services.consent_record(actor=case.coordinator, case=case, given_by=persons["mother"],
                                subject=None,
                                grants=[(units["nav-lillestrom"], InfoPart.ECONOMY)],
                                valid_to=valid_to)
        for level in (1, 2):
            bti_set(actor=case.coordinator, case=case, to_level=level, reason="x",
                    holder=health_partner)
    # 4 cases at level 1 whose stafettholder's account is later deactivated.
    from levekar.core.services import user_ensure

    leaving = user_ensure(username="larer1", password="x" * 12, roles=("tjenestepartner",),
                          org_unit=units["strommen-skole"])
    for case, _ in cases[8:]:
        bti_set(actor=case.coordinator, case=case, to_level=1, reason="x", holder=leaving)
    leaving.is_active = False
    leaving.save()

    overview = bti_overview()
    metrics = {m.key: m.value for m in overview.metrics}
    assert metrics["no_stafettholder"] == "4"
    assert metrics["consent_expiring"] == "4"
    assert metrics["without_consent"] == "0"
    assert metrics["mappings_overdue"] == "0"   # every case started today
    by_unit = dict(zip(overview.by_unit.row_labels, overview.by_unit.cells, strict=True))
    assert by_unit["Helsestasjon Lillestrøm"] == ["0", "0", "8", "0"]
    assert by_unit["Strømmen skole"] == ["0", "4", "0", "0"]
    # BTI is counted per child: the two younger children of each family are at level 0.
    assert by_unit[gettext("No stafettholder yet")] == ["24", "0", "0", "0"]
    assert overview.by_unit.total == "36"
    assert overview.cases == 12 and overview.level_totals == [24, 4, 8, 0]


@pytest.mark.django_db
def test_the_overview_counts_consent_and_stafettholder_per_child(
        demo_org, coordinator, health_partner, zones):
    units = demo_org["units"]
    case, persons = open_family(coordinator, zone=zones["3205-01"])
    today = timezone.localdate()
    services.consent_record(actor=coordinator, case=case, given_by=persons["child16"],
                            subject=persons["child16"],
                            grants=[(units["helsestasjon-lillestrom"], InfoPart.HEALTH)],
                            valid_to=today + dt.timedelta(days=10))
    family = services.consent_record(actor=coordinator, case=case, given_by=persons["mother"],
                                     subject=None,
                                     grants=[(units["nav-lillestrom"], InfoPart.ECONOMY)])
    sara, omid, nora = child_of(case, 0), child_of(case, 1), child_of(case, 2)
    for child in (sara, omid):
        for level in (1, 2):
            bti_set(actor=coordinator, case=case, child=child, to_level=level, reason="x",
                    holder=health_partner)
    teacher = services.participant_add(actor=coordinator, case=case, name="Kari Lærer",
                                       organisation="Strømmen skole")
    services.bti_level_change(actor=coordinator, member=nora, to_level=1, reason="x",
                              stafettholder=teacher)
    # The family's consent goes: Sara's own (ending soon) still covers her; Omid has none.
    services.consent_withdraw(actor=coordinator, consent=family)
    overview = bti_overview()
    metrics = {m.key: m.count for m in overview.metrics}
    assert (metrics["consent_expiring"], metrics["without_consent"],
            metrics["no_stafettholder"]) == (1, 1, 0)
    [mine] = [c for c in overview.coordinators if c.user_id == coordinator.pk]
    assert (mine.cases, mine.by_level) == (1, [0, 1, 2, 0])
    by_unit = dict(zip(overview.by_unit.row_labels, overview.by_unit.cells, strict=True))
    # A stafettholder without an account is counted under their organisation.
    assert by_unit["Strømmen skole"] == ["0", "1", "0", "0"]
    assert by_unit["Helsestasjon Lillestrøm"] == ["0", "0", "2", "0"]


@pytest.mark.django_db
def test_the_overview_page_shows_no_names(client_as, journey):
    page = client_as("bti1").get("/familier/bti/").content.decode()
    assert "Barn per BTI-nivå og enhet" in page
    for person in journey["persons"].values():
        assert person.last_name not in page
    assert 'data-metric="consent_expiring"' in page
