"""Whether a service partner's unit may nominate a family, by dependency inversion.

``passes`` may not import ``followup`` (siblings). The web layer registers, at start-up,
a function that answers whether a user's unit reaches a household through an open
follow-up case with the family's consent (``followup.access``). With none registered the
answer is no: a nomination on that basis is refused, never let through.
"""

from collections.abc import Callable

# fn(user, household_id) -> bool
ConsentCheck = Callable[[object, int], bool]

_consent_checks: list[ConsentCheck] = []


def register_followup_consent_check(fn: ConsentCheck) -> None:
    """Register ``fn(user, household_id) -> bool`` (idempotent)."""
    if fn not in _consent_checks:
        _consent_checks.append(fn)


def followup_consent_covers(user, household_id: int) -> bool:
    """True when a registered check finds an open follow-up case of the household with
    the family's consent for the user's unit."""
    return any(fn(user, household_id) for fn in _consent_checks)
