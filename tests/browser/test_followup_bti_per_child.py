"""BTI follows each child (issue 11, item 3): the coordinator lifts Sara to level 2 with the
helsestasjon nurse as her stafettholder, and sets her brother Yusuf at level 1 with his
teacher (a participant without an account) holding the baton. The family page then shows
each child at their own level with the duties of that level."""

import os

import pytest
from playwright.sync_api import expect

from levekar.followup import services as S
from levekar.followup.models import BtiLevelChange, InfoPart
from levekar.followup.tests.factories import make_family, member
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family(demo_org):
    coordinator = demo_org["users"]["koordinator1"]
    health = demo_org["units"]["helsestasjon-lillestrom"]
    case = make_family(coordinator=coordinator, municipality=demo_org["municipality"])
    S.consent_record(actor=coordinator, case=case, given_by=member(case, "Amina").person,
                     subject=None, grants=[(health, InfoPart.HEALTH)])
    S.participant_add(actor=coordinator, case=case, user=demo_org["users"]["helsestasjon1"])
    S.participant_add(actor=coordinator, case=case, name="Kari Lærer",
                      organisation="Strømmen skole", contact="kari@skole.example")
    return case


def _set_level(page, child: str, level: str, holder: str, reason: str) -> None:
    form = page.locator("form.lk-form")
    form.get_by_label("Barn").select_option(label=child)
    form.get_by_label("Nytt nivå").select_option(label=level)
    form.get_by_label("Stafettholder").select_option(label=holder)
    form.get_by_label("Hvorfor").fill(reason)
    form.get_by_role("button", name="Lagre").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Familien Hassan"


def test_the_coordinator_sets_one_child_at_level_2_and_another_at_level_1(
        page, live_server, family):
    login(page, live_server, "koordinator1")
    page.goto(f"{live_server.url}/familier/{family.pk}/")
    page.get_by_role("link", name="Endre et barns BTI-nivå eller stafettholder").click()
    expect(page.get_by_role("table", name="BTI-nivå og stafettholder for hvert barn")
           ).to_be_visible()
    assert axe_violations(page) == []

    nurse = "Hanne Helse (Helsestasjon Lillestrøm)"
    _set_level(page, "Sara Hassan", "Nivå 1 – tiltak i egen tjeneste", nurse,
               "Fravær fra skolen.")
    page.get_by_role("link", name="Endre et barns BTI-nivå eller stafettholder").click()
    # Straight to level 2 for Yusuf is refused: one step at a time, with the reason in words.
    form = page.locator("form.lk-form")
    form.get_by_label("Barn").select_option(label="Yusuf Hassan")
    form.get_by_label("Nytt nivå").select_option(label="Nivå 2 – samarbeid mellom tjenester")
    form.get_by_label("Stafettholder").select_option(label=nurse)
    form.get_by_label("Hvorfor").fill("For raskt.")
    form.get_by_role("button", name="Lagre").click()
    assert "Nivået kan bare økes ett trinn om gangen" in page.content()
    assert axe_violations(page) == []

    _set_level(page, "Yusuf Hassan", "Nivå 1 – tiltak i egen tjeneste",
               "Kari Lærer (Strømmen skole)", "Skolen følger opp lesing.")
    page.get_by_role("link", name="Endre et barns BTI-nivå eller stafettholder").click()
    page.get_by_role("link", name="Endring for Sara").click()
    # The form starts from Sara's values.
    assert page.locator("form.lk-form").get_by_label("Barn").input_value() == \
        str(member(family, "Sara").pk)
    _set_level(page, "Sara Hassan", "Nivå 2 – samarbeid mellom tjenester", nurse,
               "Samarbeid med helsestasjonen etter samtykke.")

    level2 = page.get_by_test_id("bti-level-2")
    level1 = page.get_by_test_id("bti-level-1")
    level0 = page.get_by_test_id("bti-level-0")
    assert "Sara Hassan" in level2.inner_text() and "Hanne Helse" in level2.inner_text()
    assert "Yusuf Hassan" in level1.inner_text() and "Kari Lærer" in level1.inner_text()
    assert "Lina Hassan" in level0.inner_text()
    assert "nivå 2 bare etter samtykke" in level2.get_by_test_id("duties").inner_text()
    assert axe_violations(page) == []
    os.makedirs("var", exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="var/k5-case-bti-per-child.png", full_page=True)

    sara, yusuf = member(family, "Sara"), member(family, "Yusuf")
    assert (sara.bti_level, yusuf.bti_level, member(family, "Lina").bti_level) == (2, 1, 0)
    assert sara.stafettholder.user.username == "helsestasjon1"
    assert yusuf.stafettholder.name == "Kari Lærer" and yusuf.stafettholder.user is None
    assert list(BtiLevelChange.objects.filter(member=sara).order_by("pk")
                .values_list("to_level", flat=True)) == [1, 2]
    family.refresh_from_db()
    assert family.bti_level == 2

    page.goto(f"{live_server.url}/familier/{family.pk}/bti/")
    history = page.get_by_role("table", name="Endringer av BTI-nivået").inner_text()
    assert "Sara Hassan" in history and "Yusuf Hassan" in history
    page.screenshot(path="var/k5-bti-page.png", full_page=True)
