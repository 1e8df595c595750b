"""Group programmes (ICDP parent guidance): a course from sign-up to the before/after
result, consent and bad answers refused in Norwegian, names only for the group leaders,
the change suppressed by the small-cell rule, the questionnaire as a data file."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from levekar.core.errors import InvalidInput
from levekar.core.models import AuditEvent
from levekar.evaluation import datafiles
from levekar.evaluation import programme_services as services
from levekar.evaluation.lib import IMPROVED, UNCHANGED, WORSE, questionnaire_verdict
from levekar.evaluation.models import Participant, Phase, QuestionnaireResponse
from levekar.evaluation.selectors.programmes import programme_results

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
FORM = datafiles.questionnaires()["icdp_foreldre"]
UP = [i.id for i in FORM.items if i.direction == "up"]


@pytest.mark.parametrize(("before", "after", "verdict"), [
    ({"a": 2, "b": 3}, {"a": 4, "b": 3}, IMPROVED),
    ({"a": 4, "b": 3}, {"a": 2, "b": 3}, WORSE),
    ({"a": 3, "b": 3}, {"a": 3, "b": 3}, UNCHANGED),
    ({"a": 2, "b": 4}, {"a": 3, "b": 3}, UNCHANGED),      # one up, one down
    ({"s": 4}, {"s": 2}, IMPROVED),                        # less stress is better
    ({"a": 2}, {"b": 4}, None),                            # nothing answered in both
    ({"a": 2}, {}, None),                                  # only before: missing, not change
])
def test_a_participants_change_compares_only_items_answered_before_and_after(
        before, after, verdict):
    items = [("a", "up"), ("b", "up"), ("s", "down")]
    assert questionnaire_verdict(items, before, after) == verdict


@pytest.fixture
def leader(demo_org):
    return demo_org["users"]["helsestasjon1"]


@pytest.fixture
def programme(demo_org):
    return services.programme_create(actor=demo_org["users"]["planeier1"],
                                     name="ICDP foreldreveiledning",
                                     questionnaire="icdp_foreldre")


def _course(programme, leader, name="Strømmen", language="arabisk"):
    return services.course_create(
        actor=leader, programme=programme, name=name, language=language, place="Strømmen",
        starts_on=TODAY - dt.timedelta(days=60), leaders=[leader], co_leader="Rania Haddad",
        co_leader_note="medveileder med minoritetsbakgrunn")


def _answers(value: int) -> dict:
    return dict.fromkeys(UP, value)


def _fill(course, leader, n, *, better, worse=0, only_before=0):
    """n participants answering 3 before; ``better`` answer 4 after, ``worse`` 2, the next
    the same, and the last ``only_before`` never answer after."""
    people = [services.participant_register(actor=leader, course=course, name=f"Forelder {i}",
                                            consent=True) for i in range(n)]
    for p in people:
        services.questionnaire_answer(actor=leader, participant=p, phase=Phase.BEFORE,
                                      answers=_answers(3))
    for i, p in enumerate(people[:n - only_before]):
        value = 4 if i < better else 2 if i < better + worse else 3
        services.questionnaire_answer(actor=leader, participant=p, phase=Phase.AFTER,
                                      answers=_answers(value))
    return people


def test_an_icdp_course_from_sign_up_to_the_before_and_after_result(programme, leader):
    course = _course(programme, leader)
    people = _fill(course, leader, 14, better=8, worse=1, only_before=1)
    services.session_record(actor=leader, course=course, held_on=TODAY - dt.timedelta(days=50),
                            theme="Vis positive følelser", attended=people[:12])
    result = programme_results()[0]
    line = result.courses[0]
    # Recomputed from the rows: 13 answered both, 8 better, 1 worse, 4 the same.
    both = [p for p in Participant.objects.filter(course=course)
            if {r.phase for r in p.responses.all()} == {Phase.BEFORE, Phase.AFTER}]
    assert len(both) == line.change.compared == 13
    assert line.change.missing == 1                    # answered only before: missing
    assert [c.text for c in line.change.row.cells] == [f"{100 * 8 / 13:.1f}".replace(".", ","),
                                                       ":", ":"]
    assert line.change.mean_before == 3.0
    assert line.change.mean_after == pytest.approx((8 * 4 + 2 + 4 * 3) / 13, abs=0.01)
    assert result.total.sessions == 1
    # Every registration and answer is audited.
    assert AuditEvent.objects.filter(object_type__icontains="participant").count() == 14
    assert AuditEvent.objects.filter(object_type__icontains="questionnaireresponse").count() \
        == 14 + 13


def test_a_small_course_is_suppressed_and_so_is_its_neighbour(programme, leader):
    big = _course(programme, leader, name="Stor gruppe")
    _fill(big, leader, 12, better=6, worse=2)
    small = _course(programme, leader, name="Liten gruppe", language="somali")
    _fill(small, leader, 4, better=2)
    medium = _course(programme, leader, name="Middels gruppe", language="norsk")
    _fill(medium, leader, 10, better=5, worse=1)
    lines = {line.course.name: line.change for line in programme_results()[0].courses}
    assert lines["Liten gruppe"].row.hidden                      # 4 answered: primary
    assert lines["Liten gruppe"].row.total_text == "4"
    assert lines["Middels gruppe"].row.hidden                    # smallest other: secondary
    assert not lines["Stor gruppe"].row.hidden
    assert lines["Liten gruppe"].means_hidden and lines["Middels gruppe"].means_hidden


def test_without_consent_nothing_is_registered(programme, leader):
    course = _course(programme, leader)
    with pytest.raises(InvalidInput) as exc:
        services.participant_register(actor=leader, course=course, name="Ola", consent=False)
    assert [p.field for p in exc.value.problems] == ["samtykke"]
    assert not Participant.objects.exists()


def test_an_answer_outside_the_scale_is_refused_naming_the_question(programme, leader):
    course = _course(programme, leader)
    p = services.participant_register(actor=leader, course=course, name="Ola", consent=True)
    with pytest.raises(InvalidInput) as exc:
        services.questionnaire_answer(actor=leader, participant=p, phase=Phase.BEFORE,
                                      answers={"praise": 9})
    assert exc.value.problems[0].field == FORM.items[3].text
    assert "fra 1 til 5" in str(exc.value.problems[0])
    assert not QuestionnaireResponse.objects.exists()


def test_the_group_leader_works_through_the_pages_and_the_analyst_sees_no_name(
        programme, leader, client_as):
    course = _course(programme, leader)
    client = client_as("helsestasjon1")
    response = client.post(f"/evaluering/kurs/{course.pk}/deltaker/",
                           {"name": "Amal Ahmed", "phone": ""})
    assert response.status_code == 400
    assert "samtykke" in response.content.decode()
    response = client.post(f"/evaluering/kurs/{course.pk}/deltaker/",
                           {"name": "Amal Ahmed", "consent": "on"})
    assert response.status_code == 302
    amal = Participant.objects.get(name="Amal Ahmed")
    answers = {f"q_{item.id}": "3" for item in FORM.items}
    response = client.post(f"/evaluering/kurs/{course.pk}/deltaker/{amal.pk}/before/", answers)
    assert response.status_code == 302
    assert QuestionnaireResponse.objects.get(participant=amal).answers["praise"] == 3
    response = client.post(f"/evaluering/kurs/{course.pk}/samling/",
                           {"held_on": (TODAY - dt.timedelta(days=1)).isoformat(),
                            "attended": [amal.pk]})
    assert response.status_code == 302
    page = client.get(f"/evaluering/kurs/{course.pk}/").content.decode()
    assert "Amal Ahmed" in page and "1 / 1" in page
    assert AuditEvent.objects.filter(actor=leader, action=AuditEvent.Action.VIEW,
                                     object_type__icontains="course").exists()
    analyst = client_as("analytiker1")
    for url in ("/evaluering/programmer/", f"/evaluering/programmer/{programme.pk}/"):
        body = analyst.get(url).content.decode()
        assert "Strømmen" in body and "Amal" not in body, url
    assert analyst.get(f"/evaluering/kurs/{course.pk}/").status_code == 403
    assert AuditEvent.objects.filter(actor__username="analytiker1",
                                     action=AuditEvent.Action.DENIED).exists()
    # Another partner who does not lead the group is refused too.
    assert client_as("nav1").get(f"/evaluering/kurs/{course.pk}/").status_code == 403


def test_the_programmes_page_has_a_constant_number_of_queries(programme, leader, client_as):
    _fill(_course(programme, leader, name="A"), leader, 10, better=5)
    client = client_as("planeier1")
    with CaptureQueriesContext(connection) as first:
        assert client.get("/evaluering/programmer/").status_code == 200
    for name in ("B", "C", "D"):
        _fill(_course(programme, leader, name=name), leader, 11, better=6)
    with CaptureQueriesContext(connection) as second:
        assert client.get("/evaluering/programmer/").status_code == 200
    assert len(second) == len(first)


def test_a_malformed_questionnaire_file_is_refused_naming_file_and_field(tmp_path):
    bad = tmp_path / "skjema.json"
    bad.write_text(json.dumps({"questionnaires": [{
        "id": "x", "label": {"nb": "X"}, "scale": {"min": 5, "max": 1},
        "items": [{"id": "a", "label": {"nb": "A"}, "direction": "up"}]}]}), encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        datafiles.load_questionnaires(bad)
    problem = exc.value.problems[0]
    assert (problem.file, problem.field) == ("skjema.json", "questionnaires.0.scale")


def test_the_plan_owner_creates_a_programme_and_a_group_through_the_forms(
        demo_org, client_as):
    from levekar.evaluation.models import Course, Programme

    client = client_as("planeier1")
    response = client.post("/evaluering/programmer/nytt/", {"questionnaire": "icdp_foreldre"})
    assert response.status_code == 400 and "Fyll ut dette feltet" in response.content.decode()
    response = client.post("/evaluering/programmer/nytt/", {
        "name": "ICDP foreldreveiledning", "questionnaire": "icdp_foreldre"})
    programme = Programme.objects.get()
    assert response.status_code == 302 and programme.code == "icdp-foreldreveiledning"
    url = f"/evaluering/programmer/{programme.pk}/nytt-kurs/"
    leader = demo_org["users"]["helsestasjon1"]
    data = {"name": "Skjetten", "language": "somali", "place": "Skjetten helsestasjon",
            "starts_on": TODAY.isoformat(), "co_leader": "Hodan Abdi"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Velg minst én gruppeleder." in response.content.decode()
    assert client.post(url, {**data, "leaders": [leader.pk]}).status_code == 302
    course = Course.objects.get()
    assert list(course.leaders.all()) == [leader] and course.co_leader == "Hodan Abdi"
    # The analyst sees programmes but may not create them.
    assert client_as("analytiker1").get("/evaluering/programmer/nytt/").status_code == 403
