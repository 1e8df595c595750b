"""The activity pass's rule handed to follow-up's "mulige rettigheter" (see
``followup/pass_rule.py``): the web layer may import both apps, the apps may not import
each other."""

import datetime as dt

from levekar.followup.pass_rule import PassRule
from levekar.passes.selectors import activity_pass_rules_on


def activity_pass_rule(on: dt.date) -> PassRule | None:
    rules = activity_pass_rules_on(on)
    if rules is None:
        return None
    income = rules.income
    return PassRule(
        child_min_age=rules.child_min_age, child_max_age=rules.child_max_age,
        income_limit=None if income is None else (
            lambda children, single_parent: income.limit(children=children,
                                                         single_parent=single_parent)))
