"""Benchmark: the statistics engine at national size (5.6 million persons, three years).

    .venv/bin/python bench/stats_national.py                  # Norway: 5 600 000 persons
    .venv/bin/python bench/stats_national.py --persons 200000 # a quick run
    .venv/bin/python bench/stats_national.py --fresh --repeat 3

Generates the synthetic population with ``levekar stats synth`` (or reuses it from
``bench/out/``, which is not committed), then runs ``levekar stats compute`` on it. Each
step runs in its own process; the figures are that process's wall time, CPU time and
peak memory (RSS, from ``os.wait4``). Targets on a 2-core machine: compute < 15 s with
peak RSS < 4 GiB, synth < 3 minutes. The load average is printed too, because other
work on the machine slows the wall time down (the CPU time much less).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def run_measured(args: list[str]) -> dict:
    """Run ``levekar …`` in a child process; wall and CPU seconds, peak RSS in MiB."""
    cmd = [sys.executable, "-m", "levekar.cli.main", *args]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, problems = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        sys.stdout.write(text + problems)
        raise SystemExit(f"levekar {' '.join(args)} failed ({proc.returncode})")
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024), "output": text}


def load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=5_600_000)
    parser.add_argument("--years", default="2022-2024")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", default="parquet", choices=["parquet", "csv"])
    parser.add_argument("--fresh", action="store_true",
                        help="generate the population again even when it is cached")
    parser.add_argument("--repeat", type=int, default=1, help="run compute this many times")
    opts = parser.parse_args()

    data = OUT / f"national-{opts.persons}-{opts.seed}-{opts.format}"
    marker = data / "done.json"
    print(f"Levekår statistics engine benchmark: {opts.persons:,} persons, {opts.years}, "
          f"{opts.format}; {os.cpu_count()} CPUs; load average {load()}")
    if opts.fresh or not marker.exists():
        shutil.rmtree(data, ignore_errors=True)
        synth = run_measured(["stats", "synth", "--persons", str(opts.persons), "--years",
                              opts.years, "--seed", str(opts.seed), "--format", opts.format,
                              "--out", str(data)])
        marker.write_text(json.dumps({k: v for k, v in synth.items() if k != "output"}),
                          encoding="utf-8")
        print(f"synth:   wall {synth['wall_s']:7.2f} s   cpu {synth['cpu_s']:7.2f} s   "
              f"peak RSS {synth['peak_rss_mib']:6d} MiB   (load {load()})")
    else:
        cached = json.loads(marker.read_text(encoding="utf-8"))
        print(f"synth:   reused {data.relative_to(ROOT)} (measured when made: wall "
              f"{cached['wall_s']} s, peak RSS {cached['peak_rss_mib']} MiB; --fresh to "
              f"measure again)")
    size = sum(p.stat().st_size for p in data.iterdir() if p.name != "done.json")
    print(f"input:   {size / 2**20:,.0f} MiB in {len(list(data.glob('persons_*')))} files")
    results = []
    for i in range(opts.repeat):
        res = ROOT / "bench" / "out" / "national-result"
        shutil.rmtree(res, ignore_errors=True)
        compute = run_measured(["stats", "compute", "--input", str(data), "--period",
                                opts.years, "--out", str(res)])
        results.append(compute)
        print(f"compute: wall {compute['wall_s']:7.2f} s   cpu {compute['cpu_s']:7.2f} s   "
              f"peak RSS {compute['peak_rss_mib']:6d} MiB   (run {i + 1}, load {load()})")
    print("         " + " ".join(results[-1]["output"].split()))
    best = min(results, key=lambda r: r["wall_s"])
    print(f"best compute: {best['wall_s']} s wall, {best['cpu_s']} s CPU, "
          f"{best['peak_rss_mib']} MiB peak RSS")


if __name__ == "__main__":
    main()
