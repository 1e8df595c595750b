"""Every follow-up URL × every demo role → allowed or refused, as the rules say.

The URLs come from the URL conf (everything under the ``followup`` namespace), so a new
page cannot slip past: a URL name missing from ``RULES`` fails the test, and so does a
path parameter missing from ``path_params``. The pages of the sections (plan,
mapping, entitlements, meetings, feedback) are in the same table.
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
# A page of one case refuses everyone without access in one way: "Ingen tilgang" (404).
FULL_ONLY = _table(404, koordinator1=200)       # coordinator pages
SHELL = _table(404, koordinator1=200, nav1=200, helsestasjon1=200)
# Pages of a case's sections: partners with consent read the parts they may see; only
# full access writes.
WORK_READ = SHELL
WORK_WRITE = FULL_ONLY
RULES: dict[str, dict[str, int]] = {
    "case_list": _table(403, koordinator1=200, koordinator2=200, nav1=200, helsestasjon1=200),
    "case_create": _table(403, koordinator1=200, koordinator2=200),
    "bti_overview": _table(403, bti1=200),
    "break_glass_list": _table(403, bti1=200),
    # The BTI leader's confirmation page for marking a grant unjustified.
    "break_glass_review": _table(403, bti1=200),
    # The BTI leader reminds a coordinator (POST only; back to the overview).
    "coordinator_remind": _table(403, bti1=302),
    # … or every coordinator concerned by a count of the overview (POST only).
    "coordinators_remind_topic": _table(403, bti1=302),
    # The BTI leader distributes a coordinator's cases (case numbers only, no names).
    "caseload_reassign": _table(403, bti1=200),
    "case_detail": SHELL,
    "consent_list": SHELL,
    "case_status": FULL_ONLY,
    "member_add": FULL_ONLY,
    "consent_create": FULL_ONLY,
    "consent_withdraw": FULL_ONLY,
    "bti_level": FULL_ONLY,
    "individual_plan": FULL_ONLY,
    "individual_plan_create": FULL_ONLY,
    "individual_plan_edit": FULL_ONLY,
    "access_log": FULL_ONLY,
    # The case's own coordinator is sent to the case; a colleague in the unit gets the form.
    "break_glass": _table(403, koordinator1=302, koordinator2=200),
    # Not a page of one case: other roles are refused by role (403).
    "person_export_json": _table(403, koordinator1=200, koordinator2=404),
    "person_export_pdf": _table(403, koordinator1=200, koordinator2=404),
    # --- the sections of a case ---
    "worklist": _table(403, koordinator1=200, koordinator2=200),
    "my_actions": _table(403, koordinator1=200, koordinator2=200, nav1=200, helsestasjon1=200),
    "plan": WORK_READ,
    "plan_wishes": WORK_WRITE,
    # The printable plan is the coordinator's to give the family.
    "plan_print": FULL_ONLY,
    "goal_create": WORK_WRITE,
    "goal_edit": WORK_WRITE,
    # Partners write within their consent (issue 11): the goal is in work and economy,
    # which both partners' consent covers; the action is NAV's.
    "action_create": WORK_READ,
    "action_status": {**WORK_WRITE, "nav1": 302},
    "action_update": {**WORK_WRITE, "nav1": 200},
    "goal_note_create": WORK_READ,
    "participants": WORK_READ,
    "child_voice_create": WORK_WRITE,
    "mapping_list": WORK_READ,
    "mapping_create": WORK_WRITE,
    "mapping_detail": WORK_READ,
    "mapping_edit": WORK_WRITE,
    "entitlements": WORK_READ,
    "meeting_list": WORK_READ,
    # Partners record the meetings they held with the family in a part their consent
    # names (the service checks the members present).
    "meeting_create": WORK_READ,
    # helsestasjon took no part in the (NAV) meeting: not even its existence is shown.
    "meeting_detail": {**WORK_READ, "helsestasjon1": 404},
    "meeting_edit": WORK_WRITE,
    "feedback_record": WORK_WRITE,
    "task_create": WORK_WRITE,
    "task_toggle": WORK_WRITE,
    # Session feedback is for full access only: a partner gets "Ingen tilgang".
    "feedback": {**WORK_WRITE, "nav1": 404, "helsestasjon1": 404},
    # Possible entitlement → plan action, and its application (POST only).
    "entitlement_action": WORK_WRITE,
    "action_application": WORK_WRITE,
    # Tiltaksoversikten holds no personal data: staff who refer families read it; the BTI
    # coordinator keeps it current.
    "offer_list": _table(403, koordinator1=200, koordinator2=200, nav1=200, helsestasjon1=200,
                         bti1=200),
    "offer_edit": _table(403, bti1=200),
    # The case over the years: only full access (the address protection page: only the
    # case's own coordinator).
    "member_edit": FULL_ONLY,
    "member_leave": FULL_ONLY,
    "household_move": FULL_ONLY,
    "case_handover": FULL_ONLY,
    "address_protection": FULL_ONLY,
}


# Actions that only take POST: a GET is 405 for everyone; the POST obeys the rules.
POST_ONLY = {"action_status", "task_toggle", "entitlement_action", "action_application",
             "coordinator_remind", "coordinators_remind_topic"}

# Which object the ``pk`` of a work page (under ``case_pk``) names.
WORK_OBJECT_OF = {"mapping_detail": "mapping", "mapping_edit": "mapping",
                  "meeting_detail": "meeting", "meeting_edit": "meeting",
                  "feedback_record": "meeting", "task_toggle": "task"}


def _work_objects(journey) -> dict:
    """A goal, an action, a mapping, a meeting (with NAV) and a task in the journey case."""
    import datetime as dt

    from django.utils import timezone

    from levekar.followup import services as S
    from levekar.followup.models import Meeting, PlanArea

    case, coordinator = journey["case"], journey["case"].coordinator
    nav = journey["units"]["nav-lillestrom"]
    goal = S.goal_create(actor=coordinator, case=case, area=PlanArea.WORK_ECONOMY,
                         title="Mor i arbeidsrettet aktivitet")
    action = S.action_create(actor=coordinator, goal=goal, description="Avtale med NAV",
                             responsible_unit=nav, deadline=dt.date(2027, 1, 1))
    mapping = S.assessment_create(actor=coordinator, case=case, kind="start",
                                  answers={"household": {}, "persons": {}})
    meeting = S.meeting_create(actor=coordinator, case=case, kind=Meeting.Kind.HOME_VISIT,
                               starts_at=timezone.now() - dt.timedelta(days=3),
                               status=Meeting.Status.HELD, units=[nav])
    task = S.task_create(actor=coordinator, case=case, meeting=meeting, description="Søke",
                         deadline=dt.date(2027, 1, 1), responsible_unit=nav)
    plan = S.individual_plan_create(actor=coordinator, case=case, status="assessing")
    return {"goal": goal, "action": action, "mapping": mapping, "meeting": meeting,
            "task": task, "individual_plan": plan}


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


def _grant_elsewhere(journey, demo_org):
    """koordinator2's emergency access to another family of koordinator1 (so the journey
    case's rules stay as they are)."""
    from levekar.followup import services
    from levekar.followup.tests.case_fixtures import open_family

    other, _persons = open_family(journey["case"].coordinator, serial=9)
    return services.break_glass_open(actor=demo_org["users"]["koordinator2"], case=other,
                                     category="other",
                                     reason="Tester tilgangsmatrisen for nødtilganger.")


