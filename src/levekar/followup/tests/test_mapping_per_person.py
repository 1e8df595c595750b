"""Mapping that follows every person over the years: the children answer their own,
age-appropriate part (barnekonvensjonen art. 12), and the change page shows every mapping."""

import copy
import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from levekar.core.errors import InvalidInput
from levekar.followup import instruments as I
from levekar.followup import services as S
from levekar.followup.access import case_access_for_user
from levekar.followup.forms import AssessmentForm
from levekar.followup.models import Assessment
from levekar.followup.selectors import assessment_trend, members_of
from levekar.followup.tests.factories import journey_answers, make_family, member

V2 = json.loads((I.DATA_DIR / "levekar-kartlegging-v2.json").read_text("utf-8"))


@pytest.fixture
def case(demo_org, coordinator):
    today = timezone.localdate()
    return make_family(coordinator=coordinator, children=(
        ("Sara", dt.date(2010, 3, 2)), ("Yusuf", dt.date(2014, 6, 20)),
        ("Lina", dt.date(today.year - 4, 1, 1))))


def test_the_current_mapping_has_the_childs_own_part_for_children_from_six():
    inst = I.registry().current("mapping")
    own = [s for s in inst.sections if s.respondent == "child"]
    assert {s.id for s in own} == {"child_own_wellbeing", "child_own_school",
                                   "child_own_leisure"}
    assert all(s.scope == "child" and s.min_age == 6 for s in own)
    assert {s.part for s in own} == {"health", "school", "leisure"}
    texts = [i.id for s in own for i in s.items if i.type == "text"]
    assert texts == ["child_words_wellbeing", "child_words_school", "child_words_leisure"]
    assert own[0].asks(6) and not own[0].asks(5) and own[0].asks(None)


def test_only_a_child_section_can_be_answered_by_the_child():
    bad = copy.deepcopy(V2)
    household = next(s for s in bad["sections"] if s["id"] == "housing")
    household["respondent"] = "child"
    with pytest.raises(InvalidInput) as exc:
        I.instrument_from_dict(bad, file="kartlegging-v9.json")
    n = bad["sections"].index(household)
    assert (f"kartlegging-v9.json, felt «sections.{n}.respondent»: bare en del for barn"
            in exc.value.summary())


def test_the_form_asks_the_childs_own_part_only_of_children_old_enough(case):
    inst = I.registry().current("mapping")
    form = AssessmentForm(instrument=inst, members=members_of(case))
    sara, lina = member(case, "Sara"), member(case, "Lina")
    assert f"p{sara.person_id}__child_wellbeing" in form.fields
    assert f"p{sara.person_id}__child_words_wellbeing" in form.fields
    assert f"p{lina.person_id}__child_wellbeing" not in form.fields   # 4 years old
    assert f"p{lina.person_id}__stage" in form.fields                  # the parent answers
    own = [s for s in form.layout if s["by_child"]]
    assert [s["title"] for s in own] == ["Barnets egne svar: trivsel og venner",
                                         "Barnets egne svar: skole og barnehage",
                                         "Barnets egne svar: fritid"]


def _with_child(case, wellbeing, words, friends="sometimes"):
    answers = journey_answers(case)
    sara = str(member(case, "Sara").person_id)
    answers["persons"][sara].update({"child_wellbeing": wellbeing, "child_friends": friends,
                                     "child_words_wellbeing": words})
    return answers


def test_the_childs_own_words_are_kept_as_answers_of_the_mapping(case, coordinator):
    a = S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                            answers=_with_child(case, 2, "Jeg savner å spille fotball."))
    sara = str(member(case, "Sara").person_id)
    assert a.answers["persons"][sara]["child_words_wellbeing"] == "Jeg savner å spille fotball."
    assert a.answers["persons"][sara]["child_wellbeing"] == 2


def test_an_adult_cannot_be_given_the_childs_part(case, coordinator):
    answers = journey_answers(case)
    mother = str(member(case, "Amina").person_id)
    answers["persons"][mother]["child_wellbeing"] = 4
    with pytest.raises(InvalidInput) as exc:
        S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                            answers=answers)
    assert f"persons.{mother}.child_wellbeing" in exc.value.summary()
    assert not Assessment.objects.exists()


def test_a_child_too_young_for_the_own_part_is_refused_naming_the_field(case, coordinator):
    answers = journey_answers(case)
    lina = str(member(case, "Lina").person_id)
    answers["persons"][lina] = {"stage": "kindergarten", "child_wellbeing": 5}
    with pytest.raises(InvalidInput) as exc:
        S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                            answers=answers)
    assert (f"felt «persons.{lina}.child_wellbeing»: Lina er 4 år; denne delen besvares av "
            "barn fra 6 år." in exc.value.summary())
    assert not Assessment.objects.exists()


def _three_years(case, coordinator):
    today = timezone.localdate()
    out = []
    for n, (wellbeing, rooms) in enumerate(((2, 2), (3, 3), (5, 4))):
        answers = _with_child(case, wellbeing, f"År {n}")
        answers["household"]["rooms"] = rooms
        out.append(S.assessment_create(
            actor=coordinator, case=case,
            kind=Assessment.Kind.START if n == 0 else Assessment.Kind.YEARLY,
            answers=answers, performed_on=today - dt.timedelta(days=365 * (2 - n) + 1)))
    return out


def test_the_trend_holds_every_yearly_mapping_per_person_and_area(case, coordinator):
    mappings = _three_years(case, coordinator)
    access = case_access_for_user(coordinator, case.pk)
    trend = assessment_trend(access, mappings, members_of(case))
    rows = {(a.title, a.person and a.person.split(" (")[0], r.label): r
            for a in trend for r in a.rows}
    wellbeing = rows[("Barnets egne svar: trivsel og venner", "Sara Hassan",
                      "Hvordan har du det for tiden?")]
    assert wellbeing.values == ["2 – Dårlig", "3 – Sånn passe", "5 – Veldig bra"]
    assert wellbeing.verdict == "better"
    rooms = rows[("Bolig", None, "Antall rom (uten kjøkken og bad)")]
    assert rooms.values == ["2", "3", "4"]
    assert any(a.by_child for a in trend) and not all(a.by_child for a in trend)


def test_the_change_page_shows_a_column_per_mapping_with_constant_queries(
        client_as, case, coordinator, django_assert_max_num_queries):
    mappings = _three_years(case, coordinator)
    client = client_as("koordinator1")
    url = reverse("followup:mapping_list", args=[case.pk])
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert "Endring over årene" in html
    for a in mappings:
        assert f'{a.performed_on:%d.%m.%y}<span class="ds-sr-only">' in html
    assert "<td>2 – Dårlig</td><td>3 – Sånn passe</td><td>5 – Veldig bra</td>" in html
    assert "Barnet svarte" in html
    # Two more years of mappings cost no more queries.
    today = timezone.localdate()
    for n in range(2):
        S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.YEARLY,
                            answers=_with_child(case, 4, f"Ekstra {n}"),
                            performed_on=today - dt.timedelta(days=n))
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert all(len(row.values) == 5 for area in response.context["change"] for row in area.rows)
