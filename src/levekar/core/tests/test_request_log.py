"""The request log (levekar.core.logging): one JSON line per request with the request id,
the user id and timing — the wall clock and the CPU time of the request's thread, which
``bench/server_load.py`` reads to tell work from waiting on a busy machine — and never the
query string or a name."""

import json
import logging

import pytest

from levekar.core.logging import JsonFormatter


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "levekar.request"]


@pytest.mark.django_db
def test_a_request_is_logged_once_with_its_id_user_and_timing_and_no_query_string(
        client_as, caplog):
    client = client_as("koordinator1")
    user = client.get("/familier/").wsgi_request.user
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="levekar.request"):
        response = client.get("/familier/?q=Ola+Nordmann",
                              HTTP_X_REQUEST_ID="loadtest-0-17")
    assert response.status_code == 200
    [record] = _request_records(caplog)
    assert response["X-Request-ID"] == "loadtest-0-17"
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "loadtest-0-17"
    assert line["user_id"] == user.pk
    assert line["path"] == "/familier/" and line["method"] == "GET" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and isinstance(line["cpu_ms"], float)
    text = JsonFormatter().format(record)
    assert "Ola" not in text and "Nordmann" not in text and "q=" not in text
    assert user.username not in text


@pytest.mark.django_db
def test_an_anonymous_request_has_no_user_id_and_a_request_id_of_its_own(client, caplog):
    with caplog.at_level(logging.INFO, logger="levekar.request"):
        response = client.get("/utstyr/", HTTP_X_REQUEST_ID="not valid!")
    [record] = _request_records(caplog)
    line = json.loads(JsonFormatter().format(record))
    assert line["user_id"] is None
    assert line["request_id"] == response["X-Request-ID"] != "not valid!"
    assert len(line["request_id"]) == 32
    assert "cpu_ms" in line and "duration_ms" in line
