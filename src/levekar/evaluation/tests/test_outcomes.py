"""Outcomes across families: the shares, the suppression (also in the downloads), the query
count, and the outcome rows following the mappings."""

import csv
import io

import pytest
from openpyxl import load_workbook

from levekar.core.models import OrgUnit
from levekar.evaluation.models import MappingChange
from levekar.evaluation.selectors.outcomes import BTI, outcomes
from levekar.evaluation.tests.conftest import mapping
from levekar.followup import services as case_services
from levekar.followup import services as work
from levekar.followup.models import Assessment, CaseMember
from levekar.followup.tests.case_fixtures import bti_set

pytestmark = pytest.mark.django_db


def _qol_families(open_family, plan):
    """plan: list of (start, later) quality-of-life scores, one family each."""
    return [open_family(n, qol=pair) for n, pair in enumerate(plan)]


def _independent_shares() -> dict[str, tuple[int, int, int]]:
    """Quality of life recomputed from the mapping rows themselves, without the app's code:
    per case, the parent's ladder score at start against the first yearly mapping."""
    by_case: dict[int, dict[str, dict]] = {}
    for a in Assessment.objects.order_by("performed_on"):
        by_case.setdefault(a.case_id, {}).setdefault(a.kind, a.answers)
    better = same = worse = 0
    for kinds in by_case.values():
        start, later = kinds.get("start"), kinds.get("yearly")
        if not start or not later:
            continue
        for pid, own in later["persons"].items():
            before = start["persons"].get(pid, {}).get("quality_of_life")
            after = own.get("quality_of_life")
            if before is None or after is None:
                continue
            better += after > before
            same += after == before
            worse += after < before
    n = better + same + worse
    return {"n": n, "shares": tuple(round(100 * x / n, 1) for x in (better, same, worse))}


def test_outcome_shares_match_a_count_made_directly_from_the_mapping_rows(open_family):
    _qol_families(open_family, [(3, 6)] * 11 + [(5, 5)] * 5 + [(7, 4)] * 4 + [(None, 5)] * 2)
    expected = _independent_shares()
    table = next(t for t in outcomes().domains if t.id == "quality_of_life")
    assert table.total.total == expected["n"] == 20   # the two without a start score are out
    assert tuple(c.percent for c in table.total.cells) == expected["shares"] == (55.0, 25.0, 20.0)


def test_a_bti_level_with_one_or_two_families_is_hidden_and_a_second_level_with_it(
        open_family, coordinator):
    families = _qol_families(open_family, [(3, 6)] * 8 + [(5, 5)] * 4 + [(7, 4)] * 4
                             + [(3, 6)] * 6 + [(5, 5)] * 4 + [(6, 4)] * 4 + [(4, 7)] * 2)
    # The first 16 stay at level 0, the next 14 go to level 1 and the last two to level 2.
    for case in families[16:30]:
        bti_set(actor=coordinator, case=case, to_level=1,
                                       reason="Tiltak i egen tjeneste.", holder=coordinator)
    nav = OrgUnit.objects.get(code="nav-lillestrom")
    for case in families[30:]:
        bti_set(actor=coordinator, case=case, to_level=1,
                                       reason="Tiltak i egen tjeneste.", holder=coordinator)
        parent = case.members.get(role=CaseMember.Role.PARENT)
        # Level 2 only with a consent (the handlingsveileder's rule).
        case_services.consent_record(actor=coordinator, case=case, given_by=parent.person,
                                     subject=None, grants=[(nav, "economy")])
        bti_set(actor=coordinator, case=case, to_level=2,
                                       reason="Samarbeid med NAV.", holder=coordinator)
    data = outcomes(breakdown=BTI)
    table = next(t for t in data.domains if t.id == "quality_of_life")
    rows = dict(table.labelled_rows)
    level0, level1, level2 = (rows[data.label(k)] for k in (0, 1, 2))
    assert level2.total == 2 and level2.total_text == ":"
    assert [c.text for c in level2.cells] == [":", ":", ":"]
    # Level 2 alone hidden would be «all − level 0 − level 1»: level 1 (14, the smaller) goes.
    assert level1.total == 14 and [c.text for c in level1.cells] == [":", ":", ":"]
    assert [c.text for c in level0.cells] == ["50,0", "25,0", "25,0"]
    assert [c.text for c in table.total.cells] == ["50,0", "25,0", "25,0"]


