"""Follow-up's "mulige rettigheter" gets the activity pass's rule from passes (web seam)."""

import datetime as dt

from levekar.followup.pass_rule import activity_pass_rule
from levekar.followup.tests.factories import make_activity_pass


def test_the_registered_rule_is_the_pass_schemes_own(demo_org):
    day = dt.date(2026, 11, 22)
    assert activity_pass_rule(day) is None                      # no activity pass yet
    make_activity_pass(demo_org["municipality"], base_limit=400_000, per_extra_child=50_000,
                       single_parent_supplement=30_000, ages=(5, 16))
    rule = activity_pass_rule(day)
    assert (rule.child_min_age, rule.child_max_age) == (5, 16)
    assert rule.income_limit(3, True) == 400_000 + 2 * 50_000 + 30_000
    assert rule.income_limit(1, False) == 400_000
