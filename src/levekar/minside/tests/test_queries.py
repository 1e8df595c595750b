"""Min side's pages use a constant number of queries, whatever the family's size."""

import time

import pytest
from django.test import Client

from levekar.minside.citizen import SESSION_KEY
from levekar.minside.tests.factories import residents
from levekar.people import services as people_services


def _client_for(pid: str) -> Client:
    """A session as the login leaves it (the login itself is tested against the provider)."""
    client = Client()
    session = client.session
    session[SESSION_KEY] = {"pid": pid, "acr": "idporten-loa-substantial", "sid": "s",
                            "id_token": "", "seen": int(time.time())}
    session.save()
    client.cookies["sessionid"] = session.session_key
    return client


def _more_children(state, n: int) -> None:
    import datetime as dt

    from levekar.passes import codes
    from levekar.passes.models import ActivityPass, Scheme
    from levekar.people.identity import synthetic_national_id

    scheme = Scheme.objects.get(code="fritidskort")
    for i in range(n):
        child = people_services.person_create(
            actor=None, first_name=f"Barn{i}", last_name="Berg",
            household=state["jonas"].household,
            national_id=synthetic_national_id(dt.date(2012 + i % 8, 1 + i % 12, 3), 40 + i))
        people_services.parental_responsibility_set(actor=None, parent=state["jonas"],
                                                    child=child)
        ActivityPass.objects.create(scheme=scheme, year=dt.date.today().year, person=child,
                                    household=child.household, code=codes.new_code())


@pytest.mark.django_db
def test_the_overview_uses_the_same_number_of_queries_for_two_or_eight_children(
        demo_org, django_assert_max_num_queries):
    state = residents(demo_org)
    client = _client_for(state["jonas"].national_id)
    with django_assert_max_num_queries(16) as small:
        assert client.get("/min-side/").status_code == 200
    _more_children(state, 6)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        page = client.get("/min-side/")
    assert page.status_code == 200 and "Barn5 Berg" in page.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries) > 5
