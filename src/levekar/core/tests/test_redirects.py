"""Where to go after a page: one check (core.redirects.safe_next) for every "next"."""

from pathlib import Path

import pytest
from django.test import RequestFactory

from levekar.core.redirects import safe_next


@pytest.mark.parametrize(("value", "expected"), [
    ("/familier/3/", "/familier/3/"),
    ("/min-side/plan/?fane=mal", "/min-side/plan/?fane=mal"),
    ("https://testserver/utstyr/", "https://testserver/utstyr/"),
    ("https://evil.example/", "/start/"),
    ("//evil.example/", "/start/"),
    ("javascript:alert(1)", "/start/"),
    ("", "/start/"),
    (None, "/start/"),
])
def test_only_an_address_on_this_site_is_followed(value, expected):
    request = RequestFactory().get("/", secure=True)
    assert safe_next(request, value, "/start/") == expected


def test_a_plain_http_address_is_refused_when_the_request_is_https():
    request = RequestFactory().get("/", secure=True)
    assert safe_next(request, "http://testserver/utstyr/", "/start/") == "/start/"


def test_every_next_check_goes_through_the_one_helper():
    src = Path(__file__).resolve().parents[2]
    callers = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                     if "tests" not in p.parts
                     and "url_has_allowed_host_and_scheme" in p.read_text(encoding="utf-8"))
    assert callers == ["core/redirects.py"]
