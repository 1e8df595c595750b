"""The client's IP address in the audit log and for django-axes (finding 3)."""

import pytest
from django.test import Client, override_settings

from levekar.core.audit import Purpose
from levekar.core.lib.client_ip import client_ip, parse_networks
from levekar.core.models import AuditEvent

PROXY = parse_networks(["10.0.0.0/8"])


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    # No trusted proxy: the header is the client's own word and is ignored.
    ("198.51.100.7", "1.2.3.4", "198.51.100.7"),
    # From the proxy: the address it appended (the rightmost) is the client.
    ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
    # A client that sends its own header cannot choose what the proxy appends.
    ("10.0.0.2", "1.2.3.4, 203.0.113.9", "203.0.113.9"),
    # Two proxies in a row are skipped.
    ("10.0.0.2", "203.0.113.9, 10.0.0.5", "203.0.113.9"),
    # Garbage in the chain: the last proxy is all we know.
    ("10.0.0.2", "nonsense", "10.0.0.2"),
    ("10.0.0.2", "", "10.0.0.2"),
    ("10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
    ("", "1.2.3.4", None),
])
def test_the_client_address_trusts_forwarded_headers_only_from_proxies(remote, forwarded,
                                                                         expected):
    assert client_ip(remote, forwarded, PROXY) == expected


def test_a_spoofed_forwarded_header_does_not_reach_the_audit_log(demo_org):
    client = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    client.post("/logg-inn/", {"username": "nav1", "password": "demo-passord"})
    event = AuditEvent.objects.get(action="login", actor_username="nav1")
    assert event.ip == "198.51.100.7"


@override_settings(LEVEKAR_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_audit_log_has_the_client(demo_org):
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    client.post("/logg-inn/", {"username": "nav1", "password": "demo-passord"})
    assert AuditEvent.objects.get(action="login", actor_username="nav1").ip == "203.0.113.9"


@override_settings(LEVEKAR_TRUSTED_PROXIES=["10.0.0.0/8"], AXES_FAILURE_LIMIT=3)
def test_behind_the_proxy_a_lock_out_hits_the_guesser_not_everyone(demo_org):
    guesser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(3):
        guesser.post("/logg-inn/", {"username": "bti1", "password": "feil"})
    refused = guesser.post("/logg-inn/", {"username": "bti1", "password": "demo-passord"})
    assert refused.status_code in (403, 429)
    locks = AuditEvent.objects.filter(action="denied", purpose=Purpose.ACCOUNT_LOCKED)
    assert {e.ip for e in locks} == {"203.0.113.66"}
    # The real bti1, at the office, comes through the same proxy with another address.
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20")
    response = colleague.post("/logg-inn/", {"username": "bti1", "password": "demo-passord"})
    assert response.status_code == 302
    assert "_auth_user_id" in colleague.session
