"""Benchmark of the kunnskapsgrunnlag's Django side: loading a national-size computed result
(three overlapping periods) and serving the pages for a municipality with many zones.

    .venv/bin/python bench/stats_pages.py [--municipalities 356] [--zone-municipalities 12]
                                          [--zones 60]

Uses a throw-away SQLite database in a temporary folder; prints figures, asserts nothing.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=356)
    parser.add_argument("--zone-municipalities", type=int, default=12)
    parser.add_argument("--zones", type=int, default=60, help="zones per such municipality")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="levekar-bench-"))
    os.environ["LEVEKAR_VAR_DIR"] = str(tmp)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO))
    from levekar.cli._common import django_setup

    django_setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import User
    from levekar.core.services import municipality_ensure
    from levekar.stats.readers.geo import synthetic_boundaries
    from levekar.stats.services import result_set_load, zone_boundaries_import
    from levekar.stats.tests.factories import write_national

    core_demo.load(reporter=NULL_REPORTER)
    codes = ["3205"] + [f"{9000 + i:04d}" for i in range(1, args.municipalities)]
    for code in codes[1:]:
        municipality_ensure(code=code, name=f"Kommune {code}")
    zones = {c: ([f"{c}-{z:02d}" for z in range(1, args.zones + 1)]
                 if i < args.zone_municipalities else []) for i, c in enumerate(codes)}

    started = time.perf_counter()
    for last in (2022, 2023, 2024):
        write_national(tmp / "resultater" / f"{last - 2}-{last}", last_year=last,
                       zones_by_municipality=zones)
    written = time.perf_counter() - started
    size = sum(p.stat().st_size for p in (tmp / "resultater").rglob("*.csv"))

    started = time.perf_counter()
    result = result_set_load(paths=[tmp / "resultater"], source="Benchmark")
    loaded = time.perf_counter() - started
    zone_boundaries_import(municipality_code="3205", synthetic=True, file_name="b.geojson",
                           data=json.dumps(synthetic_boundaries(
                               [(z, z) for z in zones["3205"]])).encode())

    print(f"areas: 1 country, {len(codes)} municipalities, "
          f"{sum(len(z) for z in zones.values())} zones")
    print(f"input: 3 result folders, {size / 1e6:.1f} MB CSV (written in {written:.1f} s)")
    print(f"load: {result.summary['rows']} rows in {loaded:.1f} s "
          f"({result.summary['rows'] / loaded:,.0f} rows/s)")

    client = Client()
    client.force_login(User.objects.get(username="analytiker1"))
    pages = ["/kunnskap/", "/kunnskap/soner/",
             "/kunnskap/soner/?sorter=persistent_low_income_60&retning=synkende",
             "/kunnskap/kart/", "/kunnskap/soner/3205-03/", "/kunnskap/soner/last-ned.xlsx",
             "/kunnskap/soner/last-ned.csv", "/kunnskap/kommune/last-ned.xlsx"]
    for url in pages:
        client.get(url)
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - t)
        assert response.status_code == 200, url
        print(f"{url:70} median {sorted(timings)[2] * 1000:6.0f} ms, "
              f"{len(queries.captured_queries):2d} queries, {len(response.content) / 1e3:6.0f} kB")


if __name__ == "__main__":
    main()
