"""Benchmark of the plans app: import, pages and reports at growing plan sizes.

    .venv/bin/python bench/plans_bench.py [--sizes 40,400,2000] [--report-size 200]

Runs against a fresh SQLite database in a temporary directory (never the real one) and
prints CPU seconds (time.process_time: fair on a shared machine; SQLite runs
in-process) and query counts. Figures are recorded in docs/plans.md.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


UNITS = ["nav-lillestrom", "kultur-fritid", "boligkontoret", "helsestasjon-lillestrom",
         "familieteamet", "strommen-skole"]


def plan_yaml(plan_id: str, n: int, *, varied_targets: bool = False) -> str:
    """A plan of ``n`` measures, every tenth linked to an indicator. With
    ``varied_targets`` each link has its own target, so each chart is a different image
    (as in a real plan); otherwise the links are alike and so are their charts."""
    from levekar.plans.planfile.export import dump_yaml

    per_goal, goals_per_area = 10, 5
    focus_areas = []
    m = 0
    for a in range(max(1, n // (per_goal * goals_per_area))):
        goals = []
        for g in range(goals_per_area):
            measures = []
            for _ in range(per_goal):
                if m >= n:
                    break
                measures.append({
                    "code": f"{a + 1}.{g + 1}.{m + 1}",
                    "title": f"Tiltak nummer {m + 1} med en tekst av vanlig lengde for "
                             "en handlingsplan mot familiefattigdom.",
                    "status": ["V", "V/F", "F/N", "N"][m % 4],
                    "how": "Samarbeid på tvers av tjenestene.",
                    "responsible": [{"unit": UNITS[m % len(UNITS)]},
                                    {"text": "Frivillige organisasjoner"}],
                    "evaluation": {"indicator": "Antall deltakere", "frequency": "yearly"},
                    "indicator_link": {"indicator": "persistent_low_income_60",
                                       "area": "3205", "baseline": 12.3,
                                       "baseline_period": "2021-2023",
                                       "target": round(10.0 - m / 100, 1)
                                       if varied_targets else 10.0,
                                       "target_year": 2030} if m % 10 == 0 else None,
                })
                m += 1
            goals.append({"code": f"{a + 1}.{g + 1}", "text": f"Mål {a + 1}.{g + 1}",
                          "measures": measures})
        focus_areas.append({"code": str(a + 1), "title": f"Innsatsområde {a + 1}",
                            "goals": goals})
    return dump_yaml({"format": "levekar-plan/1", "id": plan_id, "municipality": "3205",
                      "title": f"Benchmarkplan med {n} tiltak",
                      "period": {"start": 2026, "end": 2030}, "focus_areas": focus_areas})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="40,400,2000", help="measures per plan")
    parser.add_argument("--report-size", type=int, default=200,
                        help="measures in the plan rendered as PDF and Word")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="levekar-bench-")
    os.environ["LEVEKAR_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import User
    from levekar.plans.models import Measure
    from levekar.plans.planfile.export import dump_yaml, plan_document
    from levekar.plans.reports.data import plan_report
    from levekar.plans.reports.docx import render_docx
    from levekar.plans.reports.pdf import render_pdf
    from levekar.plans.selectors import plan_get, plan_matrix
    from levekar.plans.services import measure_report_save, plan_import, reporting_round_start

    call_command("migrate", verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    owner = User.objects.get(username="planeier1")
    client = Client()
    client.force_login(owner)
    print("CPU-sekunder (process_time) og antall spørringer per side")
    print(f"{'tiltak':>7} {'import s':>9} {'reimport s':>10} {'eksport s':>9} "
          f"{'matrise s':>9} {'spørringer':>10} {'årsrapport s':>12} {'spørringer':>10}")
    for n in [int(x) for x in args.sizes.split(",")]:
        plan_id = f"bench-{n}"
        text = plan_yaml(plan_id, n)
        t0 = time.process_time()
        plan_import(text=text, filename="bench.yaml")
        t_import = time.process_time() - t0
        t0 = time.process_time()
        plan_import(text=text, filename="bench.yaml")
        t_reimport = time.process_time() - t0
        t0 = time.process_time()
        dump_yaml(plan_document(plan_matrix(plan_get(plan_id))))
        t_export = time.process_time() - t0
        plan = plan_get(plan_id)
        rnd = reporting_round_start(plan=plan, year=2026, actor=owner)
        for measure in Measure.objects.filter(plan=plan)[::2]:
            measure_report_save(round=rnd, measure=measure, actor=owner, progress="in_progress",
                                narrative="I gang.", indicator_value=None,
                                expected_version=None)
        client.get(f"/handlingsplan/{plan_id}/")  # warm: templates compiled once
        reset_queries()  # (the log is cut at 9000; each request also resets it)
        with CaptureQueriesContext(connection) as q1:
            t0 = time.process_time()
            client.get(f"/handlingsplan/{plan_id}/")
            t_matrix = time.process_time() - t0
        reset_queries()
        with CaptureQueriesContext(connection) as q2:
            t0 = time.process_time()
            client.get(f"/handlingsplan/{plan_id}/rapport/2026/")
            t_report = time.process_time() - t0
        print(f"{n:>7} {t_import:>9.2f} {t_reimport:>10.2f} {t_export:>9.2f} {t_matrix:>9.2f} "
              f"{len(q1.captured_queries):>10} {t_report:>12.2f} {len(q2.captured_queries):>10}")

    n = args.report_size
    plan_import(text=plan_yaml(f"report-{n}", n), filename="bench.yaml")
    report = plan_report(plan_get(f"report-{n}"), 2026)
    t0 = time.process_time()
    pdf = render_pdf(report)
    t_pdf = time.process_time() - t0
    t0 = time.process_time()
    docx = render_docx(plan_report(plan_get(f"report-{n}"), 2026))
    t_docx = time.process_time() - t0
    print(f"Årsrapport for {n} tiltak: PDF {t_pdf:.2f} s ({len(pdf) // 1024} KiB), "
          f"Word {t_docx:.2f} s ({len(docx) // 1024} KiB) (CPU s, charts drawn)")
    # Again, as the next download of the same report: the charts come from the cache
    # (plans.charts, keyed by a hash of spec and data).
    t0 = time.process_time()
    render_pdf(plan_report(plan_get(f"report-{n}"), 2026))
    t_pdf2 = time.process_time() - t0
    t0 = time.process_time()
    render_docx(plan_report(plan_get(f"report-{n}"), 2026))
    t_docx2 = time.process_time() - t0
    print(f"Årsrapport for {n} tiltak, diagrammene fra hurtigbufferen: PDF {t_pdf2:.2f} s, "
          f"Word {t_docx2:.2f} s (CPU s)")


if __name__ == "__main__":
    main()
