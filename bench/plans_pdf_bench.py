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
Each is measured in three kinds of process: ``fresh`` (nothing done before the report,
as in ``levekar plans export --format pdf --year``), ``worker`` (after what that tree's
gunicorn configuration does when a worker starts) and ``again`` (a fresh process, the
same report rendered before by another process: what a tree's chart cache shares).
``worker`` is the path a user's report takes: «Lag rapporten» queues a job, and the job
worker (``levekar worker``) renders it after its start-up warm-up
(``plans.reports.pdf.warm_up``; a tree without it: gunicorn's two hooks, which do the
same). ``fresh`` and ``worker`` start with the tree's chart cache empty.
Python's bytecode cache is on (as on a server), filled by one uncounted run per tree.
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


def child(src: str, var: str, mode: str) -> None:
    """One measurement in this process (run as a subprocess by ``main``). ``worker``:
    first what that tree's job worker does when it starts (``warm_up``; in a tree without
    it, gunicorn's ``when_ready`` and ``post_worker_init`` hooks), its threads given time
    to finish, as a worker is up before the first report is asked for;
    ``fresh``: nothing; ``again``: nothing, and the charts drawn by the tree's previous
    process are not forgotten (a report downloaded again from another or a restarted
    worker: with a chart cache per process, they are drawn again)."""
    sys.path.insert(0, src)
    os.environ["LEVEKAR_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    import django

    django.setup()
    if mode == "worker":
        import threading

        from levekar.plans.reports import pdf as report_pdf

        if hasattr(report_pdf, "warm_up"):
            report_pdf.warm_up()
        else:
            from levekar.config import gunicorn

            for hook in ("when_ready", "post_worker_init"):
                if hasattr(gunicorn, hook):
                    getattr(gunicorn, hook)(None)
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and thread.daemon:
                thread.join(timeout=30)
    from levekar.plans.reports.data import plan_report
    from levekar.plans.reports.pdf import render_pdf
    from levekar.plans.selectors import plan_get

    if mode != "again":
        # A tree whose chart cache is shared by the server's processes (files): the first
        # render draws every chart, as the report's first render ever does.
        from django.conf import settings
        from django.core.cache import caches

        if "charts" in settings.CACHES:
            caches["charts"].clear()
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


def measure(tree: Path, var: str, mode: str) -> dict:
    # Python's bytecode cache on, as on a server (an installed package has its .pyc): a
    # shell with PYTHONDONTWRITEBYTECODE would have every worker compile WeasyPrint anew.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(var) / "pycache" / tree.name)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "plans_pdf_bench.py"), "--child",
         str(tree / "src"), var, mode], capture_output=True, text=True, check=True,
        cwd=tree, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", help="a git revision to measure against (worktree)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=200, help="measures in the plan")
    parser.add_argument("--same-charts", action="store_true",
                        help="every link alike, so the 20 charts are one image")
    parser.add_argument("--var", help="the directory of an earlier run's database, to reuse")
    args = parser.parse_args()

    if args.var:
        var = args.var
    else:
        var = tempfile.mkdtemp(prefix="levekar-pdf-bench-")
        t0 = time.perf_counter()
        build(var, args.size, args.same_charts)
        print(f"Database built in {time.perf_counter() - t0:.0f} s ({var}; --var reuses it)")
    trees = [("after", ROOT)]
    worktree = None
    if args.before:
        worktree = Path(tempfile.mkdtemp(prefix="levekar-pdf-before-"))  # empty: git takes it
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(worktree),
                        args.before], cwd=ROOT, check=True)
        # The compiled message catalogues are not in git: the same ones for both trees.
        for mo in (ROOT / "src").rglob("*.mo"):
            target = worktree / mo.relative_to(ROOT)
            if target.parent.is_dir():
                target.write_bytes(mo.read_bytes())
        trees.insert(0, ("before", worktree))
    print("Load average at the start: {:.1f} {:.1f} {:.1f} ({} cores)".format(
        *os.getloadavg(), os.cpu_count()), flush=True)
    modes = ("fresh", "worker", "again")
    results: dict[tuple, list[dict]] = {(n, m): [] for n, _tree in trees for m in modes}
    try:
        for _name, tree in trees:
            measure(tree, var, "fresh")  # not counted: fills the bytecode cache
        for run in range(args.runs):
            for mode in modes:
                for name, tree in trees:
                    r = measure(tree, var, mode)
                    results[name, mode].append(r)
                    print(f"run {run + 1} {name:>6} {mode:>6}: first render CPU "
                          f"{r['first'][0]:.2f} s (wall {r['first'][1]:.2f} s), charts cached "
                          f"CPU {r['cached'][0]:.2f} s (wall {r['cached'][1]:.2f} s), "
                          f"{r['kib']} KiB", flush=True)
    finally:
        if worktree is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT,
                           check=False)
    print("Load average at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    kind = "alike" if args.same_charts else "different"
    print(f"Council report, {args.size} measures, 20 charts ({kind}), median of {args.runs} "
          "processes (fresh: a new process; worker: after the server's start-up hooks; "
          "again: a new process, the report rendered before by another):")
    for (name, mode), rs in results.items():
        med = {k: [statistics.median(r[k][i] for r in rs) for i in (0, 1)]
               for k in ("first", "cached")}
        print(f"  {name:>6} {mode:>6}: first render CPU {med['first'][0]:.2f} s (wall "
              f"{med['first'][1]:.2f} s); charts cached CPU {med['cached'][0]:.2f} s "
              f"(wall {med['cached'][1]:.2f} s); {rs[-1]['kib']} KiB")


if __name__ == "__main__":
    main()
