"""The council report as tagged PDF: the first render in a fresh process, and the next
one with the charts cached, before and after a change, in the same run.

    .venv/bin/python bench/plans_pdf_bench.py [--before REV] [--runs 3] [--size 200]
                                              [--same-charts]

Builds one database (demo + a plan of ``--size`` measures, every tenth linked to an
indicator; each link its own target, so each of the 20 charts is a different image,
unless ``--same-charts``) in a temporary directory. Each measurement is a new Python
process, so the first render pays what a new server worker pays on its first report:
importing WeasyPrint, starting vl-convert's JavaScript engine, compiling the templates,
loading the fonts, drawing the charts. With ``--before REV`` the same is measured on a
``git worktree`` of REV (same database, same virtualenv), the two alternating run by run.
Prints CPU seconds (``time.process_time``, which counts vl-convert's own threads too)
and wall seconds (noisy on a shared machine); the medians at the end.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = "pdf-bench"


def child(src: str, var: str) -> None:
    """One measurement in this process (run as a subprocess by ``main``)."""
    sys.path.insert(0, src)
    os.environ["LEVEKAR_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    import django

    django.setup()
    from levekar.plans.reports.data import plan_report
    from levekar.plans.reports.pdf import render_pdf
    from levekar.plans.selectors import plan_get

    out = {}
    for label in ("first", "cached"):
        report = plan_report(plan_get(PLAN), 2026)
        cpu, wall = time.process_time(), time.perf_counter()
        pdf = render_pdf(report)
        out[label] = (time.process_time() - cpu, time.perf_counter() - wall)
    out["kib"] = len(pdf) // 1024
    print(json.dumps(out))


def build(var: str, size: int, same_charts: bool) -> None:
    os.environ["LEVEKAR_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.core.management import call_command

    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.plans.services import plan_import
    from plans_bench import plan_yaml

    call_command("migrate", verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    plan_import(text=plan_yaml(PLAN, size, varied_targets=not same_charts),
                filename="bench.yaml")


def measure(tree: Path, var: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "plans_pdf_bench.py"), "--child",
         str(tree / "src"), var], capture_output=True, text=True, check=True,
        cwd=tree)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", help="a git revision to measure against (worktree)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=200, help="measures in the plan")
    parser.add_argument("--same-charts", action="store_true",
                        help="every link alike, so the 20 charts are one image")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="levekar-pdf-bench-")
    t0 = time.perf_counter()
    build(var, args.size, args.same_charts)
    print(f"Database built in {time.perf_counter() - t0:.0f} s ({var})")
    trees = [("after", ROOT)]
    worktree = None
    if args.before:
        worktree = Path(tempfile.mkdtemp(prefix="levekar-pdf-before-")) / "tree"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(worktree),
                        args.before], cwd=ROOT, check=True)
        # The compiled message catalogues are not in git: the same ones for both trees.
        for mo in (ROOT / "src").rglob("*.mo"):
            target = worktree / mo.relative_to(ROOT)
            if target.parent.is_dir():
                target.write_bytes(mo.read_bytes())
        trees.insert(0, ("before", worktree))
    results: dict[str, list[dict]] = {name: [] for name, _tree in trees}
    try:
        for run in range(args.runs):
            for name, tree in trees:
                r = measure(tree, var)
                results[name].append(r)
                print(f"run {run + 1} {name:>6}: first render CPU {r['first'][0]:.2f} s "
                      f"(wall {r['first'][1]:.2f} s), charts cached CPU {r['cached'][0]:.2f} s "
                      f"(wall {r['cached'][1]:.2f} s), {r['kib']} KiB", flush=True)
    finally:
        if worktree is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT,
                           check=False)
    kind = "alike" if args.same_charts else "different"
    print(f"Council report, {args.size} measures, 20 charts ({kind}), "
          f"median of {args.runs} fresh processes:")
    for name, rs in results.items():
        med = {k: [statistics.median(r[k][i] for r in rs) for i in (0, 1)]
               for k in ("first", "cached")}
        print(f"  {name:>6}: first render CPU {med['first'][0]:.2f} s (wall "
              f"{med['first'][1]:.2f} s); charts cached CPU {med['cached'][0]:.2f} s "
              f"(wall {med['cached'][1]:.2f} s); {rs[-1]['kib']} KiB")


if __name__ == "__main__":
    main()
