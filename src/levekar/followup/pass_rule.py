"""The activity pass's own eligibility rule, for "mulige rettigheter", by dependency inversion.

The age range and income limit of the activity pass are written once, in the pass scheme's
rule set (``passes.eligibility``, edited by the leisure office). ``followup`` may not import
``passes`` (siblings), so the web layer registers at start-up a function that answers with
the rule valid on a day; ``entitlements.evaluate`` reads it. With none registered, or no
active activity pass, the follow-up lists no activity pass: never a second copy of the rule.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

# The params a scheme with "pass_rule" gets from the pass's rule set (entitlements.json may
# use them in conditions and texts, never give them a value).
PASS_PARAMS = ("child_min_age", "child_max_age", "income_limit")


@dataclass(frozen=True)
class PassRule:
    child_min_age: int
    child_max_age: int
    # (children under 18, single parent) -> the household's income limit after tax, in kr;
    # None when the pass has no income criterion.
    income_limit: Callable[[int, bool], int] | None = None


# fn(day) -> PassRule | None
RuleSource = Callable[[dt.date], PassRule | None]

_sources: list[RuleSource] = []


def register_activity_pass_rule(fn: RuleSource) -> None:
    """Register ``fn(day) -> PassRule | None`` (idempotent)."""
    if fn not in _sources:
        _sources.append(fn)


def activity_pass_rule(on: dt.date) -> PassRule | None:
    """The activity pass's rule valid on ``on`` from the first source that has one."""
    for fn in _sources:
        rule = fn(on)
        if rule is not None:
            return rule
    return None
