"""Editing measures with optimistic locking: nobody's text is silently lost."""

import pytest

from levekar.core.errors import Conflict, InvalidInput
from levekar.plans.models import Measure
from levekar.plans.services import measure_update

pytestmark = pytest.mark.django_db


def _edit(measure, user, version, **changes):
    values = {
        "title": measure.title, "status": measure.status, "how": measure.how,
        "evaluation_indicator": measure.evaluation_indicator,
        "evaluation_frequency": measure.evaluation_frequency,
        "evaluation_date": measure.evaluation_date,
        "unit_ids": [r.org_unit_id for r in measure.responsibilities.all() if r.org_unit_id],
        "responsible_texts": [r.text for r in measure.responsibilities.all() if not r.org_unit_id],
    }
    values.update(changes)
    return measure_update(measure_id=measure.pk, expected_version=version, actor=user, **values)


def test_saving_a_measure_bumps_its_version_and_records_who(example_plan, plan_owner):
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    saved = _edit(measure, plan_owner, measure.version, how="Ny tekst", status="F")
    assert (saved.version, saved.how, saved.status) == (measure.version + 1, "Ny tekst", "F")
    assert saved.updated_by == plan_owner


def test_the_second_of_two_concurrent_saves_is_refused_and_nothing_is_overwritten(
        example_plan, plan_owner, demo_org):
    other = demo_org["users"]["admin"]
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    opened = measure.version  # both open the form at the same version
    _edit(measure, plan_owner, opened, how="Per sin tekst")
    with pytest.raises(Conflict) as exc:
        _edit(measure, other, opened, how="Adas tekst")
    assert exc.value.message.startswith("Tiltaket ble endret av Per Planeier")
    assert "Endringene dine er ikke lagret, men står fortsatt i skjemaet" in exc.value.message
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.how, stored.version) == ("Per sin tekst", opened + 1)


def test_responsible_units_and_bodies_are_replaced_in_the_plans_order(
        example_plan, plan_owner, demo_org):
    units = demo_org["units"]
    measure = Measure.objects.get(plan=example_plan, code="2.1.1")
    _edit(measure, plan_owner, measure.version,
          unit_ids=[units["boligkontoret"].pk, units["kultur-fritid"].pk],
          responsible_texts=["Idrettsrådet", "  "])
    labels = [r.label for r in measure.responsibilities.order_by("position")]
    assert labels == ["Kultur og fritid", "Boligkontoret", "Idrettsrådet"]


def test_a_dated_evaluation_needs_a_date(example_plan, plan_owner):
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    with pytest.raises(InvalidInput) as exc:
        _edit(measure, plan_owner, measure.version, evaluation_frequency="date",
              evaluation_date=None)
    assert exc.value.problems[0].field == "evaluation_date"
    assert Measure.objects.get(pk=measure.pk).version == measure.version


def test_the_edit_page_keeps_the_refused_text_and_shows_the_saved_version(
        example_plan, client_as, plan_owner):
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    opened = measure.version
    _edit(measure, plan_owner, opened, how="Lagret av en kollega")
    client = client_as("planeier1")
    url = f"/handlingsplan/{example_plan.code}/tiltak/{measure.pk}/endre/"
    response = client.post(url, {
        "title": measure.title, "status": "V/F",
        "how": "Min egen lange tekst som ikke må bli borte",
        "evaluation_indicator": "", "evaluation_frequency": "", "evaluation_date": "",
        "responsible_texts": "", "version": opened,
    })
    assert response.status_code == 409
    page = response.content.decode()
    assert "Noen andre lagret tiltaket først" in page
    assert "Min egen lange tekst som ikke må bli borte" in page  # the refused text, in the form
    assert "Lagret av en kollega" in page  # the saved version, beside it
    assert f'name="version" value="{opened + 1}"' in page
    assert Measure.objects.get(pk=measure.pk).how == "Lagret av en kollega"
    # Saving again, having seen the other version, replaces it deliberately.
    response = client.post(url, {
        "title": measure.title, "status": "V/F", "how": "Min egen lange tekst",
        "evaluation_indicator": "", "evaluation_frequency": "", "evaluation_date": "",
        "responsible_texts": "", "version": opened + 1,
    })
    assert response.status_code == 302
    assert Measure.objects.get(pk=measure.pk).how == "Min egen lange tekst"


def test_only_the_plan_owner_may_edit_a_measure(example_plan, client_as):
    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    response = client_as("nav1").get(
        f"/handlingsplan/{example_plan.code}/tiltak/{measure.pk}/endre/")
    assert response.status_code == 403


def test_every_saved_change_is_kept_with_its_old_and_new_value(example_plan, plan_owner):
    from levekar.plans.models import PlanChange

    measure = Measure.objects.get(plan=example_plan, code="1.1.1")
    _edit(measure, plan_owner, measure.version, how="Ny tekst", status="F")
    changes = {c.field: (c.old_value, c.new_value, c.changed_by)
               for c in PlanChange.objects.filter(measure=measure)}
    assert changes["Hvordan"] == (measure.how, "Ny tekst", plan_owner)
    assert changes["Status"] == (measure.status, "F", plan_owner)
    assert "Tiltak" not in changes  # unchanged fields are not recorded
