"""Benchmark of Min side's first page (prints figures; target p95 ≤ 150 ms).

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python bench/minside_bench.py [households]

Builds a throw-away SQLite database, loads the foundation's demo organisation, a library
and ``households`` (default 5 000) families of four with parental responsibility, two
activity cards each with club uses, and the Min side demo citizens; then times the
overview page for Jonas Berg (two children, cards, a loan) through the Django test client
with a citizen session, and counts its queries. Then the same for a parent in a family
under follow-up (the Min side test family: plan with goals, actions and the child's words;
consents): Familiens plan and the consent page at the high level.
"""

import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "src"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ["LEVEKAR_VAR_DIR"] = tempfile.mkdtemp(prefix="levekar-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402


def main(households: int) -> None:
    call_command("migrate", verbosity=0)
    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import Municipality
    from levekar.minside.citizen import SESSION_KEY
    from levekar.minside.tests.factories import residents
    from levekar.passes import codes
    from levekar.passes.models import ActivityPass, Club, PassUse, Scheme
    from levekar.people.models import Household, ParentalResponsibility, Person

    core_demo.load(reporter=NULL_REPORTER)
    municipality = Municipality.objects.get(code=core_demo.MUNICIPALITY_CODE)
    from levekar.core.models import OrgUnit, User

    demo_org = {"municipality": municipality,
                "units": {u.code: u for u in OrgUnit.objects.all()},
                "users": {u.username: u for u in User.objects.all()}}
    t0 = time.perf_counter()
    state = residents(demo_org, with_holiday_place=False)
    scheme = Scheme.objects.get(code="fritidskort")
    club = Club.objects.first()
    year = timezone.localdate().year
    with transaction.atomic():
        homes = Household.objects.bulk_create(
            [Household(municipality=municipality, street=f"Vei {i}") for i in range(households)])
        persons = Person.objects.bulk_create(
            [Person(household=h, first_name=f"P{i}{j}", last_name="Bench",
                    birth_date=dt.date(1980 + j * 10, 1, 1))
             for i, h in enumerate(homes) for j in range(4)])
        rels, cards = [], []
        for k in range(0, len(persons), 4):
            parents, kids = persons[k:k + 2], persons[k + 2:k + 4]
            rels += [ParentalResponsibility(parent=p, child=c) for p in parents for c in kids]
            cards += [ActivityPass(scheme=scheme, year=year, person=c, household=c.household,
                                   code=codes.new_code()) for c in kids]
        ParentalResponsibility.objects.bulk_create(rels)
        cards = ActivityPass.objects.bulk_create(cards)
        PassUse.objects.bulk_create([PassUse(activity_pass=c, club=club, fee=300,
                                             status="approved", approved_amount=300)
                                     for c in cards])
    print(f"Bygget {households} husstander ({len(persons)} personer, {len(cards)} kort) "
          f"på {time.perf_counter() - t0:.1f} s")

    _time("Min side, oversikt", state["jonas"].national_id, "/min-side/", "Emil Berg",
          "idporten-loa-substantial", SESSION_KEY)
    from levekar.minside.tests.factories import family_under_followup

    fam = family_under_followup(demo_org)
    for name, path, expect in (("Familiens plan", "plan", "Større bolig"),
                               ("samtykke", "samtykke", "NAV Lillestrøm")):
        _time(f"Min side, {name}", fam["leila"].national_id,
              f"/min-side/familien/{fam['case'].pk}/{path}/", expect, "idporten-loa-high",
              SESSION_KEY)


def _time(label: str, pid: str, path: str, expect: str, acr: str, session_key: str) -> None:
    client = Client()
    session = client.session
    session[session_key] = {"pid": pid, "acr": acr, "sid": "bench", "id_token": "",
                            "seen": int(time.time())}
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert client.get(path).status_code == 200
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        first = client.get(path)
    assert expect in first.content.decode(), first.content[:300]
    times = []
    for _ in range(200):
        t = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{label}: median {statistics.median(times):.1f} ms, "
          f"p95 {p95:.1f} ms, {count[0]} spørringer (mål: p95 ≤ 150 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