def test_the_url_conf_has_followup_pages():
    names = {n for n, _ in followup_patterns()}
    assert {"case_list", "case_detail", "consent_list", "bti_overview"} <= names


def test_every_followup_url_allows_and_refuses_as_the_rules_say(
        client, demo_org, journey):
    work = _work_objects(journey)
    path_params = {"pk": journey["case"].pk, "person_pk": journey["persons"]["mother"].pk,
                   "consent_pk": journey["family_consent"].pk, "case_pk": journey["case"].pk,
                   "goal_pk": work["goal"].pk, "action_pk": work["action"].pk,
                   "scheme_id": "bostotte", "user_pk": journey["case"].coordinator_id,
                   "member_pk": journey["case"].members.order_by("pk").first().pk,
                   "access_pk": _grant_elsewhere(journey, demo_org).pk,
                   "plan_pk": work["individual_plan"].pk, "topic": "mappings_overdue"}
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
        kwargs = {p: path_params[p] for p in params}
        if "case_pk" in params and "pk" in params:  # work pages: pk is the object in the case
            kwargs["pk"] = work[WORK_OBJECT_OF[name]].pk
        url = reverse(f"followup:{name}", kwargs=kwargs)
        for username in USERS:
            client.logout()
            if username != "anonymous":
                client.force_login(demo_org["users"][username])
            expected = RULES[name][username]
            response = client.get(url)
            if name in POST_ONLY:
                if response.status_code != 405:
                    problems.append(f"GET {url} as {username}: {response.status_code}, "
                                    "expected 405")
            elif response.status_code != expected:
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


