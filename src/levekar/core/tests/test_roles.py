import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from levekar.core.models import AuditEvent
from levekar.core.roles import Role, has_role, user_roles
from levekar.core.services import user_ensure

pytestmark = pytest.mark.django_db


def test_every_role_of_the_design_is_a_group(demo_org):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "familiekoordinator", "tjenestepartner", "bti-koordinator", "planeier",
        "analytiker", "utlan", "fritid", "admin",
    }


@pytest.mark.parametrize(("username", "role"), [
    ("admin", Role.ADMIN), ("koordinator1", Role.COORDINATOR),
    ("koordinator2", Role.COORDINATOR), ("nav1", Role.SERVICE_PARTNER),
    ("helsestasjon1", Role.SERVICE_PARTNER), ("bti1", Role.BTI_COORDINATOR),
    ("planeier1", Role.PLAN_OWNER), ("analytiker1", Role.ANALYST),
    ("utlan1", Role.LENDING), ("fritid1", Role.LEISURE),
])
def test_each_demo_user_has_exactly_its_role(demo_org, username, role):
    user = demo_org["users"][username]
    assert user_roles(user) == {role.value}
    assert has_role(user, role)
    assert not has_role(user, *(r for r in Role if r != role))


def test_a_user_without_a_role_has_none(db):
    user = user_ensure(username="ny", password="x" * 12)
    assert user_roles(user) == set()


def test_a_role_guarded_page_refuses_other_roles_and_audits_it(client_as):
    client = client_as("koordinator1")
    response = client.get(reverse("core:audit_search"))
    assert response.status_code == 403
    assert "Ingen tilgang" in response.content.decode()
    denied = AuditEvent.objects.filter(action="denied", actor_username="koordinator1")
    assert denied.count() == 1
    assert denied.get().path == "/revisjon/"


def test_an_anonymous_visitor_is_sent_to_login(client, demo_org):
    response = client.get(reverse("core:audit_search"))
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")


def test_the_admin_searches_the_audit_log(client_as, django_assert_max_num_queries):
    client = client_as("admin")
    client.get("/revisjon/")
    with django_assert_max_num_queries(12):
        response = client.get("/revisjon/", {"actor": "admin", "action": "view"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Revisjonslogg" in body
    assert "søkte i revisjonsloggen." in body          # the kind's sentence, said once
