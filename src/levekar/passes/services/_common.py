"""What the passes services share: reason labels, actor handling, chunking."""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.utils.translation import gettext_lazy as _

from levekar.passes import eligibility as el

ALREADY_ISSUED = "already_issued"

REASON_LABELS = {
    el.AGE_OUTSIDE_RANGE: _("Age outside the scheme's range"),
    el.BIRTH_DATE_MISSING: _("Date of birth unknown"),
    el.OUTSIDE_MUNICIPALITY: _("Lives outside the municipality"),
    el.OUTSIDE_ZONE: _("Lives outside the scheme's zones"),
    el.INCOME_MISSING: _("No income data for the household"),
    el.INCOME_OVER_LIMIT: _("Household income over the limit"),
    ALREADY_ISSUED: _("Already has a card (earlier run)"),
}

# Django's SQLite backend allows 999 parameters per query; stay under it everywhere.
CHUNK = 900


def chunked(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def actor_user(actor):
    """The actor if it is a logged-in user (for "by" fields), else None (CLI, a club link)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def actor_fields(actor, actor_name: str = "") -> dict:
    """The audit fields for a user, or for a named non-user actor (CLI, a club link)."""
    if actor_user(actor) is not None:
        return {"actor": actor}
    return {"actor": None, "actor_username": actor_name}