# --- one way into a case: every case URL × (own case, other's case, withdrawn consent) ----

def _case_urls(journey) -> list[tuple[str, str]]:
    """(url name, url) of every followup URL that takes ``case_pk``, from the URL conf."""
    work = _work_objects(journey)
    params = {"case_pk": journey["case"].pk, "consent_pk": journey["family_consent"].pk,
              "goal_pk": work["goal"].pk, "action_pk": work["action"].pk,
              "scheme_id": "bostotte", "plan_pk": work["individual_plan"].pk,
              "member_pk": journey["case"].members.order_by("pk").first().pk}
    urls = []
    for name, names in followup_patterns():
        if "case_pk" not in names or name == "break_glass":  # break_glass asks for access
            continue
        kwargs = {p: params[p] for p in names if p != "pk"}
        if "pk" in names:
            kwargs["pk"] = work[WORK_OBJECT_OF[name]].pk
        urls.append((name, reverse(f"followup:{name}", kwargs=kwargs)))
    return urls


def _events_after(before: int):
    from levekar.core.models import AuditEvent

    return list(AuditEvent.objects.filter(id__gt=before).order_by("id"))


def _last_event_id() -> int:
    from levekar.core.models import AuditEvent

    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_every_case_url_lets_in_and_refuses_in_one_way(client, demo_org, journey, coordinator):
    """Own case: the page, with one VIEW event saying how access was given. Another
    coordinator's case, and a partner whose consent was just withdrawn: the product's
    "Ingen tilgang" page (404) and one ``denied`` event naming the case — never Django's
    own 404 page, never a silent refusal."""
    from levekar.followup import services

    case = journey["case"]
    urls = _case_urls(journey)
    assert len(urls) >= 29
    problems = []

    def check_refused(username, name, url):
        for method in ("get", "post"):
            before = _last_event_id()
            response = getattr(client, method)(url, {})
            events = _events_after(before)
            if name in POST_ONLY and method == "get":
                continue
            if response.status_code != 404 or "Ingen tilgang" not in response.content.decode():
                problems.append(f"{method.upper()} {url} as {username}: "
                                f"{response.status_code}, not the Ingen tilgang page")
            if [(e.action, e.object_id) for e in events] != [("denied", str(case.pk))]:
                problems.append(f"{method.upper()} {url} as {username}: events "
                                f"{[(e.action, e.object_id) for e in events]}")

    client.force_login(demo_org["users"]["koordinator1"])
    for name, url in urls:
        if name in POST_ONLY:
            continue
        before = _last_event_id()
        response = client.get(url)
        events = _events_after(before)
        if response.status_code != 200:
            problems.append(f"GET {url} as the coordinator: {response.status_code}")
        if [(e.action, e.via == "coordinator") for e in events] != [("view", True)]:
            problems.append(f"GET {url} as the coordinator: events "
                            f"{[(e.action, e.purpose, e.via) for e in events]}")

    client.force_login(demo_org["users"]["koordinator2"])
    for name, url in urls:
        check_refused("koordinator2", name, url)

    services.consent_withdraw(actor=coordinator, consent=journey["family_consent"],
                              reason="Mor trakk samtykket.")
    client.force_login(demo_org["users"]["nav1"])
    for name, url in urls:
        check_refused("nav1", name, url)
    assert problems == []
