"""Benchmark of the mapping page over the years, the entitlements page and the offers
catalogue (prints figures; nothing is asserted about time).

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python bench/followup_mapping_trend.py [years]

Builds a throw-away SQLite database, opens one family (mother, three children) with a start
mapping and ``years`` yearly mappings (default 5, every child answering their own part),
and times the mapping page (every mapping side by side), the possible-entitlements page and
the offers catalogue, with their query counts for 1 and for ``years`` yearly mappings.
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


def timed(fn, repeat=20):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]


def measure(client, url):
    from django.db import connection

    connection.queries_log.clear()   # a full log (maxlen) would hide the new queries
    with CaptureQueriesContext(connection) as q:
        status = client.get(url).status_code
    assert status == 200, (url, status)
    median, p95 = timed(lambda: client.get(url))
    return median, p95, len(q.captured_queries)


def main(years: int) -> None:
    import datetime as dt
    import logging

    from django.conf import settings
    from django.utils import timezone

    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import User
    from levekar.followup import services as S
    from levekar.followup.models import Assessment
    from levekar.followup.tests.factories import journey_answers, make_family, member

    logging.getLogger("levekar.request").setLevel(logging.WARNING)   # one line per request
    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    coordinator = User.objects.get(username="koordinator1")
    case = make_family(coordinator=coordinator)
    today = timezone.localdate()

    def answers(n):
        a = journey_answers(case)
        for name in ("Sara", "Yusuf", "Lina"):
            a["persons"][str(member(case, name).person_id)].update({
                "child_wellbeing": 1 + n % 5, "child_friends": "often",
                "child_words_wellbeing": f"År {n}: det går bedre."})
        a["household"]["rooms"] = 2 + n % 3
        return a

    S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.START,
                        answers=answers(0), performed_on=today - dt.timedelta(days=365 * years))
    client = Client()
    client.force_login(coordinator)
    url = f"/familier/{case.pk}/kartlegging/"
    for n in range(1, years + 1):
        S.assessment_create(actor=coordinator, case=case, kind=Assessment.Kind.YEARLY,
                            answers=answers(n),
                            performed_on=today - dt.timedelta(days=365 * (years - n)))
        if n in (1, years):
            median, p95, queries = measure(client, url)
            print(f"Kartleggingssiden, {n + 1} kartlegginger side om side: median {median:.1f} ms, "
                  f"p95 {p95:.1f} ms, {queries} spørringer")
    median, p95, queries = measure(client, f"/familier/{case.pk}/rettigheter/")
    print(f"Mulige rettigheter: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} spørringer")
    median, p95, queries = measure(client, "/familier/tilbud/")
    print(f"Tiltaksoversikten: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} spørringer")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
