"""The demo data tells the journey: 1 214 eligible, Strømmen vest at 31 %, 60 families."""

from levekar.core.lib.progress import NULL_REPORTER
from levekar.passes import demo
from levekar.passes.models import (
    ActivityPass,
    Club,
    HolidayOffer,
    Nomination,
    PassUse,
    ReminderRun,
    Scheme,
)
from levekar.passes.selectors import reminder_effects, uptake_by_zone
from levekar.passes.services import passes_issue
from levekar.people.models import Household, IncomeRecord, Person


def snapshot():
    return [m.objects.count() for m in (Household, Person, IncomeRecord, Scheme, Club,
                                        ActivityPass, PassUse, ReminderRun, HolidayOffer,
                                        Nomination)]


def test_the_demo_tells_the_journey_and_loading_it_twice_changes_nothing(zones):
    demo.load(reporter=NULL_REPORTER)
    first = snapshot()
    demo.load(reporter=NULL_REPORTER)
    assert snapshot() == first
    assert Household.objects.count() >= 3000

    # Last season: Strømmen vest ended at 31 % use, and the reminder raised use.
    (fritidskort,) = uptake_by_zone(year=demo.HISTORY_YEAR)
    sv = next(r for r in fritidskort.zones if r.label == "Strømmen vest")
    assert sv.share_text == "31 %" and sv.issued >= 100
    (effect,) = reminder_effects(year=demo.HISTORY_YEAR)
    assert effect.used_after > 0

    # The summer camp: 40 places, 60 families nominated, not drawn yet.
    offer = HolidayOffer.objects.get()
    assert (offer.capacity, offer.status, offer.nominations.count()) == (40, "open", 60)
    assert Club.objects.count() == 3

    # August: the issuance finds exactly the journey's 1 214 children.
    scheme = Scheme.objects.get(code=demo.SCHEME_CODE)
    run = passes_issue(scheme=scheme, year=demo.DEMO_YEAR)
    assert (run.eligible, run.issued, run.skipped) == (1214, 1214, 0)
