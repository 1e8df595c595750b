"""A small equipment library built through the services: two lending points, skis,
poles, a class set of helmets, sleeping bags with a washing buffer."""

import datetime as dt
from types import SimpleNamespace

import pytest

from levekar.lending import services


@pytest.fixture
def library(db):
    library_branch = services.lending_point_ensure(
        code="bibliotek", name="Lillestrøm bibliotek", address="Kirkegata 12", hold_days=3,
        order=1)
    centre = services.lending_point_ensure(code="frivilligsentral",
                                           name="Strømmen frivilligsentral", order=2)
    services.opening_hours_set(point=library_branch, hours=[
        (d, dt.time(10), dt.time(19)) for d in range(5)] + [(5, dt.time(10), dt.time(15))])
    services.opening_hours_set(point=centre, hours=[(1, dt.time(15), dt.time(19))])
    winter = services.category_ensure(code="vinter", name="Vinter", name_en="Winter",
                                      order=1, loan_days=7, max_renewals=2)
    bikes = services.category_ensure(code="sykkel", name="Sykkel", name_en="Bikes", order=2,
                                     loan_days=14)
    camping = services.category_ensure(code="tur", name="Tur og telt", name_en="Camping",
                                       order=3, buffer_days=2)
    skis = services.item_create(category=winter, name="Langrennsski", name_en="Cross-country skis",
                                size="130 cm", age_min=7, age_max=10,
                                description="Smørefrie ski med binding for skisko.")
    skis150 = services.item_create(category=winter, name="Langrennsski", size="150 cm",
                                   age_min=10, age_max=13)
    poles = services.item_create(category=winter, name="Skistaver", name_en="Ski poles",
                                 size="100 cm")
    helmet = services.item_create(category=bikes, name="Sykkelhjelm", name_en="Bicycle helmet",
                                  size="M", class_set=True)
    bag = services.item_create(category=camping, name="Sovepose", name_en="Sleeping bag",
                               size="Barn")
    numbered = {}
    numbered["skis"] = services.copies_add(item=skis, location=library_branch, count=2,
                                           first_number=1001)
    numbered["skis_centre"] = services.copies_add(item=skis, location=centre, count=1,
                                                  first_number=1010)
    numbered["skis150"] = services.copies_add(item=skis150, location=library_branch, count=1,
                                              first_number=1050)
    numbered["poles"] = services.copies_add(item=poles, location=library_branch, count=2,
                                            first_number=2001)
    numbered["helmets"] = services.copies_add(item=helmet, location=library_branch, count=25,
                                              first_number=3001)
    numbered["bags"] = services.copies_add(item=bag, location=library_branch, count=1,
                                           first_number=4001)
    return SimpleNamespace(
        library=library_branch, centre=centre, winter=winter, bikes=bikes, camping=camping,
        skis=skis, skis150=skis150, poles=poles, helmet=helmet, bag=bag, copies=numbered,
    )


@pytest.fixture
def people(library, lending_desk):
    """A father, a mother, a school and a kindergarten, registered at the desk."""
    father = services.borrower_register(actor=lending_desk, name="Jonas Berg",
                                        phone="912 34 567", birth_year=1986)
    mother = services.borrower_register(actor=lending_desk, name="Amina Said",
                                        email="amina@example.org")
    school = services.borrower_register(
        actor=lending_desk, name="Strømmen skole", kind="institution",
        institution_kind="school", contact_person="Lærer Hansen", phone="+47 400 00 000")
    return SimpleNamespace(father=father, mother=mother, school=school)


def grow(library, *, items: int, copies_per_item: int = 5, loans_per_copy: int = 3,
         borrowers: int = 50, today: dt.date | None = None) -> None:
    """Make the library bigger with bulk inserts: more items, copies, borrowers and past
    loans (some still out), for tests that a page's query count does not grow with it."""
    from django.db.models import Max
    from django.utils import timezone

    from levekar.lending.models import Borrower, Checkout, Copy, Item, Loan

    today = today or timezone.localdate()
    new_items = []
    for i in range(items):
        item = Item(category=library.winter if i % 2 else library.bikes, name=f"Utstyr {i}",
                    size=f"{100 + i} cm", age_min=5, age_max=12)
        item.refresh_derived()
        new_items.append(item)
    Item.objects.bulk_create(new_items)
    start = (Copy.objects.aggregate(m=Max("number"))["m"] or 0) + 1
    copies = [Copy(item=item, number=start + n, location=library.library if n % 3
                   else library.centre)
              for n, item in enumerate(i for i in new_items for _ in range(copies_per_item))]
    Copy.objects.bulk_create(copies)
    people = [Borrower(name=f"Låntaker {n}", search_name=f"låntaker {n}", phone=f"4{n:07d}")
              for n in range(borrowers)]
    Borrower.objects.bulk_create(people)
    checkouts, loans = [], []
    for n, _copy in enumerate(copies):
        for k in range(loans_per_copy):
            lent = today - dt.timedelta(days=10 * (loans_per_copy - k) + 5)
            checkouts.append(Checkout(borrower=people[(n + k) % borrowers],
                                      location=library.library,
                                      created_at=timezone.make_aware(
                                          dt.datetime.combine(lent, dt.time(12)))))
    Checkout.objects.bulk_create(checkouts)
    i = 0
    for n, copy in enumerate(copies):
        for k in range(loans_per_copy):
            checkout = checkouts[i]
            i += 1
            lent = checkout.created_at.date()
            out = k == loans_per_copy - 1 and n % 4 == 0
            loans.append(Loan(checkout=checkout, copy=copy, item_id=copy.item_id,
                              category_id=copy.item.category_id,
                              lent_from_id=checkout.location_id,
                              borrower=checkout.borrower, lent_at=checkout.created_at,
                              lent_on=lent, due_on=lent + dt.timedelta(days=7),
                              returned_at=None if out else checkout.created_at
                              + dt.timedelta(days=6),
                              days_out=None if out else 6))
    Loan.objects.bulk_create(loans, batch_size=1000)
