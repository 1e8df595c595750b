"""Benchmark: automatic issuance of leisure cards for a municipality of 100 000 households.

Builds its own SQLite database under bench/out/ (gitignored), imports a synthetic
register extract (households, members, income after tax) through the real CSV import,
then times the automatic issuance (first run and a re-run that must issue nothing).
Target: the issuance under 30 s on the 2-core machine with SQLite.

    .venv/bin/python bench/passes_issue.py [--households 100000]
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "passes_issue.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import Municipality
    from levekar.passes import demo, demodata
    from levekar.passes.models import ActivityPass, Scheme
    from levekar.passes.services import households_import, passes_issue
    from levekar.people import demo as people_demo

    call_command("migrate", verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    people_demo.load(reporter=NULL_REPORTER)
    municipality = Municipality.objects.get(code=core_demo.MUNICIPALITY_CODE)
    demo._schemes(municipality)
    scheme = Scheme.objects.get(code=demo.SCHEME_CODE)

    t = time.perf_counter()
    households = demo.register(households=args.households, target=None, seed=100_000)
    data = demodata.register_csv(households, income_year=demo.DEMO_YEAR - 1)
    generate = time.perf_counter() - t
    rows = data.count(b"\n") - 1
    print(f"generated register: {args.households} households, {rows} persons, "
          f"{len(data) / 1e6:.1f} MB CSV in {generate:.1f} s")

    t = time.perf_counter()
    households_import(actor=None, actor_name="bench", municipality=municipality, data=data,
                      filename="bench-register.csv")
    import_s = time.perf_counter() - t
    print(f"import (CSV → households, persons, incomes): {import_s:.1f} s "
          f"({rows / import_s:,.0f} rows/s)")

    t = time.perf_counter()
    run = passes_issue(scheme=scheme, year=demo.DEMO_YEAR, actor_name="bench")
    issue_s = time.perf_counter() - t
    print(f"issuance, first run: {issue_s:.1f} s — {run.households} households, "
          f"{run.children} children considered, {run.eligible} eligible, {run.issued} issued"
          f" (target < 30 s)")

    t = time.perf_counter()
    rerun = passes_issue(scheme=scheme, year=demo.DEMO_YEAR, actor_name="bench")
    rerun_s = time.perf_counter() - t
    print(f"issuance, re-run: {rerun_s:.1f} s — {rerun.issued} issued, {rerun.skipped} skipped")
    assert rerun.issued == 0 and ActivityPass.objects.count() == run.issued
    return 0 if issue_s < 30 else 1


if __name__ == "__main__":
    raise SystemExit(main())
