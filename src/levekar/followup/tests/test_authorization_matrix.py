"""Every follow-up URL × every demo role → allowed or refused, as the rules say.

The URLs come from the URL conf (everything under the ``followup`` namespace), so a new
page cannot slip past: a URL name missing from ``RULES`` fails the test, and so does a
path parameter missing from ``path_params``. Pages of the work part are added to
``RULES`` when the two parts are merged.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from levekar.followup.tests.case_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

USERS = ["anonymous", "admin", "koordinator1", "koordinator2", "nav1", "helsestasjon1",
         "bti1", "planeier1", "analytiker1", "utlan1", "fritid1"]
LOGIN = 302  # anonymous: to the login page


def _table(default: int, **by_user: int) -> dict[str, int]:
    table = dict.fromkeys(USERS, default)
    table["anonymous"] = LOGIN
    table.update(by_user)
    return table


# koordinator1 coordinates the case; koordinator2 is a colleague without access; nav1 and
# helsestasjon1 have consent (economy, housing, health); the other roles have no relation.
FULL_ONLY = _table(403, koordinator1=200, koordinator2=404)       # coordinator pages
SHELL = _table(403, koordinator1=200, koordinator2=404, nav1=200, helsestasjon1=200)
RULES: dict[str, dict[str, int]] = {
    "case_list": _table(403, koordinator1=200, koordinator2=200, nav1=200, helsestasjon1=200),
    "case_create": _table(403, koordinator1=200, koordinator2=200),
    "bti_overview": _table(403, bti1=200),
    "break_glass_list": _table(403, bti1=200),
    "case_detail": SHELL,
    "consent_list": SHELL,
    "case_status": FULL_ONLY,
    "member_add": FULL_ONLY,
    "consent_create": FULL_ONLY,
    "consent_withdraw": FULL_ONLY,
    "bti_level": FULL_ONLY,
    "individual_plan": FULL_ONLY,
    "access_log": FULL_ONLY,
    # The case's own coordinator is sent to the case; a colleague in the unit gets the form.
    "break_glass": _table(403, koordinator1=302, koordinator2=200),
    "person_export_json": FULL_ONLY,
    "person_export_pdf": FULL_ONLY,
}


def followup_patterns() -> list[tuple[str | None, set[str]]]:
    """(url name, path parameter names) of every pattern under the followup namespace."""
    found: list[tuple[str | None, set[str]]] = []

    def walk(patterns, params, inside):
        for p in patterns:
            names = set(getattr(p.pattern, "converters", {}) or {}) | params
            if isinstance(p, URLResolver):
                walk(p.url_patterns, names, inside or p.namespace == "followup")
            elif isinstance(p, URLPattern) and inside:
                found.append((p.name, names))

    walk(get_resolver().url_patterns, set(), False)
    return found


def test_the_url_conf_has_followup_pages():
    names = {n for n, _ in followup_patterns()}
    assert {"case_list", "case_detail", "consent_list", "bti_overview"} <= names


def test_every_followup_url_allows_and_refuses_as_the_rules_say(
        client, demo_org, journey):
    path_params = {"pk": journey["case"].pk, "person_pk": journey["persons"]["mother"].pk,
                   "consent_pk": journey["family_consent"].pk}
    family_name = journey["persons"]["mother"].last_name
    problems = []
    for name, params in followup_patterns():
        if not name:
            problems.append("a followup URL without a name")
            continue
        if name not in RULES:
            problems.append(f"{name}: not in RULES — add the expected status per role")
            continue
        unknown = params - set(path_params)
        if unknown:
            problems.append(f"{name}: unknown path parameter(s) {sorted(unknown)}")
            continue
        url = reverse(f"followup:{name}", kwargs={p: path_params[p] for p in params})
        for username in USERS:
            client.logout()
            if username != "anonymous":
                client.force_login(demo_org["users"][username])
            expected = RULES[name][username]
            response = client.get(url)
            if response.status_code != expected:
                problems.append(f"GET {url} as {username}: {response.status_code}, "
                                f"expected {expected}")
            if expected in (403, 404, LOGIN) and username != "koordinator1":
                if family_name.encode() in response.content:
                    problems.append(f"GET {url} as {username}: the family's name leaked")
                post = client.post(url, {})
                if post.status_code != expected:
                    problems.append(f"POST {url} as {username}: {post.status_code}, "
                                    f"expected {expected}")
    assert problems == []
