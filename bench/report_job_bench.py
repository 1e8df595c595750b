"""What a user waits for when the council report is made as a job (issue 15, item 2),
against the PDF rendered in the request as before, in the same run.

    .venv/bin/python bench/report_job_bench.py [--runs 3] [--size 200] [--var DIR]

Builds one database (demo + a plan of ``--size`` measures with 20 different charts, as
``bench/plans_pdf_bench.py`` does) in a temporary directory. Each run is a new Python
process (a new job worker or server worker meets its first report) that measures, with
Django's test client over the real URLs and the real queue (after one uncounted request
to the page, as a server worker has served pages before):

- ``before``: the report's PDF rendered inside the request, as "Last ned som PDF" did
  (``plan_report`` + ``render_pdf``, what ``report_download`` ran);
- ``start``: the POST of «Lag rapporten» (queues the job and redirects);
- ``page``: the report page that follows the job (``?jobb=``);
- ``job``: the job in the worker (``jobs.run_pending``): PDF and Word, written to files;
- ``job again``: a second run of the same report in the same worker (charts cached);
- ``download``: the GET of the finished PDF file;
- ``word``: the Word document still downloaded at once in the request.

Prints CPU seconds (``time.process_time``) and wall seconds for each, and the medians.
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
YEAR = 2026
STEPS = ("before", "start", "page", "job", "job again", "download", "word")


def _timed(fn):
    cpu, wall = time.process_time(), time.perf_counter()
    value = fn()
    return value, (time.process_time() - cpu, time.perf_counter() - wall)


def child(var: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["LEVEKAR_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.test import Client
    from django.test.utils import setup_test_environment

    from levekar.core import jobs
    from levekar.core.models import User
    from levekar.plans.reports.data import plan_report
    from levekar.plans.reports.pdf import render_pdf
    from levekar.plans.selectors import plan_get

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    if "charts" in settings.CACHES:
        caches["charts"].clear()          # every run starts with no chart drawn
    client = Client()
    client.force_login(User.objects.get(username="planeier1"))
    base = f"/handlingsplan/{PLAN}/rapport/{YEAR}/"
    assert client.get(base).status_code == 200   # not counted: a worker's first request
    out = {}
    pdf, out["before"] = _timed(lambda: render_pdf(plan_report(plan_get(PLAN), YEAR)))
    if "charts" in settings.CACHES:
        caches["charts"].clear()          # the job meets the charts undrawn, as before did
    response, out["start"] = _timed(lambda: client.post(f"{base}lag/"))
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    page, out["page"] = _timed(lambda: client.get(location))
    assert page.status_code == 200
    ran, out["job"] = _timed(jobs.run_pending)
    job = jobs.Job.objects.filter(name="plans.council_report").latest("pk")
    assert ran and job.status == "done", job.error
    client.post(f"{base}lag/")
    _ran, out["job again"] = _timed(jobs.run_pending)

    def download():
        r = client.get(f"{base}jobb/{job.pk}/rapport.pdf")
        return b"".join(r.streaming_content)

    body, out["download"] = _timed(download)
    assert body[:4] == b"%PDF"
    word, out["word"] = _timed(lambda: client.get(f"{base}rapport.docx").content)
    out["kib"] = {"before": len(pdf) // 1024, "job pdf": len(body) // 1024,
                  "word": len(word) // 1024}
    print(json.dumps(out))


def measure(var: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, __file__, "--child", var], capture_output=True,
                          text=True, check=True, cwd=ROOT, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=200, help="measures in the plan")
    parser.add_argument("--var", help="the directory of an earlier run's database, to reuse")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from plans_pdf_bench import build

    if args.var:
        var = args.var
    else:
        var = tempfile.mkdtemp(prefix="levekar-report-job-bench-")
        t0 = time.perf_counter()
        build(var, args.size, False)
        print(f"Database built in {time.perf_counter() - t0:.0f} s ({var}; --var reuses it)")
    print("Load average at the start: {:.1f} {:.1f} {:.1f} ({} cores)".format(
        *os.getloadavg(), os.cpu_count()), flush=True)
    measure(var)                          # not counted: fills the bytecode cache
    results = []
    for run in range(args.runs):
        r = measure(var)
        results.append(r)
        print(f"run {run + 1}: " + "; ".join(
            f"{step} CPU {r[step][0]:.2f} s (wall {r[step][1]:.2f} s)" for step in STEPS)
            + f"; KiB {r['kib']}", flush=True)
    print("Load average at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print(f"Council report, {args.size} measures, 20 charts, medians of {args.runs} "
          "processes (a new process each: the first report a worker makes):")
    for step in STEPS:
        cpu = statistics.median(r[step][0] for r in results)
        wall = statistics.median(r[step][1] for r in results)
        print(f"  {step:>10}: CPU {cpu:.2f} s, wall {wall:.2f} s")


if __name__ == "__main__":
    main()
