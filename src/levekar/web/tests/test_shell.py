import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection

from levekar.core.models import User

REPO = Path(__file__).resolve().parents[4]
pytestmark = pytest.mark.django_db


def test_healthz_reports_ok_with_a_working_database(client):
    from levekar.core.jobs.runner import heartbeat

    heartbeat("worker-1")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


def test_healthz_reports_503_when_the_database_is_down(client):
    with mock.patch.object(connection, "ensure_connection",
                           side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_a_page_gets_a_clear_503_when_the_database_is_down(client_as):
    client = client_as("koordinator1")
    with mock.patch.object(User.objects, "get",
                           side_effect=OperationalError("server closed the connection")):
        response = client.get("/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "får ikke kontakt med databasen" in body
    assert "Traceback" not in body


def test_the_dashboard_greets_the_user_and_shows_only_their_starting_points(client_as):
    body = client_as("admin").get("/").content.decode()
    assert "Velkommen, Ada Admin" in body
    assert "Revisjonslogg" in body
    body = client_as("nav1").get("/").content.decode()
    assert "Velkommen, Nina Navesen" in body
    assert "Tjenestepartner" in body
    assert "Revisjonslogg" not in body


def test_the_dashboard_uses_a_constant_number_of_queries(client_as,
                                                          django_assert_max_num_queries):
    client = client_as("admin")
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def test_the_language_switch_shows_english(client_as):
    client = client_as("planeier1")
    client.post("/i18n/sprak/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert "Welcome, Per Planeier" in body
    assert "You are logged in as: Plan owner." in body


def test_the_browser_language_does_not_override_norwegian(client_as):
    client = client_as("planeier1")
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Velkommen, Per Planeier" in body


def test_the_login_page_is_norwegian_on_an_english_browser(client):
    body = client.get("/logg-inn/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Brukernavn" in body


def test_the_public_catalogue_follows_an_english_browser(client, demo_org):
    response = client.get("/utstyr/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="en"' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_staff_on_a_public_page_stay_norwegian_on_an_english_browser(client_as, demo_org):
    response = client_as("planeier1").get("/utstyr/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="nb"' in response.content.decode()
    assert response["Content-Language"] == "nb"


def test_unknown_pages_get_a_norwegian_404(client, settings):
    settings.DEBUG = False
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(extra)
    return env


def test_production_settings_pass_check_deploy_without_warnings():
    env = _env(LEVEKAR_ENV="production", LEVEKAR_SECRET_KEY="s" * 30 + "-Qx9!kLmN0pR4tUvW7yZ2aBcD",
               LEVEKAR_ALLOWED_HOSTS="levekar.kommune.example",
               DATABASE_URL="sqlite:////tmp/levekar-check-deploy.sqlite3",
               LEVEKAR_SMTP_HOST="smtp.kommune.example",
               LEVEKAR_SMS_URL="https://sms.kommune.example/send")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                             "WARNING"], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets():
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=REPO,
                            env=_env(LEVEKAR_ENV="production"), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "LEVEKAR_SECRET_KEY må være satt" in result.stderr
