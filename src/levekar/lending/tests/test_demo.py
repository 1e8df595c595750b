"""The demo library: realistic, ready for the journey, and idempotent."""

import datetime as dt

from django.utils import timezone

from levekar.core.lib.progress import NULL_REPORTER
from levekar.lending import demo, selectors
from levekar.lending.models import Borrower, Checkout, Copy, Item, LendingPoint, Loan


def counts():
    return (LendingPoint.objects.count(), Item.objects.count(), Copy.objects.count(),
            Borrower.objects.count(), Loan.objects.count(), Checkout.objects.count())


def test_the_demo_library_is_ready_for_the_journey_and_loads_once(db):
    demo.load(reporter=NULL_REPORTER)
    points, items, copies, borrowers, loans, _checkouts = counts()
    assert points == 2 and 250 <= copies <= 500 and items > 50
    assert borrowers > 150 and loans > 1000
    today = timezone.localdate()
    assert not Loan.objects.filter(lent_on__lt=today - dt.timedelta(days=366)).exists()
    assert Loan.objects.filter(returned_at__isnull=True, due_on__lt=today).exists()
    # No copy is lent twice at once (the constraint would have refused the insert anyway).
    assert Loan.objects.filter(returned_at__isnull=True).values("copy").distinct().count() \
        == Loan.objects.filter(returned_at__isnull=True).count()

    skis = Item.objects.get(name="Langrennsski", size="130 cm")
    library = LendingPoint.objects.get(code=demo.LIBRARY)
    free = {a.point.code: a.free for a in selectors.availability(
        [skis.pk], points=selectors.lending_points())[skis.pk]}
    assert free[demo.LIBRARY] == 2
    helmets = Item.objects.get(name="Sykkelhjelm", size__startswith="M")
    assert helmets.class_set and helmets.copies.filter(location=library).count() >= 25
    father = Borrower.objects.get(phone="91234567")
    assert father.name == "Jonas Berg" and not father.children.exists()
    assert Borrower.objects.get(name="Strømmen skole").is_institution
    assert Checkout.objects.filter(is_class_set=True).exists()
    assert library.opening_hours.filter(weekday=5).exists()  # open on Saturdays

    demo.load(reporter=NULL_REPORTER)
    assert counts() == (points, items, copies, borrowers, loans, _checkouts)
