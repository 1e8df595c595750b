"""Automatic issuance: one card per eligible child, never twice, every skip explained."""

import pytest
from django.db import IntegrityError, transaction
from typer.testing import CliRunner

from levekar.core.errors import NotFound
from levekar.core.models import AuditEvent
from levekar.passes import codes
from levekar.passes import eligibility as el
from levekar.passes.models import ActivityPass, IssuanceRun
from levekar.passes.services import ALREADY_ISSUED, passes_issue
from levekar.passes.tests.conftest import YEAR


@pytest.fixture
def families(make_household):
    """Aarhus' edges: at the limit, one krone over, single parent, a third child."""
    return {
        "at_limit": make_household(children=[10], income=192_714),
        "over": make_household(children=[10], income=192_715),
        "single": make_household(adults=1, children=[8], income=252_206),
        "three": make_household(children=[12, 9, 2], income=206_714),  # the 2-year-old: too young
        "no_income": make_household(children=[7], income=None),
        "other_zone": make_household(children=[5], income=100_000, zone="3205-12"),
    }


def test_every_eligible_child_gets_one_card_and_the_run_says_why_others_did_not(
        scheme, families, leisure_office):
    run = passes_issue(scheme=scheme, year=YEAR, actor=leisure_office)
    holders = set(ActivityPass.objects.filter(scheme=scheme, year=YEAR)
                  .values_list("person__first_name", flat=True))
    expected = {p.first_name for key in ("at_limit", "single", "three", "other_zone")
                for p in families[key][1] if p.first_name.startswith("Barn")}
    expected -= {p.first_name for p in families["three"][1] if p.first_name.endswith("x2")}
    assert holders == expected
    assert (run.status, run.eligible, run.issued, run.skipped) == ("done", 5, 5, 0)
    assert run.reasons == {el.AGE_OUTSIDE_RANGE: 1, el.INCOME_MISSING: 1,
                           el.INCOME_OVER_LIMIT: 1}
    assert run.households == 6 and run.children == 8
    assert run.eligible_by_zone == {str(families["at_limit"][0].zone_id): 4,
                                    str(families["other_zone"][0].zone_id): 1}
    for p in ActivityPass.objects.filter(run=run):
        assert codes.is_valid(p.code) and p.zone_id == p.household.zone_id
    event = AuditEvent.objects.get(object_type="passes.issuancerun", object_id=str(run.pk))
    assert event.actor == leisure_office
    assert "5 kort utstedt" in event.detail
    assert set(event.subjects.values_list("person_id", flat=True)) == set(
        ActivityPass.objects.values_list("person_id", flat=True))


def test_a_rerun_issues_nothing_twice_and_reports_the_children_as_skipped(scheme, families):
    first = passes_issue(scheme=scheme, year=YEAR)
    codes_before = dict(ActivityPass.objects.values_list("person_id", "code"))
    second = passes_issue(scheme=scheme, year=YEAR)
    assert (second.eligible, second.issued, second.skipped) == (first.eligible, 0, first.eligible)
    assert second.reasons[ALREADY_ISSUED] == first.eligible
    assert dict(ActivityPass.objects.values_list("person_id", "code")) == codes_before


def test_a_child_who_becomes_eligible_later_gets_a_card_on_the_next_run(
        scheme, families, make_household):
    passes_issue(scheme=scheme, year=YEAR)
    _household, people = make_household(children=[11], income=150_000)
    run = passes_issue(scheme=scheme, year=YEAR)
    assert run.issued == 1 and run.skipped == 5
    assert ActivityPass.objects.get(run=run).person == people[-1]


def test_the_database_refuses_a_second_card_for_the_same_child_and_year(scheme, families):
    passes_issue(scheme=scheme, year=YEAR)
    existing = ActivityPass.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityPass.objects.create(scheme=scheme, year=YEAR, person=existing.person,
                                    code=codes.new_code())


def test_without_a_rule_set_for_the_year_nothing_is_issued(scheme, families):
    with pytest.raises(NotFound) as err:
        passes_issue(scheme=scheme, year=YEAR - 10)
    assert "ikke noe regelsett" in err.value.message
    assert not ActivityPass.objects.exists()


def test_the_command_reports_eligible_issued_and_skipped(scheme, families):
    from levekar.cli.main import app

    result = CliRunner().invoke(app, ["passes", "issue", "--scheme", scheme.code,
                                      "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    assert "5 barn har rett, 5 kort utstedt, 0 hoppet over" in result.output
    assert "Husstandens inntekt er over grensen: 1" in result.output
    run = IssuanceRun.objects.get()
    assert run.started_by_name.startswith("cli")
    bad = CliRunner().invoke(app, ["passes", "issue", "--scheme", "finnes-ikke",
                                   "--year", str(YEAR)])
    assert bad.exit_code == 1 and "Fant ingen ordning" in bad.output


def test_the_office_issues_from_the_page_and_sees_the_run(client_as, scheme, families):
    client = client_as("fritid1")
    response = client.post(f"/fritid/ordninger/{scheme.code}/utsted/", {"year": YEAR},
                           follow=True)
    page = response.content.decode()
    assert 'data-testid="run-eligible">5<' in page
    assert 'data-testid="run-issued">5<' in page
    assert IssuanceRun.objects.get().started_by.username == "fritid1"
