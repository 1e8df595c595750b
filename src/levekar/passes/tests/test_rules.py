"""Rule sets are data: validated on save, periods that do not overlap, picked by year."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from levekar.core.errors import InvalidInput, NotFound
from levekar.passes import services
from levekar.passes.models import RuleSet
from levekar.passes.tests.conftest import AARHUS_RULES, YEAR


def test_a_rule_set_that_does_not_parse_is_never_stored(scheme):
    with pytest.raises(ValidationError) as err:
        RuleSet(scheme=scheme, valid_from=dt.date(2030, 1, 1),
                rules={"child_age": {"min": 12, "max": 3}}).save()
    assert "laveste alder kan ikke være høyere" in str(err.value)
    assert RuleSet.objects.filter(scheme=scheme).count() == 1


def test_the_service_names_the_problem_in_norwegian(scheme):
    with pytest.raises(InvalidInput) as err:
        services.rule_set_create(scheme=scheme, valid_from=dt.date(2030, 1, 1), valid_to=None,
                                 rules={"child_age": {"min": 3}})
    assert "mangler feltet «høyeste alder»" in err.value.summary()


def test_periods_of_one_scheme_cannot_overlap(scheme):
    with pytest.raises(InvalidInput) as err:
        services.rule_set_create(scheme=scheme, valid_from=dt.date(YEAR, 6, 1), valid_to=None,
                                 rules=AARHUS_RULES)
    assert "overlapper" in err.value.summary()


def test_the_rule_set_in_force_on_the_reference_day_is_used(scheme):
    old = RuleSet.objects.get(scheme=scheme)
    services.rule_set_close(rule_set=old, valid_to=dt.date(YEAR, 6, 30))
    new_rules = {**AARHUS_RULES, "child_age": {"min": 6, "max": 17}}
    new = services.rule_set_create(scheme=scheme, valid_from=dt.date(YEAR, 7, 1), valid_to=None,
                                   rules=new_rules)
    assert services.rule_set_for_year(scheme=scheme, year=YEAR) == new
    assert services.rule_set_for_year(scheme=scheme, year=YEAR - 1) == old
    with pytest.raises(NotFound):
        services.rule_set_for_year(scheme=scheme, year=YEAR - 5)


def test_the_office_adds_a_rule_set_through_the_form(client_as, scheme, zones):
    client = client_as("fritid1")
    old = RuleSet.objects.get(scheme=scheme)
    services.rule_set_close(rule_set=old, valid_to=dt.date(YEAR + 1, 12, 31))
    response = client.post(f"/fritid/ordninger/{scheme.code}/regler/ny/", {
        "valid_from": f"{YEAR + 2}-01-01", "min_age": 6, "max_age": 17,
        "reference_day": "08-01", "base_limit": 450000, "per_extra_child": 60000,
        "single_parent_supplement": 50000, "income_year_offset": -1,
        "zones": [zones["3205-03"].pk],
    })
    assert response.status_code == 302
    rule_set = RuleSet.objects.get(scheme=scheme, valid_from=dt.date(YEAR + 2, 1, 1))
    assert rule_set.rules == {
        "child_age": {"min": 6, "max": 17}, "reference_day": "08-01",
        "income": {"base_limit": 450000, "per_extra_child": 60000,
                   "single_parent_supplement": 50000, "income_year_offset": -1},
        "zones": ["3205-03"],
    }
    page = client.get(f"/fritid/ordninger/{scheme.code}/").content.decode()
    assert "Strømmen vest" in page


def test_only_the_leisure_office_edits_rules(client_as, scheme):
    response = client_as("nav1").get(f"/fritid/ordninger/{scheme.code}/regler/ny/")
    assert response.status_code == 403


def test_the_office_ends_a_rule_set_and_starts_a_new_one_from_the_pages(client_as, scheme):
    client = client_as("fritid1")
    old = RuleSet.objects.get(scheme=scheme)
    page = client.post(f"/fritid/ordninger/{scheme.code}/regler/{old.pk}/avslutt/",
                       {"valid_to": f"{YEAR}-12-31"}, follow=True).content.decode()
    assert "Regelsettet er avsluttet." in page
    old.refresh_from_db()
    assert old.valid_to == dt.date(YEAR, 12, 31)
    again = client.post(f"/fritid/ordninger/{scheme.code}/regler/{old.pk}/avslutt/",
                        {"valid_to": f"{YEAR}-10-31"}, follow=True).content.decode()
    assert "allerede en sluttdato" in again
    services.rule_set_create(scheme=scheme, valid_from=dt.date(YEAR + 1, 1, 1), valid_to=None,
                             rules=AARHUS_RULES)
    assert services.rule_set_for_year(scheme=scheme, year=YEAR + 1).valid_from.year == YEAR + 1


def test_the_office_changes_a_schemes_cap_but_not_its_code(client_as, scheme):
    response = client_as("fritid1").post(f"/fritid/ordninger/{scheme.code}/endre/", {
        "code": "nytt-navn", "name": "Fritidspas", "kind": "activity_pass",
        "card_title": "Fritidskort", "applies_to": "Kontingent",
        "annual_cap_per_child": 1500})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.code, scheme.annual_cap_per_child) == ("fritidspas", 1500)
