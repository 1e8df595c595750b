"""A group leader runs an ICDP group, and the plan owner reads its result and the reach
per zone — in Chromium (issue 14, items 4 and 6)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from levekar.core.lib.progress import NULL_REPORTER
from levekar.evaluation import datafiles
from levekar.evaluation import programme_services as services
from levekar.evaluation.models import Participant, Phase, QuestionnaireResponse
from levekar.people import demo as people_demo
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


@pytest.fixture
def course(demo_org):
    users = demo_org["users"]
    programme = services.programme_create(actor=users["planeier1"],
                                          name="ICDP foreldreveiledning",
                                          questionnaire="icdp_foreldre")
    return services.course_create(
        actor=users["planeier1"], programme=programme, name="Strømmen, arabisk",
        language="arabisk", place="Strømmen helsestasjon",
        starts_on=TODAY - dt.timedelta(days=60), leaders=[users["helsestasjon1"]],
        co_leader="Rania Haddad", co_leader_note="medveileder med minoritetsbakgrunn")


def test_the_group_leader_registers_a_parent_and_the_answers_before(page, live_server, course):
    login(page, live_server, "helsestasjon1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Mine gruppekurs").click()
    page.get_by_role("link", name="Strømmen, arabisk").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Strømmen, arabisk"

    # Without consent nothing is stored, and the form says why.
    page.get_by_text("Registrer en deltaker").click()
    page.get_by_role("textbox", name="Navn", exact=True).fill("Amal Ahmed")
    page.get_by_role("button", name="Registrer deltaker").click()
    assert "ikke registrert" in page.get_by_role("alert").first.inner_text()
    expect(page.get_by_text("Deltakeren må gi samtykke før registrering.",
                            exact=True)).to_be_visible()
    assert not Participant.objects.exists()
    page.get_by_role("textbox", name="Navn", exact=True).fill("Amal Ahmed")
    page.get_by_label("Deltakeren samtykker", exact=False).check()
    page.get_by_role("button", name="Registrer deltaker").click()
    assert "Deltakeren er registrert" in page.get_by_role("status").inner_text()
    assert axe_violations(page) == []

    # The questionnaire before the course: one scale per question.
    page.get_by_test_id("participants").get_by_role("link", name="Registrer svar").first.click()
    form = datafiles.questionnaires()["icdp_foreldre"]
    for item in form.items:
        page.get_by_role("group", name=item.text).get_by_label("3", exact=True).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre svarene").click()
    assert "Svarene er lagret" in page.get_by_role("status").inner_text()
    response = QuestionnaireResponse.objects.get()
    assert response.phase == Phase.BEFORE and set(response.answers.values()) == {3}


def test_the_plan_owner_reads_the_programme_and_the_reach_without_names(
        page, live_server, course, demo_org):
    leader = demo_org["users"]["helsestasjon1"]
    people = [services.participant_register(actor=leader, course=course,
                                            name=f"Forelder Nummer{i}", consent=True)
              for i in range(12)]
    up = [i.id for i in datafiles.questionnaires()["icdp_foreldre"].items
          if i.direction == "up"]
    for i, p in enumerate(people):
        services.questionnaire_answer(actor=leader, participant=p, phase=Phase.BEFORE,
                                      answers=dict.fromkeys(up, 2))
        if i < 11:
            services.questionnaire_answer(actor=leader, participant=p, phase=Phase.AFTER,
                                          answers=dict.fromkeys(up, 4 if i < 7 else 2))
    people_demo.load(reporter=NULL_REPORTER)
    login(page, live_server, "planeier1")
    page.goto(f"{live_server.url}/evaluering/programmer/")
    table = page.get_by_test_id("change-icdp-foreldreveiledning")
    text = table.inner_text()
    assert "63,6" in text                      # 7 of 11 answered before and after
    assert "Nummer" not in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Rekkevidde per sone").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Rekkevidde per sone"
    assert page.get_by_test_id("reach-table").get_by_role("row").count() > 10
    assert axe_violations(page) == []


def test_the_evaluation_pages_fit_a_phone(phone_page, live_server, course, demo_org):
    """Every evaluation page fits 390 px: tables scroll inside their own box.

    A design goal gives the design page its goal table, whose screen-reader-only
    link text once widened the page to 1,070 px.
    """
    from levekar.evaluation import services as evaluation_services

    model = evaluation_services.followup_model_ensure(
        code="nye-monstre", name="Nye mønstre – familiekoordinator")
    evaluation_services.goal_save(
        actor=demo_org["users"]["planeier1"], followup_model=model,
        data=evaluation_services.GoalInput(
            kind="effect", title="Familier ut av vedvarende lavinntekt",
            indicator="Andel familier med bedre inntekt og arbeid etter ett år",
            source="mapping", source_detail="income_work", target="40 %",
            frequency="yearly"))
    login(phone_page, live_server, "planeier1")
    for path in ("", "utfall/", "design/", "lovende-praksis/", "programmer/",
                 "rekkevidde/", "sjumilssteget/", "rapport/"):
        phone_page.goto(f"{live_server.url}/evaluering/{path}")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    phone_page.goto(f"{live_server.url}/evaluering/design/")
    expect(phone_page.get_by_role("table").first).to_be_visible()
