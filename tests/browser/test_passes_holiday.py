"""Summer camp: a service nominates, the office draws the places, a family declines."""

import re

import pytest

from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def camp(demo_org):
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.passes import demo
    from levekar.passes.models import HolidayOffer
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    demo.load_with(reporter=NULL_REPORTER, households=1500, target=None)
    return HolidayOffer.objects.get()


def _family_not_nominated(offer):
    """A fødselsnummer of a parent in a family with a child of 6–13, not yet nominated."""
    from levekar.passes.eligibility import age_on
    from levekar.passes.models import Nomination
    from levekar.people.models import Person

    taken = set(Nomination.objects.values_list("household_id", flat=True))
    for child in Person.objects.exclude(household_id__in=taken).exclude(birth_date=None) \
            .order_by("pk"):
        if 6 <= age_on(child.birth_date, offer.starts_on) <= 13:
            parent = child.household.members.exclude(pk=child.pk).exclude(national_id=None) \
                .order_by("birth_date").first()
            if parent and age_on(parent.birth_date, offer.starts_on) >= 18:
                return parent.national_id
    raise AssertionError("no family found")


def test_services_nominate_and_the_draw_keeps_families_together(page, live_server, camp):
    from levekar.passes.models import Nomination

    nominated_before = camp.nominations.count()
    login(page, live_server, "nav1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Ferietilbud").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("Nominer til")).click()
    page.get_by_label("Fødselsnummer til et familiemedlem").fill(_family_not_nominated(camp))
    page.get_by_label("Behov").select_option("5")
    page.get_by_label("Begrunnelse").fill("Familien har ikke hatt ferie på mange år.")
    page.get_by_label("Grunnlag for nominasjonen").select_option("service_case")
    page.get_by_role("button", name="Nominer familien").click()
    assert "Familien er nominert." in page.get_by_role("status").first.inner_text()
    assert axe_violations(page) == []
    assert camp.nominations.count() == nominated_before + 1
    page.get_by_role("button", name="Logg ut").click()

    login(page, live_server, "fritid1")
    page.goto(f"{live_server.url}/fritid/ferie/{camp.pk}/")
    page.get_by_label("Frø til loddtrekningen (valgfritt)").fill("20270705")
    page.get_by_role("button", name="Fordel plassene").click()
    assert "Plassene er fordelt (frø 20270705)" in page.get_by_role("status").first.inner_text()
    assert "Kontrollert: samme frø gir samme resultat." in page.get_by_test_id("draw").inner_text()
    assert int(page.get_by_test_id("persons-allocated").inner_text()) <= 40
    assert axe_violations(page) == []
    allocated = Nomination.objects.filter(offer=camp, status="allocated")
    assert all(n.persons <= 40 for n in allocated)

    waiting_before = int(page.get_by_test_id("families-waiting").inner_text())
    page.get_by_test_id("allocated").get_by_role("button", name=re.compile(
        "Familien takket nei")).first.click()
    message = page.get_by_role("status").first.inner_text()
    assert "Registrert at familien takket nei." in message
    moved = int(re.search(r"(\d+) familier rykket opp", message).group(1))
    assert int(page.get_by_test_id("families-waiting").inner_text()) == waiting_before - moved
    assert "Rykket opp fra ventelisten" in page.content() or moved == 0
    assert axe_violations(page) == []
