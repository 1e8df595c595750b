"""The coordinator's half of the Familiekoordinator journey (JOURNEYS.md, steps 2–5):
the start mapping on a laptop at the first home visit, the possible entitlements, Familiens
plan with the child's own words, the feedback chart flagging a falling alliance, and the
caseload."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from levekar.followup import services as S
from levekar.followup.models import Assessment, ChildVoice, Goal, Meeting
from levekar.followup.tests.factories import make_activity_pass, make_family, member
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def family(demo_org):
    make_activity_pass(demo_org["municipality"])
    return make_family(coordinator=demo_org["users"]["koordinator1"],
                       municipality=demo_org["municipality"])


def in_section(page, title):
    return page.locator("section", has=page.get_by_role("heading", name=title, exact=True))


def test_the_start_mapping_lists_possible_entitlements_and_the_plan_gets_the_childs_voice(
        page, live_server, family):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "koordinator1")
    page.goto(f"{live_server.url}/familier/{family.pk}/kartlegging/")
    page.get_by_role("link", name="Fyll ut startkartleggingen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ny kartlegging"
    assert axe_violations(page) == []

    page.get_by_label("Økonomisk sosialhjelp").check()
    page.get_by_label("Husstandens samlede inntekt etter skatt per år (anslag) (kr)").fill(
        "280000")
    assert page.get_by_label("Enslig forsørger").input_value() == "true"  # from the members
    page.get_by_label("Har gjeld utenom boliglån", exact=True).select_option("true")
    page.get_by_label("Saker hos inkasso").check()
    page.get_by_label("Eier eller leier").select_option("rented")
    assert page.get_by_label("Personer i boligen").input_value() == "4"
    page.get_by_label("Antall rom (uten kjøkken og bad)").fill("2")
    page.get_by_label("Boligens størrelse (m²)").fill("48")
    school = in_section(page, "Barnehage og skole")
    for name, stage in (("Sara", "upper_secondary"), ("Yusuf", "grade_5_7"),
                        ("Lina", "grade_1_4")):
        group = school.get_by_role("group", name=re.compile(f"^{name} Hassan"))
        group.get_by_label("Barnehage eller skoletrinn").select_option(stage)
    school.get_by_role("group", name=re.compile("^Lina Hassan")).get_by_label(
        "Går i SFO/AKS").select_option("true")
    leisure = in_section(page, "Fritid")
    sara = leisure.get_by_role("group", name=re.compile("^Sara Hassan"))
    sara.get_by_label("Med i organisert fritidsaktivitet").select_option("false")
    sara.get_by_label("Mangler utstyr for å delta").select_option("true")
    mother = in_section(page, "Helse, livskvalitet og mestringstro").get_by_role(
        "group", name=re.compile("^Amina Hassan"))
    mother.get_by_label("Livskvalitet (stige 0–10)").select_option("4")
    scale = mother.get_by_role("group", name="Mestringstro (10 utsagn)")
    for n, score in enumerate([2, 2, 3, 1, 2, 2, 3, 2, 2, 2]):
        scale.get_by_label(re.compile(f"^{n + 1}\\. ")).select_option(str(score))
    page.get_by_role("button", name="Lagre kartleggingen").click()

    expect(page.get_by_role("status").filter(has_text="Kartleggingen er lagret.")).to_be_visible()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Startkartlegging")
    entitlements = page.get_by_role("list", name="Mulige rettigheter")
    text = entitlements.inner_text()
    for scheme in ("Bostøtte", "Utvidet barnetrygd", "Redusert foreldrebetaling i SFO",
                   "Aktivitetspass (fritidspass)", "Utstyrsbanken (gratis utlån)"):
        assert scheme in text
    assert text.count("Mulig rett – må sjekkes") >= 5
    assert "Hva må sjekkes" in text and "Hvem avgjør" in text
    crowded = page.locator("dt", has_text="Trangbodd (samme regel som statistikken)")
    assert crowded.locator("xpath=following-sibling::dd[1]").inner_text() == "Ja"
    assert "21 (10–40)" in page.inner_text("main")
    assert axe_violations(page) == []
    a = Assessment.objects.get(case=family)
    assert a.answers["household"]["area_m2"] == 48

    # Familiens plan: the eldest's goal with her own words.
    page.get_by_role("navigation", name="Deler av familieløpet").get_by_role(
        "link", name="Familiens plan").click()
    page.get_by_role("link", name="Nytt mål").click()
    page.get_by_role("textbox", name="Mål", exact=True).fill("Eldste barn med i organisert fritid")
    page.get_by_label("Område").select_option("leisure")
    page.get_by_label("For hvem").select_option(str(member(family, "Sara").pk))
    page.get_by_label("Måldato").fill("2027-03-01")
    page.get_by_role("button", name="Legg til mål").click()
    goal = Goal.objects.get()
    page.get_by_role("link", name="Legg til barnets stemme – Eldste barn med i organisert "
                                  "fritid").click()
    child = page.get_by_role("combobox", name="Barn", exact=True)
    assert child.input_value() == str(member(family, "Sara").pk)
    page.get_by_label("Barnets egne ord").fill("Jeg vil spille håndball, men har ikke sko")
    page.get_by_label("Hvordan det kom fram").select_option("home_visit")
    page.get_by_role("button", name="Lagre barnets ord").click()
    article = page.get_by_role("article", name="Eldste barn med i organisert fritid")
    quote = article.locator("figure").inner_text()
    assert "«Jeg vil spille håndball, men har ikke sko»" in quote
    assert "Sara, 16 år · Under hjemmebesøk" in quote
    assert ChildVoice.objects.get().goal == goal
    page.get_by_role("link", name="Legg til tiltak – Eldste barn med i organisert fritid").click()
    page.get_by_role("textbox", name="Tiltak", exact=True).fill("Låne håndballsko i utstyrsbanken")
    page.get_by_label("Ansvarlig enhet").select_option(label="Utstyrsbanken")
    page.get_by_label("Frist").fill("2026-12-15")
    page.get_by_role("button", name="Legg til tiltak").click()
    assert "Låne håndballsko i utstyrsbanken" in article.inner_text()
    assert axe_violations(page) == []


def test_after_three_meetings_the_chart_shows_the_alliance_falling_and_the_case_is_flagged(
        page, live_server, family, demo_org):
    coordinator = demo_org["users"]["koordinator1"]
    mother = member(family, "Amina")
    for n, alliance in enumerate([[10, 10, 9, 9], [9, 9, 9, 8], [8, 8, 8, 7]]):
        meeting = S.meeting_create(actor=coordinator, case=family, kind=Meeting.Kind.HOME_VISIT,
                                   starts_at=timezone.now() - dt.timedelta(days=21 * (3 - n)),
                                   status=Meeting.Status.HELD, members=[mother])
        S.feedback_record(actor=coordinator, meeting=meeting, member=mother,
                          outcome=[4, 5, 4, 4 + n], alliance=alliance)
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "koordinator1")
    page.goto(f"{live_server.url}/familier/arbeidsliste/")
    row = page.get_by_role("row", name=re.compile(f"Familieløp {family.pk}"))
    assert "Ikke på rett vei" in row.inner_text()
    assert axe_violations(page) == []
    row.get_by_role("link", name="Ikke på rett vei").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tilbakemeldinger"
    warning = page.get_by_role("status").filter(has_text="Ikke på rett vei")
    assert "samarbeidsskåren har falt ved hver av de siste samtalene" in warning.inner_text()
    chart = page.locator(".lk-chart").first
    chart.locator("svg").wait_for()
    assert "Utfall og samarbeid over møtene" in chart.get_attribute("aria-label")
    table = page.get_by_role("table").first.inner_text()
    assert "38" in table and "35" in table and "31" in table and "(under grensen)" in table
    assert axe_violations(page) == []
