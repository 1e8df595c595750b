"""Benchmark of «Mine familier» (the worklist), the digests and the BTI leader's overview
at municipal size (prints figures).

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python bench/followup_worklist.py [cases] [coord.]

Builds a throw-away SQLite database in a temporary directory with ``cases`` open cases
(default 5 000) spread over ``coordinators`` family coordinators (default 50), written in
bulk: two members each, a goal with an action (a third past its deadline), a start mapping
for half, a consent for NAV for two thirds (a fifth of those ending within 30 days), BTI
levels 0–3 with a stafettholder, and an overdue task for every fourth case. Then it times
the worklist page and the case page of one coordinator (p50/p95 over 30 requests, wall
clock and CPU time) and counts their queries — at a tenth of the cases first, to show the
count does not grow — and times the daily digest's selector for all coordinators and the
BTI overview page. The machine is shared: compare CPU time, and before/after in one run.
"""

import datetime as dt
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


def coordinators_ensure(n: int) -> list:
    from levekar.core.models import OrgUnit
    from levekar.core.roles import Role
    from levekar.core.services import user_ensure

    unit = OrgUnit.objects.get(code="familieteamet")
    users = [user_ensure(username="koordinator1", password="x" * 12, roles=(Role.COORDINATOR,),
                         org_unit=unit)]
    users += [user_ensure(username=f"bench-koord-{i}", password="x" * 12,
                          first_name="Bench", last_name=f"Koordinator {i}",
                          email=f"bench{i}@example.org", roles=(Role.COORDINATOR,),
                          org_unit=unit) for i in range(1, n)]
    return users


