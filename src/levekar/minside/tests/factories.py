"""State for Min side tests, built with the apps' own services and the Min side demo."""

import datetime as dt

from levekar.core.lib.progress import NULL_REPORTER
from levekar.minside import demo
from levekar.people import services as people_services
from levekar.people.identity import synthetic_national_id
from levekar.people.models import Person


def _library():
    """A lending point with skis (one pair goes on loan to Jonas in the demo) and a tent."""
    from levekar.lending import services as lending

    point = lending.lending_point_ensure(code="bibliotek", name="Lillestrøm bibliotek",
                                         hold_days=3, order=1)
    winter = lending.category_ensure(code="vinter", name="Vinter", order=1, loan_days=7,
                                     max_renewals=1)
    camping = lending.category_ensure(code="tur", name="Tur og telt", order=2)
    skis = lending.item_create(category=winter, name="Langrennsski", size="130 cm")
    tent = lending.item_create(category=camping, name="Telt", size="4 personer")
    lending.copies_add(item=skis, location=point, count=1, first_number=1001)
    lending.copies_add(item=tent, location=point, count=1, first_number=5001)


def residents(demo_org, *, with_holiday_place: bool = True) -> dict:
    """The demo's Berg family (two children with cards, one used at a club), Ola with no
    data, and another family (Kari Lie and her son) that Jonas must never see."""
    from levekar.passes import services as passes

    municipality = demo_org["municipality"]
    passes.scheme_create(municipality=municipality, code="fritidskort", name="Fritidskort",
                         kind="activity_pass", card_title="Fritidskort",
                         annual_cap_per_child=2000)
    passes.club_create(municipality=municipality, name="Strømmen IF")
    _library()
    demo.load(reporter=NULL_REPORTER)
    jonas = Person.objects.get(national_id=demo.national_id(demo.PARENT))
    household = jonas.household
    other_home = people_services.household_create(actor=None, municipality=municipality,
                                                  street="Fjellveien 2")
    kari = people_services.person_create(
        actor=None, first_name="Kari", last_name="Lie", household=other_home,
        national_id=synthetic_national_id(dt.date(1988, 8, 8), 11))
    son = people_services.person_create(
        actor=None, first_name="Per", last_name="Lie", household=other_home,
        national_id=synthetic_national_id(dt.date(2015, 4, 4), 12))
    people_services.parental_responsibility_set(actor=None, parent=kari, child=son)
    from levekar.lending.models import Loan

    state = {"loan": Loan.objects.get(borrower__phone=demo.PARENT_PHONE), "jonas": jonas,
             "ola": Person.objects.get(national_id=demo.national_id(demo.NO_DATA)),
             "kari": kari, "per": son,
        "children": list(Person.objects.filter(parents_rel__parent=jonas)
                         .order_by("birth_date"))}
    if with_holiday_place:
        offer = passes.offer_create(
            municipality=municipality, name="Sommerleir", organiser="Ferie for alle",
            place="Hove", starts_on=dt.date.today() + dt.timedelta(days=200), min_child_age=6,
            ends_on=dt.date.today() + dt.timedelta(days=205), capacity=6)
        nav = demo_org["users"]["nav1"]
        nominations = [passes.nomination_create(actor=nav, offer=offer, household=h,
                                                need=3, reason="Trenger ferie.", persons=n)
                       for h, n in ((household, 3), (other_home, 2))]
        passes.offer_allocate(actor=demo_org["users"]["fritid1"], offer=offer, seed=1)
        for n in nominations:
            n.refresh_from_db()
        state.update(offer=offer, nomination=nominations[0], other_nomination=nominations[1])
    return state
