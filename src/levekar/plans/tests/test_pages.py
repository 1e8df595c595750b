"""The plan pages: content, filters, access, and a constant number of queries."""

import pytest

from levekar.plans.models import Measure, Progress
from levekar.plans.services import measure_report_save, plan_import, reporting_round_start
from levekar.plans.tests.conftest import PLAN

pytestmark = pytest.mark.django_db


def test_the_plan_list_shows_every_plan(example_plan, client_as):
    page = client_as("planeier1").get("/handlingsplan/").content.decode()
    assert "Handlingsplan mot familiefattigdom 2024–2027 (eksempel)" in page
    assert "Handlingsplan mot barnefattigdom 2020–2023 (eksempel)" in page


def test_the_matrix_shows_goals_measures_status_responsible_and_evaluation(example_plan,
                                                                           client_as):
    page = client_as("nav1").get(f"/handlingsplan/{PLAN}/").content.decode()
    for text in ("Helhetlig innsats for utdanning, språk og arbeid",
                 "Foreldreveiledning med fokus på språk, arbeid og barnas utdanning.",
                 "V/F", "N/F", "NAV Lillestrøm; Helsestasjon Lillestrøm",
                 "Kultur og fritid; Frivilligsentralen; Frivillige organisasjoner",
                 "Antall foreldre i veiledning – årlig", "30. juni 2025"):
        assert text in page, text
    assert page.count('data-testid="measure-row"') == 6


def test_a_measure_explains_its_evaluation_in_one_line():
    import datetime as dt

    from django.utils import translation

    from levekar.plans.models import Frequency

    with translation.override("nb"):
        assert Measure(evaluation_indicator="Antall", evaluation_frequency=Frequency.YEARLY
                       ).evaluation_label == "Antall – årlig"
        assert Measure(evaluation_frequency=Frequency.DATE, evaluation_date=dt.date(2025, 6, 30)
                       ).evaluation_label == "30. juni 2025"
        assert Measure(evaluation_indicator="Antall").evaluation_label == "Antall"
        assert Measure().evaluation_label == "–"


@pytest.mark.parametrize(("query", "codes"), [
    ("enhet=kultur-fritid", ["2.1.1"]),
    ("enhet=uten-enhet", ["2.1.3"]),
    ("status=N", ["1.2.1", "2.1.2"]),
    ("status=-", ["2.1.3"]),
    ("status=F&enhet=familieteamet", ["1.2.1"]),
])
def test_the_matrix_filters_by_responsible_unit_and_status(example_plan, client_as, query,
                                                           codes):
    response = client_as("planeier1").get(f"/handlingsplan/{PLAN}/?{query}")
    shown = [row.measure.code for row in response.context["matrix"].rows]
    assert shown == codes


def test_the_filter_answers_htmx_with_only_the_matrix(example_plan, client_as):
    response = client_as("planeier1").get(f"/handlingsplan/{PLAN}/?status=N",
                                          headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="matrix"')
    assert "<html" not in page


def test_the_measure_page_shows_its_history_across_the_revision(example_plan, plan_owner,
                                                                client_as):
    previous = example_plan.previous_plan
    old_round = reporting_round_start(plan=previous, year=2023, actor=plan_owner)
    measure_report_save(round=old_round, measure=Measure.objects.get(plan=previous, code="A1.1"),
                        actor=plan_owner, progress=Progress.COMPLETED,
                        narrative="Fritidskortet er innført.", indicator_value=None,
                        expected_version=None)
    measure = Measure.objects.get(plan=example_plan, code="2.1.1")
    page = client_as("fritid1").get(f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/"
                                    ).content.decode()
    assert "Fritidskortet er innført." in page
    assert "Fritidskort til alle barn" in page  # the measure it continues


def test_pages_need_a_role(example_plan, client, django_user_model):
    user = django_user_model.objects.create_user("uten-rolle", password="x" * 12)
    client.force_login(user)
    assert client.get("/handlingsplan/").status_code == 403
    client.logout()
    assert client.get("/handlingsplan/").status_code == 302


def _grow(plan, extra: int) -> None:
    """Add ``extra`` measures to the example plan (through the import service)."""
    from levekar.plans.planfile.export import dump_yaml, plan_document
    from levekar.plans.selectors import plan_get, plan_matrix

    doc = plan_document(plan_matrix(plan_get(plan.code)))
    goal = doc["focus_areas"][0]["goals"][0]
    for i in range(extra):
        goal["measures"].append({
            "code": f"X.{i}", "title": f"Ekstra tiltak {i}", "status": "V",
            "responsible": [{"unit": "nav-lillestrom"}, {"text": "Frivillige"}],
            "evaluation": {"indicator": "Antall", "frequency": "yearly"},
            "indicator_link": {"indicator": "persistent_low_income_60", "area": "3205",
                               "target": 10.0, "target_year": 2027} if i % 2 else None,
        })
    plan_import(text=dump_yaml(doc), filename="stor.yaml")


@pytest.mark.parametrize("extra", [0, 40])
def test_the_plan_pages_use_a_constant_number_of_queries(example_plan, plan_owner, client_as,
                                                         django_assert_max_num_queries, extra):
    _grow(example_plan, extra)
    rnd = reporting_round_start(plan=example_plan, year=2025, actor=plan_owner)
    for m in Measure.objects.filter(plan=example_plan)[:: 2]:
        measure_report_save(round=rnd, measure=m, actor=plan_owner, progress="in_progress",
                            narrative="I gang.", indicator_value=None, expected_version=None)
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    client = client_as("planeier1")
    pages = {
        "/handlingsplan/": 7,
        # The matrix: plan, focus areas, goals (with their links), delmål, measures,
        # responsibilities, round, reports … whatever the size.
        f"/handlingsplan/{PLAN}/": 12,
        f"/handlingsplan/{PLAN}/?enhet=nav-lillestrom&status=V": 12,
        # + 2 queries from the statistics' trend source, 1 from the universal measures'
        # evidence (web) and the evaluation's (design, lovende praksis, Sjumilssteget),
        # whatever the size.
        f"/handlingsplan/{PLAN}/tiltak/{measure.pk}/": 15,
        f"/handlingsplan/{PLAN}/oppfolging/": 5,
        f"/handlingsplan/{PLAN}/oppfolging/2025/": 13,
        f"/handlingsplan/{PLAN}/oppfolging/2025/tiltak/{measure.pk}/": 14,  # + evaluation
        # + the names of the linked indicators' areas, and the statistics section (the
        # result sets; none is loaded here, so the section stops there).
        # + the last report made as a job (one query).
        f"/handlingsplan/{PLAN}/rapport/2025/": 22,  # + evaluation
        "/handlingsplan/mine-tiltak/": 7,
    }
    for url, limit in pages.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url
    # A unit with measures in the round: its list grows with the plan, its queries do not.
    unit_client = client_as("nav1")
    with django_assert_max_num_queries(7):
        page = unit_client.get("/handlingsplan/mine-tiltak/").content.decode()
    assert page.count("/oppfolging/2025/tiltak/") == 1 + extra
