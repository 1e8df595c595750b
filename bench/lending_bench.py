"""Benchmark of the equipment library at the size of a large municipality.

Fills its own SQLite file (bench/out/lending_bench.sqlite3, reused when already filled),
or the PostgreSQL database DATABASE_URL names when it is a postgres:// URL, with 20,000
copies, 5,000 borrowers and 200,000 loans spread evenly over the last two years (about
100,000 a year), then times through
Django's test Client: the public catalogue search, the desk's borrower lookup and the
statistics page. Prints median and p95 in milliseconds over repeated requests.

    .venv/bin/python bench/lending_bench.py [--rebuild] [--repeat 40] [--search-only]
    DATABASE_URL=postgres://…/db .venv/bin/python bench/lending_bench.py

The catalogue search goes through each database's own index (PostgreSQL full-text and
trigram GIN indexes and its lexicon of name words, SQLite's FTS5 table); the worst p95 of
the search cases is printed on its own line, then the search query alone and, on
PostgreSQL, the database's own time for a page's queries (EXPLAIN ANALYZE).

Nothing is cached between requests: every request runs its queries.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB = OUT / "lending_bench.sqlite3"

COPIES, BORROWERS, LOANS = 20_000, 5_000, 200_000
COPIES_PER_ITEM = 10


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def setup_django() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if not on_postgres():
        os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ["LEVEKAR_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def build(rng: random.Random) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.lending import demo
    from levekar.lending.models import Borrower, Checkout, Copy, Item, Loan
    from levekar.lending.services import category_ensure, lending_point_ensure, opening_hours_set

    t0 = time.perf_counter()
    call_command("flush", interactive=False, verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    points = [lending_point_ensure(code=f"sted-{i}", name=f"Utlånssted {i}", order=i)
              for i in range(1, 5)]
    for p in points:
        opening_hours_set(point=p, hours=[(d, dt.time(10), dt.time(18)) for d in range(6)])
    categories = [category_ensure(code=code, name=name, name_en=name_en, order=n,
                                  loan_days=days, buffer_days=buffer)
                  for n, (code, name, name_en, days, _r, buffer, _m)
                  in enumerate(demo.CATEGORIES, 1)]
    by_code = {c.code: c for c in categories}
    kinds = [(by_code[code], name, name_en) for code, name, name_en, *_ in demo.ITEMS]
    sizes = [f"{cm} cm" for cm in range(80, 200, 10)] + ["S", "M", "L", "XL"] + \
        [str(n) for n in range(26, 47)]
    items = []
    for i in range(COPIES // COPIES_PER_ITEM):
        category, name, name_en = kinds[i % len(kinds)]
        item = Item(category=category, name=f"{name} {i // len(kinds) + 1}",
                    name_en=f"{name_en} {i // len(kinds) + 1}", size=rng.choice(sizes),
                    age_min=rng.choice([None, 4, 7, 10]), age_max=rng.choice([None, 12, 16]),
                    description="Benchmarkutstyr.")
        item.refresh_derived()
        items.append(item)
    Item.objects.bulk_create(items, batch_size=2000)
    copies = [Copy(item=items[n // COPIES_PER_ITEM], number=10_000 + n,
                   location=points[n % len(points)]) for n in range(COPIES)]
    Copy.objects.bulk_create(copies, batch_size=5000)
    print(f"  {len(items)} utstyr, {len(copies)} eksemplarer", flush=True)

    today = timezone.localdate()
    people = []
    for n in range(BORROWERS):
        name = f"{rng.choice(demo.FIRST)} {rng.choice(demo.LAST)}"
        people.append(Borrower(name=name, search_name=name.casefold(),
                               phone=f"9{n:07d}", birth_year=rng.randint(1950, 2018),
                               registered_on=today - dt.timedelta(days=rng.randint(0, 900))))
    Borrower.objects.bulk_create(people, batch_size=5000)
    print(f"  {len(people)} låntakere", flush=True)

    start = today - dt.timedelta(days=730)
    per_copy = LOANS // COPIES
    batch_checkouts, batch_loans = [], []

    def flush():
        Checkout.objects.bulk_create(batch_checkouts, batch_size=5000)
        for loan, checkout in zip(batch_loans, batch_checkouts, strict=True):
            loan.checkout = checkout
        Loan.objects.bulk_create(batch_loans, batch_size=5000)
        batch_checkouts.clear()
        batch_loans.clear()

    # Each copy is lent exactly LOANS / COPIES times, once in each of as many equal slots
    # of the last two years (lent early in the slot, back within two weeks).
    slot = 730 // per_copy
    made = 0
    for copy in copies:
        for k in range(per_copy):
            day = start + dt.timedelta(days=k * slot + rng.randint(0, slot - 16))
            length = rng.randint(2, 14)
            borrower = people[rng.randrange(BORROWERS)]
            lent_at = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
            out = k == per_copy - 1 and rng.random() < 0.15
            back = day + dt.timedelta(days=length)
            batch_checkouts.append(Checkout(borrower=borrower, location=copy.location,
                                            created_at=lent_at,
                                            is_class_set=rng.random() < 0.01))
            batch_loans.append(Loan(
                copy=copy, item_id=copy.item_id, category_id=copy.item.category_id,
                lent_from=copy.location, borrower=borrower, lent_at=lent_at,
                lent_on=day, due_on=day + dt.timedelta(days=7),
                returned_at=None if out else timezone.make_aware(
                    dt.datetime.combine(back, dt.time(15))),
                returned_to=None if out else copy.location,
                days_out=None if out else length))
            made += 1
        if len(batch_loans) >= 20_000:
            flush()
            print(f"  {made} utlån", flush=True)
    flush()
    print(f"  {Loan.objects.count()} utlån i alt; bygget på {time.perf_counter() - t0:.0f} s",
          flush=True)


def timed(client, url: str, repeat: int) -> tuple[float, float, float, int]:
    """Median and p95 wall time, and median CPU time of this process (the machine is
    shared: CPU time shows the work itself when other jobs slow the wall clock)."""
    for _ in range(3):  # warm up: templates, connection
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return statistics.median(times), p95, statistics.median(cpu), len(response.content)


def scan_to_loan(desk, repeat: int) -> None:
    """The desk scans a copy on a borrower's page (POST, answered by a redirect) and later
    scans it back in on the return page: server time of each POST, copies that are free.

    A copy scanned back in rests for its category's buffer days (``available_from``), so a
    second run of the bench on the same database takes other copies: those free now."""
    from django.db.models import Exists, OuterRef, Q
    from django.utils import timezone

    from levekar.lending.models import Borrower, Copy, LendingPoint, Loan, Reservation

    point = LendingPoint.objects.order_by("order").first()
    desk.post("/utstyr/utlan/utlanssted/", {"point": point.pk})
    borrower = Borrower.objects.filter(anonymised_at__isnull=True, guardian__isnull=True,
                                       kind="person").order_by("-pk").first()
    copies = list(Copy.objects.filter(location=point, condition="good")
                  .filter(Q(available_from__isnull=True)
                          | Q(available_from__lte=timezone.now()))
                  .exclude(Exists(Loan.objects.filter(copy=OuterRef("pk"),
                                                      returned_at__isnull=True)))
                  .exclude(Exists(Reservation.objects.filter(item=OuterRef("item"))))
                  .order_by("-number").values_list("number", flat=True)[: repeat + 3])
    lend_ms, return_ms, lend_cpu = [], [], []
    for n, number in enumerate(copies):
        t, c = time.perf_counter(), time.process_time()
        response = desk.post(f"/utstyr/utlan/lantakere/{borrower.pk}/lan/",
                             {"copies": str(number), "due_on": "", "on_behalf_of": ""})
        lent = (time.perf_counter() - t) * 1000
        cpu = (time.process_time() - c) * 1000
        assert response.status_code == 302, response.status_code
        assert Loan.objects.filter(copy__number=number, returned_at__isnull=True).exists()
        t = time.perf_counter()
        response = desk.post("/utstyr/utlan/retur/", {"copies": str(number),
                                                      "condition": "good", "damage": ""})
        returned = (time.perf_counter() - t) * 1000
        assert response.status_code in (200, 302), response.status_code
        if n >= 3:  # warm-up
            lend_ms.append(lent)
            lend_cpu.append(cpu)
            return_ms.append(returned)
    for label, times in (("Skranke: skann og lån (POST)", lend_ms),
                         ("Skranke: skann og lever (POST)", return_ms)):
        p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
        extra = f"{statistics.median(lend_cpu):7.1f}" if times is lend_ms else f"{'':7}"
        print(f"{label:42} {statistics.median(times):10.1f} {p95:8.1f} {extra}")


def search_alone(cases, repeat: int) -> None:
    """The search itself, without the page: the selector's query for the first page of
    results (what the index answers), median and p95 wall time and median CPU time."""
    from urllib.parse import parse_qs, urlsplit

    from levekar.lending import selectors

    print(f"\n{'søket alene (20 første treff)':42} {'median ms':>10} {'p95 ms':>8} "
          f"{'CPU ms':>7}")
    worst = 0.0
    for label, _client, url in cases:
        if not label.startswith("Katalogsøk"):
            continue
        params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        kwargs = {"q": params.get("q", ""), "category": params.get("category", ""),
                  "age": int(params["age"]) if "age" in params else None}
        for _ in range(3):
            list(selectors.catalogue_search(**kwargs)[:20])
        times, cpu = [], []
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            list(selectors.catalogue_search(**kwargs)[:20])
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
        worst = max(worst, p95)
        print(f"{label:42} {statistics.median(times):10.1f} {p95:8.1f} "
              f"{statistics.median(cpu):7.1f}")
    print(f"Søket alene, verste p95: {worst:.1f} ms")


def search_in_database(cases, repeat: int) -> None:
    """PostgreSQL: the database's own time for the queries of a search page's first page
    (``EXPLAIN ANALYZE``: planning and execution, no network, no Python), summed per page,
    median and p95. The typo's fallback is where the server's time went."""
    import json
    from urllib.parse import parse_qs, urlsplit

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from levekar.lending import selectors

    print(f"\n{'i databasen (EXPLAIN ANALYZE, side 1)':42} {'median ms':>10} {'p95 ms':>8} "
          f"{'spørringer':>10}")
    worst = 0.0
    for label, _client, url in cases:
        if not label.startswith("Katalogsøk"):
            continue
        params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        kwargs = {"q": params.get("q", ""), "category": params.get("category", ""),
                  "age": int(params["age"]) if "age" in params else None}
        with CaptureQueriesContext(connection) as ctx:
            list(selectors.catalogue_page(selectors.catalogue_search(**kwargs), 1, 20))
        queries = [q["sql"] for q in ctx.captured_queries]
        times = []
        with connection.cursor() as cursor:
            for n in range(repeat + 3):
                total = 0.0
                for sql in queries:
                    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                    plan = cursor.fetchone()[0]
                    plan = json.loads(plan) if isinstance(plan, str) else plan
                    total += plan[0]["Planning Time"] + plan[0]["Execution Time"]
                if n >= 3:  # warm-up
                    times.append(total)
        p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
        worst = max(worst, p95)
        print(f"{label:42} {statistics.median(times):10.2f} {p95:8.2f} {len(queries):10}")
    print(f"I databasen, verste p95: {worst:.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="Bygg databasen på nytt.")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--search-only", action="store_true",
                        help="Bare katalogsøkene (kortere kjøring, for før/etter-par).")
    args = parser.parse_args()
    if args.rebuild and DB.exists() and not on_postgres():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DB}{suffix}").unlink(missing_ok=True)
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from levekar.core.models import User
    from levekar.lending.models import Loan

    call_command("migrate", verbosity=0)
    # The desk scans below add a few loans to the 200,000 each run.
    built = not args.rebuild and Loan.objects.count() >= LOANS
    if not built:
        where = connection.settings_dict["NAME"] if on_postgres() else DB.relative_to(ROOT)
        print(f"Fyller {where} …", flush=True)
        build(random.Random(7))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from levekar.lending.models import Borrower, Copy

    print(f"Database: {connection.vendor}. Data: {Copy.objects.count()} eksemplarer, "
          f"{Borrower.objects.count()} låntakere, "
          f"{Loan.objects.count()} utlån ({Loan.objects.filter(returned_at__isnull=True).count()}"
          " ute nå).")
    public = Client()
    desk = Client()
    desk.force_login(User.objects.get(username="utlan1"))
    year = timezone.localdate().year
    cases = [
        ("Katalogsøk «ski 130»", public, "/utstyr/?q=ski+130"),
        ("Katalogsøk «hjelm», kategori, alder", public,
         "/utstyr/?q=hjelm&category=sykkel&age=9"),
        ("Katalogsøk «ski 90»", public, "/utstyr/?q=ski+90"),
        ("Katalogsøk «skoyter»", public, "/utstyr/?q=skoyter"),
        ("Katalogsøk «langrennski»", public, "/utstyr/?q=langrennski"),
        ("Katalogsøk «redningsvest 20 kg»", public, "/utstyr/?q=redningsvest+20+kg"),
        ("Katalogsøk «sykel» (skrivefeil)", public, "/utstyr/?q=sykel"),
        ("Katalog uten søk (side 50)", public, "/utstyr/?side=50"),
        ("Skranke: finn låntaker på mobil", desk, "/utstyr/utlan/?q=9000123"),
        ("Skranke: finn låntaker på navn", desk, "/utstyr/utlan/?q=emma+hansen"),
        ("Skranke: låntakerside", desk, "/utstyr/utlan/lantakere/1234/"),
        (f"Statistikk {year}", desk, f"/utstyr/utlan/statistikk/?year={year}"),
        (f"Statistikk {year - 1}", desk, f"/utstyr/utlan/statistikk/?year={year - 1}"),
    ]
    if args.search_only:
        cases = [c for c in cases if c[0].startswith("Katalogsøk")]
    load = os.getloadavg()[0]
    print(f"\n{'side':42} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7}  "
          f"({args.repeat} forespørsler, belastning {load:.1f} på {os.cpu_count()} kjerner)")
    worst = worst_search = 0.0
    for label, client, url in cases:
        median, p95, cpu, size = timed(client, url, args.repeat)
        worst = max(worst, p95)
        if label.startswith("Katalogsøk"):
            worst_search = max(worst_search, p95)
        print(f"{label:42} {median:10.1f} {p95:8.1f} {cpu:7.1f}  {size // 1024} kB")
    if not args.search_only:
        scan_to_loan(desk, args.repeat)
    print(f"\nKatalogsøk ({connection.vendor}), verste p95: {worst_search:.1f} ms "
          "(mål: høyst 50 ms)")
    search_alone(cases, args.repeat)
    if connection.vendor == "postgresql":
        search_in_database(cases, args.repeat)
    print(f"\nVerste p95: {worst:.1f} ms (mål: under 100 ms); belastning nå "
          f"{os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