def test_the_downloads_hide_the_same_cells_as_the_page(open_family, client_as):
    _qol_families(open_family, [(3, 6)] * 12 + [(5, 5)] * 2 + [(7, 4)] * 6)
    client = client_as("analytiker1")
    body = client.get("/evaluering/utfall/last-ned.csv").content.decode("utf-8-sig")
    rows = {r[0]: r for r in csv.reader(io.StringIO(body), delimiter=";")}
    assert rows["Livskvalitet"][2:] == ["20", "60,0", ":", ":"]
    book = load_workbook(io.BytesIO(client.get("/evaluering/utfall/last-ned.xlsx").content))
    sheet = book.worksheets[0]
    qol = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Livskvalitet")
    assert qol[2:] == (20, 60.0, ":", ":")
    page = client.get("/evaluering/utfall/").content.decode()
    assert "60,0" in page and "10,0" not in page and "30,0" not in page


def test_the_outcomes_page_uses_the_same_number_of_queries_for_5_and_25_families(
        open_family, client_as, django_assert_max_num_queries):
    client = client_as("analytiker1")
    _qol_families(open_family, [(3, 6)] * 5)
    with django_assert_max_num_queries(16) as small:
        assert client.get("/evaluering/utfall/?inndeling=bti").status_code == 200
    for n in range(5, 25):
        open_family(100 + n, qol=(5, 4 + n % 3))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/evaluering/utfall/?inndeling=bti").status_code == 200


def test_correcting_or_deleting_a_mapping_updates_the_outcome_rows(
        open_family, coordinator, django_capture_on_commit_callbacks):
    case = open_family(1, qol=(3, 6))
    yearly = case.assessments.get(kind="yearly")
    assert MappingChange.objects.get(assessment=yearly, domain="quality_of_life").verdict == 1
    work.assessment_update(actor=coordinator, assessment=yearly,
                           answers=mapping(case, qol=2))
    assert MappingChange.objects.get(assessment=yearly, domain="quality_of_life").verdict == -1
    with django_capture_on_commit_callbacks(execute=True):
        yearly.delete()
    assert not MappingChange.objects.filter(case=case).exists()


def test_the_outcomes_are_cached_per_data_version_and_a_new_mapping_shows_at_once(
        open_family, client_as, coordinator, django_assert_max_num_queries):
    from levekar.evaluation.tests.conftest import mapping
    from levekar.followup import services as work
    from levekar.followup.models import Assessment as FollowupAssessment

    families = [open_family(n, qol=(3, 6)) for n in range(12)]
    client = client_as("analytiker1")
    first = client.get("/evaluering/utfall/?kartlegging=1").content.decode()
    assert 'data-testid="domain-quality_of_life"' in first
    # Nothing changed: the figures come from the cache (the user, the session, the version).
    with django_assert_max_num_queries(6):
        again = client.get("/evaluering/utfall/?kartlegging=1")
    assert again.status_code == 200
    # A second yearly mapping for one family: a new version, mapping no. 2 appears at once.
    work.assessment_create(actor=coordinator, case=families[0],
                           kind=FollowupAssessment.Kind.YEARLY,
                           performed_on=families[0].start_date.replace(
                               year=families[0].start_date.year + 2),
                           answers=mapping(families[0], qol=8))
    page = client.get("/evaluering/utfall/").content.decode()
    assert "Nr. 2" in page or "nr. 2" in page
