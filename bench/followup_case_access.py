"""Benchmark of the case part's access rule and lists at caseload size (prints figures).

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python bench/followup_case_access.py [families]

Builds a throw-away SQLite database in a temporary directory, opens ``families`` cases
(default 500) through the services with consents for NAV, then times
``case_access_for_user`` (coordinator and partner), ``cases_visible_to`` for a partner,
the BTI overview and the coordinator's case page.
"""

import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "src"))
os.environ["LEVEKAR_VAR_DIR"] = tempfile.mkdtemp(prefix="levekar-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(fn, repeat=50):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(families: int) -> None:
    from django.conf import settings
    from django.db import connection

    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import OrgUnit, User
    from levekar.followup import services
    from levekar.followup.access import case_access_for_user, cases_visible_to
    from levekar.followup.demo.families import synthetic_national_id
    from levekar.followup.models import Case, CaseMember
    from levekar.followup.selectors.overview import bti_overview
    from levekar.people import demo as people_demo

    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    people_demo.load(reporter=NULL_REPORTER)
    coordinators = [User.objects.get(username=u) for u in ("koordinator1", "koordinator2")]
    nav = OrgUnit.objects.get(code="nav-lillestrom")
    import datetime as dt

    t0 = time.perf_counter()
    for i in range(families):
        coord = coordinators[i % 2]
        birth = dt.date(1980 + i % 20, 1 + (i // 20) % 12, 1 + (i // 240) % 28)
        case = services.case_open(actor=coord, members=[
            services.MemberInput("Mor", f"Familie{i}", CaseMember.Role.PARENT,
                                 national_id=synthetic_national_id(birth, i % 90)),
            services.MemberInput("Barn", f"Familie{i}", CaseMember.Role.CHILD,
                                 birth_date=dt.date(2015, 1, 1))])
        mother = case.members.get(role="parent").person
        services.consent_record(actor=coord, case=case, given_by=mother, subject=None,
                                grants=[(nav, "economy"), (nav, "housing")])
    build = time.perf_counter() - t0
    k1, nav1 = coordinators[0], User.objects.get(username="nav1")
    case = Case.objects.filter(coordinator=k1).first()
    print(f"Familieløp: {families} (bygget på {build:.1f} s, "
          f"{1000 * build / families:.1f} ms per familie med samtykke)")
    ms = timed(lambda: case_access_for_user(k1, case.pk))
    print(f"case_access_for_user, koordinator: {ms:.2f} ms")
    ms = timed(lambda: case_access_for_user(nav1, case.pk))
    print(f"case_access_for_user, NAV:         {ms:.2f} ms")
    print(f"cases_visible_to(NAV) → {families} saker: "
          f"{timed(lambda: list(cases_visible_to(nav1)), 10):.1f} ms")
    print(f"BTI-oversikt: {timed(bti_overview, 10):.1f} ms")
    client = Client()
    client.force_login(k1)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        status = client.get(f"/familier/{case.pk}/").status_code
    assert status == 200, status
    ms = timed(lambda: client.get(f"/familier/{case.pk}/"), 20)
    print(f"Familieløpets side (koordinator): {ms:.1f} ms, {len(q.captured_queries)} spørringer")
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        status = client.get("/familier/").status_code
    assert status == 200, status
    ms = timed(lambda: client.get("/familier/"), 5)
    print(f"Listen «Familier» ({families // 2} egne): {ms:.1f} ms, "
          f"{len(q.captured_queries)} spørringer")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
