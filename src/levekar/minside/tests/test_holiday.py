"""A family accepts the holiday place it was offered, by the answer day (decline exists)."""

import datetime as dt

import pytest

from levekar.core.models import AuditEvent
from levekar.minside.tests.factories import residents
from levekar.minside.tests.test_family import _citizen, _text
from levekar.passes.models import QueueEvent

pytestmark = pytest.mark.django_db

SUBSTANTIAL = "idporten-loa-substantial"


def test_a_family_accepts_its_place_once_and_it_is_logged(demo_org):
    state = residents(demo_org)
    nomination = state["nomination"]
    assert nomination.status == "allocated" and nomination.accepted_at is None
    jonas = _citizen(state["jonas"], acr=SUBSTANTIAL)
    assert "Takk ja til plassen" in _text(jonas.get("/min-side/"))

    page = _text(jonas.post(f"/min-side/ferie/{nomination.pk}/takk-ja/", follow=True))

    assert "Dere har takket ja til plassen på Sommerleir. Velkommen!" in page
    assert "Dere har takket ja." in page and "Takk ja til plassen" not in page
    nomination.refresh_from_db()
    assert nomination.accepted_at is not None and nomination.status == "allocated"
    assert QueueEvent.objects.filter(nomination=nomination,
                                     kind=QueueEvent.Kind.ACCEPTED).count() == 1
    event = AuditEvent.objects.get(object_type="passes.nomination",
                                   object_id=str(nomination.pk),
                                   detail__contains="takket ja")
    assert event.actor is None and event.actor_username == "innbygger (Min side)"

    again = _text(jonas.post(f"/min-side/ferie/{nomination.pk}/takk-ja/", follow=True))
    assert "allerede takket ja" in again
    assert QueueEvent.objects.filter(nomination=nomination,
                                     kind=QueueEvent.Kind.ACCEPTED).count() == 1


def test_after_the_answer_day_the_place_can_no_longer_be_accepted(demo_org):
    state = residents(demo_org)
    offer = state["offer"]
    offer.starts_on = dt.date.today()  # answer by yesterday
    offer.save(update_fields=["starts_on"])

    page = _text(_citizen(state["jonas"], acr=SUBSTANTIAL).post(
        f"/min-side/ferie/{state['nomination'].pk}/takk-ja/", follow=True))

    assert "Svarfristen for Sommerleir gikk ut" in page
    state["nomination"].refresh_from_db()
    assert state["nomination"].accepted_at is None


def test_a_family_on_the_waitlist_or_another_family_cannot_accept(demo_org):
    state = residents(demo_org)
    other = state["other_nomination"]
    path = f"/min-side/ferie/{other.pk}/takk-ja/"

    r = _citizen(state["jonas"], acr=SUBSTANTIAL).post(path)

    assert r.status_code == 403 and "Ingen tilgang" in _text(r)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED, path=path).count() == 1
    other.refresh_from_db()
    assert other.accepted_at is None
    if other.status == "waitlisted":
        page = _text(_citizen(state["kari"], acr=SUBSTANTIAL).post(path, follow=True))
        assert "Bare familier som har fått plass kan takke ja" in page
        other.refresh_from_db()
        assert other.accepted_at is None
