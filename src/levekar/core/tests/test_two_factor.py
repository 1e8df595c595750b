"""TOTP as a second factor for staff (finding 7), required by setting for the roles that
see family data."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from levekar.core.audit import Purpose
from levekar.core.models import AuditEvent

pytestmark = pytest.mark.django_db
FAMILY_ROLES = ["familiekoordinator", "tjenestepartner", "bti-koordinator", "fritid", "admin"]


def code(device: TOTPDevice, *, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


@pytest.fixture(autouse=True)
def _no_throttle_between_tries(settings):
    # django-otp waits 1 s, 2 s, 4 s … after each wrong code (kept in production); the
    # tests try a wrong code and then the right one at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _login(client, username):
    return client.post("/logg-inn/", {"username": username, "password": "demo-passord"})


def test_a_coordinator_must_set_up_totp_before_anything_else(client, demo_org, settings):
    settings.LEVEKAR_TOTP_REQUIRED_ROLES = FAMILY_ROLES
    _login(client, "koordinator1")
    response = client.get("/familier/")
    assert response.status_code == 302 and response["Location"] == "/to-trinn/"
    page = client.get("/to-trinn/").content.decode()
    assert "Sett opp to-trinns innlogging" in page
    device = TOTPDevice.objects.get(user__username="koordinator1", confirmed=False)
    wrong = client.post("/to-trinn/", {"token": "000000" if code(device) != "000000"
                                       else "111111"})
    assert "Koden er feil eller for gammel" in wrong.content.decode()
    assert client.post("/to-trinn/", {"token": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/familier/").status_code == 200
    assert AuditEvent.objects.filter(detail__endswith="to-trinns innlogging (TOTP) slått på",
                                     actor__username="koordinator1").exists()


def test_next_time_the_password_alone_is_not_enough(client, demo_org, settings, coordinator):
    settings.LEVEKAR_TOTP_REQUIRED_ROLES = FAMILY_ROLES
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    _login(client, "koordinator1")
    response = client.get("/familier/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/kode/?next=/familier/")
    refused = client.post("/logg-inn/kode/?next=/familier/", {"token": code(device,
                                                                              offset=-600)})
    assert "Koden er feil eller for gammel" in refused.content.decode()
    assert AuditEvent.objects.filter(action="denied", purpose=Purpose.TOTP_WRONG,
                                     actor_username="koordinator1").exists()
    ok = client.post("/logg-inn/kode/?next=/familier/", {"token": code(device)})
    assert ok.status_code == 302 and ok["Location"] == "/familier/"
    assert client.get("/familier/").status_code == 200
    assert AuditEvent.objects.filter(action="login", purpose=Purpose.TOTP_ACCEPTED,
                                     actor=coordinator).exists()


def test_roles_without_family_data_are_not_forced(client, demo_org, settings):
    settings.LEVEKAR_TOTP_REQUIRED_ROLES = FAMILY_ROLES
    _login(client, "analytiker1")
    assert client.get("/kunnskap/").status_code == 200


def test_production_requires_totp_for_the_roles_that_see_family_data():
    import importlib
    import os

    from levekar.config import settings as real

    env = {"LEVEKAR_ENV": "production", "LEVEKAR_SECRET_KEY": "x" * 60,
           "LEVEKAR_ALLOWED_HOSTS": "levekar.kommune.example"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        production = importlib.reload(real)
        assert set(production.LEVEKAR_TOTP_REQUIRED_ROLES) >= {
            "familiekoordinator", "tjenestepartner", "bti-koordinator"}
        assert "analytiker" not in production.LEVEKAR_TOTP_REQUIRED_ROLES
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        importlib.reload(real)
