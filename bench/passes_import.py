"""Benchmark: the register import (``passes import-households``) of 100 000 households.

Builds its own SQLite database under bench/out/ (gitignored), generates a synthetic
register extract (households, members, income after tax), then times the real import
twice: into an empty database, and the same file again (which must change nothing).
Target: ≤ 10 s for the first import on the 2-core machine with SQLite (issue 15). The
CPU time is printed too: on a machine shared with other work the wall time is not
the import's own.

    .venv/bin/python bench/passes_import.py [--households 100000] [--profile]
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
    parser.add_argument("--profile", action="store_true",
                        help="print the 25 most expensive functions of the first import")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "passes_import.sqlite3"
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
    from levekar.passes.services import households_import
    from levekar.people import demo as people_demo
    from levekar.people.models import Household, IncomeRecord, Person

    call_command("migrate", verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    people_demo.load(reporter=NULL_REPORTER)
    municipality = Municipality.objects.get(code=core_demo.MUNICIPALITY_CODE)

    households = demo.register(households=args.households, target=None, seed=100_000)
    data = demodata.register_csv(households, income_year=demo.DEMO_YEAR - 1)
    rows = data.count(b"\n") - 1
    print(f"register: {args.households} households, {rows} persons, "
          f"{len(data) / 1e6:.1f} MB CSV")

    class PhaseTimes:
        """A progress reporter that prints how long each phase of the import took; what
        the phases leave (the audit event and the commit) is printed after them."""

        spent = [0.0, 0.0]

        def start(self, description, total=None):
            self.description = description
            self.t, self.cpu = time.perf_counter(), time.process_time()

        def advance(self, amount=1):
            pass

        def finish(self):
            wall, cpu = time.perf_counter() - self.t, time.process_time() - self.cpu
            self.spent[0] += wall
            self.spent[1] += cpu
            print(f"  {self.description}: {wall:.1f} s (CPU {cpu:.1f} s)")

    def run():
        PhaseTimes.spent = [0.0, 0.0]
        t, cpu = time.perf_counter(), time.process_time()
        result = households_import(actor=None, actor_name="bench", municipality=municipality,
                                   data=data, filename="bench-register.csv",
                                   reporter=PhaseTimes())
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        print(f"  audit event, commit and the rest: {wall - PhaseTimes.spent[0]:.1f} s "
              f"(CPU {cpu - PhaseTimes.spent[1]:.1f} s)")
        return result

    print(f"load average before the import: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    t, cpu = time.perf_counter(), time.process_time()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        result = profiler.runcall(run)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    else:
        result = run()
    first, first_cpu = time.perf_counter() - t, time.process_time() - cpu
    print(f"import into an empty database: {first:.1f} s ({rows / first:,.0f} rows/s) — "
          f"{result.households_created} households, {result.persons_created} persons, "
          f"{result.incomes_created} incomes (target ≤ 10 s); CPU time {first_cpu:.1f} s "
          f"(on a shared machine the wall time includes waiting for a core)")

    t, cpu = time.perf_counter(), time.process_time()
    again = run()
    second, second_cpu = time.perf_counter() - t, time.process_time() - cpu
    changed = (again.households_created + again.households_updated + again.persons_created
               + again.persons_updated + again.incomes_created + again.incomes_updated)
    print(f"the same file again: {second:.1f} s (CPU {second_cpu:.1f} s), {changed} rows "
          "changed")
    assert changed == 0
    assert Household.objects.filter(municipality=municipality,
                                    external_id__isnull=False).count() >= args.households
    print(f"database: {Person.objects.count()} persons, "
          f"{IncomeRecord.objects.count()} incomes")
    return 0 if first <= 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