def build(cases: int, coordinators: list, offset: int = 0) -> None:
    from levekar.core.models import Municipality, OrgUnit, User
    from levekar.followup.models import (
        Assessment,
        Case,
        CaseMember,
        Consent,
        ConsentGrant,
        FamilyPlan,
        FollowUpTask,
        Goal,
        GoalAction,
        Participant,
    )
    from levekar.people.models import Household, Person

    today = dt.date.today()
    municipality = Municipality.objects.get(code="3205")
    unit = OrgUnit.objects.get(code="familieteamet")
    nav = OrgUnit.objects.get(code="nav-lillestrom")
    nurse = User.objects.get(username="helsestasjon1")
    households = Household.objects.bulk_create(
        [Household(municipality=municipality, external_id=f"WL-{offset + i}")
         for i in range(cases)], batch_size=2000)
    case_rows = Case.objects.bulk_create(
        [Case(household=h, coordinator=coordinators[(offset + i) % len(coordinators)],
              unit=unit, bti_level=i % 4,
              start_date=today - dt.timedelta(days=20 + (i * 7) % 900))
         for i, h in enumerate(households)], batch_size=2000)
    persons = Person.objects.bulk_create(
        [Person(household=c.household, first_name=name, last_name=f"Bench{offset + i}",
                birth_date=dt.date(1985 if name == "Mor" else 2015, 1, 1))
         for i, c in enumerate(case_rows) for name in ("Mor", "Barn")], batch_size=2000)
    # BTI is per child: the child holds the level, and from level 1 the health nurse is
    # the child's stafettholder (a participant of the case).
    holders = dict(zip(
        [i for i in range(cases) if i % 4],
        Participant.objects.bulk_create(
            [Participant(case=c, name=nurse.get_full_name() or nurse.username,
                         unit=nurse.org_unit, user=nurse)
             for i, c in enumerate(case_rows) if i % 4], batch_size=2000), strict=True))
    CaseMember.objects.bulk_create(
        [CaseMember(case=case_rows[i // 2], person=p, role="parent")
         if i % 2 == 0 else
         CaseMember(case=case_rows[i // 2], person=p, role="child", bti_level=(i // 2) % 4,
                    stafettholder=holders.get(i // 2))
         for i, p in enumerate(persons)], batch_size=2000)
    coordinator = coordinators[0]
    plans = FamilyPlan.objects.bulk_create([FamilyPlan(case=c) for c in case_rows],
                                           batch_size=2000)
    goals = Goal.objects.bulk_create(
        [Goal(plan=p, area="housing", kind="result", title="Større bolig",
              created_by=coordinator) for p in plans], batch_size=2000)
    GoalAction.objects.bulk_create(
        [GoalAction(goal=g, description="Søke bolig", responsible_unit=nav,
                    deadline=today + dt.timedelta(days=-10 if i % 3 == 0 else 40))
         for i, g in enumerate(goals)], batch_size=2000)
    Assessment.objects.bulk_create(
        [Assessment(case=c, kind="start", performed_on=c.start_date + dt.timedelta(days=10),
                    instrument_id="levekar-kartlegging", instrument_version=1, answers={},
                    performed_by=coordinator)
         for i, c in enumerate(case_rows) if i % 2 == 0], batch_size=2000)
    consents = Consent.objects.bulk_create(
        [Consent(case=c, given_by=persons[2 * i], valid_from=c.start_date,
                 valid_to=today + dt.timedelta(days=15 if i % 5 == 0 else 300),
                 recorded_by=coordinator)
         for i, c in enumerate(case_rows) if i % 3 != 2], batch_size=2000)
    ConsentGrant.objects.bulk_create(
        [ConsentGrant(consent=c, unit=nav, part="economy") for c in consents], batch_size=2000)
    FollowUpTask.objects.bulk_create(
        [FollowUpTask(case=c, description="Ringe skolen", deadline=today - dt.timedelta(days=3),
                      created_by=coordinator)
         for i, c in enumerate(case_rows) if i % 4 == 0], batch_size=2000)


def p95(times: list[float]) -> float:
    times = sorted(times)
    return times[max(0, int(0.95 * len(times)) - 1)]


def page(client, url: str, label: str, repeat: int = 30) -> None:
    """Wall-clock and CPU time (this process: SQLite runs in it) of ``repeat`` requests."""
    from django.db import connection

    client.get(url)  # warm
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as q:
        client.get(url)
    print(f"{label}: p50 {statistics.median(times):6.0f} ms, p95 {p95(times):6.0f} ms "
          f"(CPU p50 {statistics.median(cpu):4.0f} ms, p95 {p95(cpu):4.0f} ms), "
          f"{len(q.captured_queries)} queries")


def main(cases: int, n_coordinators: int) -> None:
    from django.conf import settings

    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import User
    from levekar.followup.models import Case
    from levekar.followup.selectors import caseload_for, caseloads_by_coordinator, work_items

    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    coordinators = coordinators_ensure(n_coordinators)
    me = coordinators[0]
    client = Client()
    client.force_login(me)
    leader = Client()
    leader.force_login(User.objects.get(username="bti1"))

    small = max(n_coordinators, cases // 10)
    build(small, coordinators)
    mine = Case.objects.filter(coordinator=me).count()
    items = len(work_items(caseload_for(me)))
    page(client, "/familier/arbeidsliste/",
         f"{small:>5} cases, worklist of one coordinator ({mine} families, {items} items)")
    case = Case.objects.filter(coordinator=me).order_by("pk").first()
    page(client, f"/familier/{case.pk}/", f"{small:>5} cases, the case page")

    t = time.perf_counter()
    build(cases - small, coordinators, offset=small)
    print(f"built {cases} cases for {n_coordinators} coordinators in "
          f"{time.perf_counter() - t:.1f} s")
    mine = Case.objects.filter(coordinator=me).count()
    items = len(work_items(caseload_for(me)))
    page(client, "/familier/arbeidsliste/",
         f"{cases:>5} cases, worklist of one coordinator ({mine} families, {items} items)")
    page(client, f"/familier/{case.pk}/", f"{cases:>5} cases, the case page")

    times, cpu = [], []
    for _ in range(30):
        t, c = time.perf_counter(), time.process_time()
        work_items(caseload_for(me))
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    print(f"{cases:>5} cases, the worklist selector alone (caseload_for + work_items): "
          f"p50 {statistics.median(times):6.0f} ms, p95 {p95(times):6.0f} ms "
          f"(CPU p50 {statistics.median(cpu):4.0f} ms)")
    times = []
    for _ in range(5):
        t = time.perf_counter()
        rows = caseloads_by_coordinator()
        times.append((time.perf_counter() - t) * 1000)
    print(f"{cases:>5} cases, the daily digest's worklists for all {len(rows)} coordinators: "
          f"median {statistics.median(times):6.0f} ms")
    page(leader, "/familier/bti/", f"{cases:>5} cases, the BTI leader's overview", repeat=10)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 50)
