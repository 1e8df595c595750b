"""The staff holiday offer page on a 390 px phone: nothing scrolls sideways but the
tables, each inside a wrapper a keyboard user can focus and scroll."""

import pytest

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Elements that reach past the screen's right edge and are not inside a scrolling box.
WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 390
          && !(e.parentElement.closest('.lk-table-wrap')
               && getComputedStyle(e).position === 'static'))
  .slice(0, 8).map(e => e.tagName + '.' + e.className + ' '
    + getComputedStyle(e).position + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture
def drawn_camp(demo_org):
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import User
    from levekar.passes import demo
    from levekar.passes.models import HolidayOffer
    from levekar.passes.services import offer_allocate
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    demo.load_with(reporter=NULL_REPORTER, households=1500, target=None)
    offer = HolidayOffer.objects.get()
    offer_allocate(actor=User.objects.get(username="fritid1"), offer=offer, seed=7)
    return offer


@pytest.mark.parametrize("drawn", [False, True], ids=["open", "drawn"])
def test_the_holiday_offer_page_fits_a_phone(phone_page, live_server, demo_org, drawn,
                                             request):
    from levekar.passes.models import HolidayOffer

    if drawn:
        offer = request.getfixturevalue("drawn_camp")
    else:
        from levekar.core.lib.progress import NULL_REPORTER
        from levekar.passes import demo
        from levekar.people import demo as people_demo

        people_demo.load(reporter=NULL_REPORTER)
        demo.load_with(reporter=NULL_REPORTER, households=1500, target=None)
        offer = HolidayOffer.objects.get()
    login(phone_page, live_server, "fritid1")
    phone_page.goto(f"{live_server.url}/fritid/ferie/{offer.pk}/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    wide = phone_page.evaluate(WIDER_THAN_SCREEN)
    assert width <= 390, f"the page is {width} px wide; too wide: {wide}"
    wrappers = phone_page.locator(".lk-table-wrap")
    assert wrappers.count() >= 1
    for i in range(wrappers.count()):
        wrapper = wrappers.nth(i)
        assert wrapper.get_attribute("tabindex") == "0"
        assert wrapper.get_attribute("aria-label")
    assert axe_violations(phone_page) == []
