"""Every change of a user's roles, unit, activity or password is audited (finding 4)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from levekar.core.models import AuditEvent, PrivilegeChange
from levekar.core.privileges import acting_as

pytestmark = pytest.mark.django_db
K = PrivilegeChange.Kind


def _events(user):
    return AuditEvent.objects.filter(object_type="core.user", object_id=str(user.pk),
                                     action="update")


def test_making_the_analyst_a_coordinator_in_the_admin_is_audited(client, demo_org, analyst):
    admin = demo_org["users"]["admin"]
    unit = demo_org["units"]["familieteamet"]
    coordinator = Group.objects.get(name="familiekoordinator")
    before = _events(analyst).count()
    client.force_login(admin)
    url = f"/administrasjon/core/user/{analyst.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "username": analyst.username, "first_name": analyst.first_name,
        "last_name": analyst.last_name, "email": analyst.email, "is_active": "on",
        "groups": [*analyst.groups.values_list("pk", flat=True), coordinator.pk],
        "org_unit": unit.pk, "title": "",
        "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
        "last_login_0": "", "last_login_1": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    added = PrivilegeChange.objects.get(user=analyst, kind=K.ROLE_ADDED, actor=admin)
    assert added.new_value == "familiekoordinator"
    moved = PrivilegeChange.objects.get(user=analyst, kind=K.UNIT, actor=admin)
    assert moved.new_value == str(unit.pk) and moved.old_value == str(analyst.org_unit_id)
    events = list(_events(analyst)[: _events(analyst).count() - before])
    assert len(events) == 2 and all(e.actor == admin for e in events)
    assert any("rolle lagt til: familiekoordinator" in e.detail for e in events)
    assert any(f"→ {unit.name}" in e.detail for e in events)


def test_role_changes_from_code_are_audited_from_either_side(demo_org, analyst, coordinator):
    group = Group.objects.get(name="familiekoordinator")
    with acting_as(username="levekar brukere"):
        analyst.groups.add(group)
        group.user_set.remove(coordinator)
        analyst.groups.clear()
    rows = PrivilegeChange.objects.filter(kind__in=[K.ROLE_ADDED, K.ROLE_REMOVED],
                                          actor_username="levekar brukere")
    assert sorted((r.user.username, r.kind, r.old_value or r.new_value) for r in rows) == sorted([
        ("analytiker1", K.ROLE_ADDED, "familiekoordinator"),
        ("koordinator1", K.ROLE_REMOVED, "familiekoordinator"),
        ("analytiker1", K.ROLE_REMOVED, "familiekoordinator"),
        ("analytiker1", K.ROLE_REMOVED, "analytiker"),
    ])
    assert _events(analyst).filter(actor_username="levekar brukere").count() == 3


def test_deactivation_and_a_new_password_are_audited(demo_org, nav_partner):
    mark = PrivilegeChange.objects.order_by("-id").first().pk
    nav_partner.is_active = False
    nav_partner.save()
    nav_partner.set_password("et-helt-nytt-passord")
    nav_partner.save()
    assert list(PrivilegeChange.objects.filter(user=nav_partner, pk__gt=mark).values_list(
        "kind", "old_value", "new_value")) == [(K.PASSWORD, "", ""), (K.ACTIVE, "True", "False")]
    assert _events(nav_partner).filter(detail__endswith="passord endret").exists()
    assert _events(nav_partner).filter(detail__endswith="aktiv endret: ja → nei").exists()


def test_the_changepassword_command_is_audited(demo_org, nav_partner, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "et-helt-nytt-passord")
    call_command("changepassword", "nav1", stdout=None)
    assert PrivilegeChange.objects.filter(user=nav_partner, kind=K.PASSWORD,
                                          actor_username="system").exists()


def test_a_login_is_not_a_privilege_change(client, demo_org, nav_partner):
    before = PrivilegeChange.objects.count()
    client.post("/logg-inn/", {"username": "nav1", "password": "demo-passord"})
    assert PrivilegeChange.objects.count() == before


def test_loading_the_demo_again_changes_no_privilege(demo_org):
    from levekar.core import demo
    from levekar.core.lib.progress import NULL_REPORTER

    before = PrivilegeChange.objects.count()
    demo.load(reporter=NULL_REPORTER)
    assert PrivilegeChange.objects.count() == before


def test_a_user_with_audit_rows_is_deactivated_never_deleted(client, demo_org, nav_partner):
    from django.db.models import ProtectedError

    from levekar.core.audit import Action, audit_record

    audit_record(actor=nav_partner, action=Action.VIEW, detail="så et familieløp")
    with pytest.raises(ProtectedError):
        nav_partner.delete()
    assert AuditEvent.objects.filter(actor=nav_partner).exists()
    client.force_login(demo_org["users"]["admin"])
    response = client.get(f"/administrasjon/core/user/{nav_partner.pk}/delete/")
    assert response.status_code == 403
    page = client.get(f"/administrasjon/core/user/{nav_partner.pk}/change/").content.decode()
    assert f"/administrasjon/core/user/{nav_partner.pk}/delete/" not in page
