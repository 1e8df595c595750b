"""Security headers (finding 6): a strict CSP, a Permissions-Policy, Vary on the
language-dependent public pages, and HEAD wherever GET works."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def test_every_page_has_a_strict_csp_and_a_permissions_policy(client, demo_org):
    response = client.get("/logg-inn/")
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    # The headers that were right already stay.
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_has_an_inline_script_or_style_without_the_nonce(client_as):
    from pathlib import Path

    import levekar

    root = Path(levekar.__file__).parent
    offenders = []
    for path in root.glob("*/templates/**/*.html"):
        if "/pdf/" in str(path) or "/letters/" in str(path) or path.name.endswith("_pdf.html"):
            continue  # rendered to PDF by WeasyPrint, never served to a browser
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'nonce="{{ request.csp_nonce }}"' not in tag:
                offenders.append(f"{path.relative_to(root)}: {tag}")
        if re.search(r"<style\b", text) or re.search(r"\sstyle=\"", text):
            offenders.append(f"{path.relative_to(root)}: inline style")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.relative_to(root)}: event handler attribute")
    assert offenders == []


def test_a_chart_page_gives_its_import_map_the_nonce_of_the_header(client_as):
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.people import demo as people_demo
    from levekar.stats import demo

    people_demo.load(reporter=NULL_REPORTER)
    demo.load(reporter=NULL_REPORTER)
    response = client_as("analytiker1").get("/kunnskap/kart/")
    nonce = next(v for v in _csp(response)["script-src"] if v.startswith("'nonce-"))
    assert f'<script type="importmap" nonce="{nonce[7:-1]}">' in response.content.decode()


def test_public_pages_that_follow_the_browser_language_say_so_in_vary(client, demo_org):
    response = client.get("/utstyr/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_head_works_where_get_does(client, demo_org):
    get = client.get("/utstyr/")
    head = client.head("/utstyr/")
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert client.head("/logg-inn/").status_code == 200
