"""Benchmark of the evaluation's outcomes across families (prints figures).

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python bench/evaluation_outcomes.py [n] [m]

Builds a throw-away SQLite database in a temporary directory with ``n`` cases (default
10 000), each with ``m`` mappings (default 5: the start and four yearly) and two result
goals, written in bulk (no session feedback: that needs meetings and members); computes
the outcome rows (``outcomes_refresh``, what the signals do per case), then times the
outcomes page for the analyst in each breakdown — p50/p95 over 20 requests while the data
is unchanged (the figures are cached per data version), and p50/max over 5 first requests
after a write (a new version, computed again by the database) — and counts its queries, at
a tenth of the families first, to show the count does not grow.
"""

import datetime as dt
import os
import random
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


def _answers(rng, step, trend):
    t = trend * step
    return {"household": {
        "household_income_year": 250000 + int(20000 * t) + rng.randint(-5000, 5000),
        "income_sources": ["work"] if t > 1 else ["sosialhjelp"],
        "has_debt": t < 2, "debt_amount": max(0, 60000 - int(10000 * t)),
        "payment_problems": ["strom", "inkasso"][:max(0, 2 - int(max(t, 0)))],
        "persons": 4, "rooms": 2 + (t >= 2), "area_m2": 50 + 20 * (t >= 2),
        "housing_standard_ok": t >= 1},
        "persons": {"1": {"employment_status": ["outside", "job_seeking", "part_time",
                                                "full_time"][max(0, min(3, int(t)))],
                          "quality_of_life": max(0, min(10, 4 + int(t) + rng.randint(-1, 1))),
                          "self_efficacy": [max(1, min(4, 2 + int(t > 1)))] * 10},
                    "2": {"attendance": "regular" if t >= 1 else "some_absence",
                          "organised_leisure": t >= 1, "lacks_equipment": t < 1}}}


def build(families: int, mappings: int, offset: int = 0) -> None:
    from levekar.core.models import Municipality, OrgUnit, User
    from levekar.followup.models import Assessment, Case, FamilyPlan, Goal
    from levekar.people.models import Household

    rng = random.Random(offset)
    municipality = Municipality.objects.get(code="3205")
    unit = OrgUnit.objects.get(code="familieteamet")
    coordinator = User.objects.get(username="koordinator1")
    households = Household.objects.bulk_create(
        [Household(municipality=municipality, external_id=f"BENCH-{offset + i}")
         for i in range(families)], batch_size=2000)
    cases = Case.objects.bulk_create(
        [Case(household=h, coordinator=coordinator, unit=unit, bti_level=i % 4,
              start_date=dt.date(2020 + i % 5, 1 + i % 12, 1))
         for i, h in enumerate(households)], batch_size=2000)
    rows = []
    for case in cases:
        trend = rng.choice([1, 1, 0.5, 0, -0.5])
        for step in range(mappings):
            rows.append(Assessment(case=case, kind="start" if step == 0 else "yearly",
                                   performed_on=case.start_date + dt.timedelta(days=365 * step),
                                   instrument_id="levekar-kartlegging", instrument_version=1,
                                   answers=_answers(rng, step, trend), performed_by=coordinator))
    Assessment.objects.bulk_create(rows, batch_size=2000)
    plans = FamilyPlan.objects.bulk_create([FamilyPlan(case=c) for c in cases], batch_size=2000)
    Goal.objects.bulk_create(
        [Goal(plan=p, area="housing", kind="result", title="Mål", created_by=coordinator,
              status="achieved" if (p.pk + k) % 3 == 0 else "active",
              achieved_on=dt.date(2024, 1, 1) if (p.pk + k) % 3 == 0 else None)
         for p in plans for k in range(2)], batch_size=2000)


def _p95(times):
    times = sorted(times)
    return times[max(0, int(0.95 * len(times)) - 1)]


def page_figures(client, label):
    """Per breakdown: the page while nothing changes (figures cached per data version) and
    the first request after a write (a new version: computed in the database again)."""
    from django.db import connection

    from levekar.evaluation.services import outcomes_version_bump

    for breakdown in ("alle", "modell", "kull", "bti"):
        url = f"/evaluering/utfall/?inndeling={breakdown}&kartlegging=2"
        client.get(url)  # warm
        warm, cold = [], []
        for _ in range(20):
            t = time.perf_counter()
            response = client.get(url)
            warm.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as q_warm:
            client.get(url)
        for _ in range(5):
            outcomes_version_bump()
            t = time.perf_counter()
            response = client.get(url)
            cold.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        outcomes_version_bump()
        with CaptureQueriesContext(connection) as q_cold:
            client.get(url)
        print(f"{label}: outcomes page ({breakdown:6}) unchanged data p50 "
              f"{statistics.median(warm):5.0f} ms, p95 {_p95(warm):5.0f} ms, "
              f"{len(q_warm.captured_queries)} queries | after a write p50 "
              f"{statistics.median(cold):5.0f} ms, max {max(cold):5.0f} ms, "
              f"{len(q_cold.captured_queries)} queries")


def main(families: int, mappings: int) -> None:
    import logging

    from django.conf import settings

    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import User
    from levekar.evaluation.models import MappingChange
    from levekar.evaluation.services import followup_model_ensure, outcomes_refresh

    logging.getLogger("levekar.request").setLevel(logging.WARNING)
    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    from levekar.core.models import OrgUnit
    followup_model_ensure(code="nye-monstre", name="Nye mønstre",
                          units=[OrgUnit.objects.get(code="familieteamet")])
    client = Client()
    client.force_login(User.objects.get(username="analytiker1"))

    small = max(1, families // 10)
    build(small, mappings)
    outcomes_refresh()
    print(f"{small} families × {mappings} mappings, {MappingChange.objects.count()} outcome rows")
    page_figures(client, f"{small:>6} families")

    t = time.perf_counter()
    build(families - small, mappings, offset=small)
    print(f"built {families} families × {mappings} mappings in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    rows = outcomes_refresh()
    print(f"outcome rows for every family (outcomes_refresh): {rows} rows in "
          f"{time.perf_counter() - t:.1f} s")
    page_figures(client, f"{families:>6} families")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
         int(sys.argv[2]) if len(sys.argv) > 2 else 5)
