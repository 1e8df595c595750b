import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, get_hasher
from django.test import Client, override_settings

from levekar.core.audit import Purpose
from levekar.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_with_wrong_password_is_refused_in_norwegian_and_audited(client, demo_org):
    response = client.post("/logg-inn/", {"username": "nav1", "password": "feil-passord"})
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="denied", actor_username="nav1")
    assert event.kind == "account.login.denied" and event.purpose == event.detail == ""


def test_login_with_the_right_password_is_audited(client, demo_org):
    response = client.post("/logg-inn/", {"username": "nav1", "password": "demo-passord"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", actor_username="nav1").count() == 1


def test_over_long_fields_get_a_message_not_a_crash(client, demo_org):
    response = client.post("/logg-inn/", {"username": "x" * 5000, "password": "y" * 5000})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Brukernavnet kan ha høyst 150 tegn." in body
    assert "Passordet kan ha høyst 256 tegn." in body


def test_a_post_without_csrf_token_is_refused_and_audited(demo_org):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/logg-inn/", {"username": "nav1", "password": "demo-passord"})
    assert response.status_code == 403
    assert "Skjemaet er utløpt" in response.content.decode()
    assert AuditEvent.objects.filter(action="denied", purpose=Purpose.CSRF_FAILED).exists()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_account_out(client, demo_org):
    for _ in range(3):
        client.post("/logg-inn/", {"username": "bti1", "password": "feil"})
    response = client.post("/logg-inn/", {"username": "bti1", "password": "demo-passord"})
    assert response.status_code in (403, 429)
    assert "Midlertidig sperret" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action="denied", purpose=Purpose.ACCOUNT_LOCKED, actor_username="bti1"
    ).exists()


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings as django_settings

    # The autouse fixture swaps in MD5 for speed; the real setting is Argon2 first.
    from levekar.config import settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=real.PASSWORD_HASHERS):
        assert isinstance(get_hasher("default"), Argon2PasswordHasher)
    assert django_settings.AUTH_USER_MODEL == "core.User"


def test_logout_ends_the_session(client_as):
    client = client_as("planeier1")
    response = client.post("/logg-ut/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_a_user_changes_their_password(client_as):
    client = client_as("analytiker1")
    response = client.post("/passord/", {
        "old_password": "demo-passord",
        "new_password1": "Et-langt-nytt-passord-2026",
        "new_password2": "Et-langt-nytt-passord-2026",
    })
    assert response.status_code == 302
    fresh = Client()
    response = fresh.post("/logg-inn/", {"username": "analytiker1",
                                         "password": "Et-langt-nytt-passord-2026"})
    assert response.status_code == 302
    assert "_auth_user_id" in fresh.session
