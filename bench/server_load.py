"""Benchmark: the production server (levekar serve: gunicorn, DEBUG off) on SQLite under
8 concurrent clients for 60 s — the coordinator's case list and the public catalogue.

Builds its own SQLite database under bench/out/ with the demo data, starts
``levekar serve`` (the command ``make run`` uses: gunicorn with its workers sized for the
machine, DEBUG off, WhiteNoise) on a free loopback port, and then:

1. CPU per request in-process: the Django test client (no HTTP, no other load of ours)
   requests each page in turn, timing CPU (``time.process_time()``) and counting queries.
   This is the figure that means something on a shared, busy machine.
2. The load: 8 client processes (processes, not threads, so a client waiting for the GIL
   does not count as server time), half logged in through the real login form as
   coordinator ``koordinator1`` asking for the case list ``/familier/``, half anonymous
   asking for the public catalogue ``/utstyr/``, in a loop for 60 s (bounded; only
   127.0.0.1). Per page: requests, errors, p50/p95/max as the clients saw them, and from
   the server's own request log (``levekar.request``) the time inside Django and the CPU
   time of the request's thread (``cpu_ms``) — so waiting for a core on a busy machine
   can be told from work. The load average is printed before and after.

Target (issue 15): p95 ≤ 200 ms and no errors.

    .venv/bin/python bench/server_load.py [--clients 8] [--seconds 60] [--cpu-requests 60]
"""

import argparse
import http.cookiejar
import json
import multiprocessing
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
PAGES = {"case list (koordinator1)": ("/familier/", "koordinator1"),
         "public catalogue": ("/utstyr/", None)}
MARK = "loadtest"  # the X-Request-ID prefix of the measured requests in the server log


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load() -> str:
    return " / ".join(f"{v:.1f}" for v in os.getloadavg())


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[int(q * (len(values) - 1))]


def opener_for(base: str, username: str | None):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if username:
        page = opener.open(f"{base}/logg-inn/", timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                       "password": "demo-passord"}).encode()
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            f"{base}/logg-inn/", data=data, headers={"Referer": f"{base}/logg-inn/"})
        opener.open(request, timeout=60).read()
    return opener


def client(i: int, base: str, path: str, username: str | None, ready, start, stop_at,
           results) -> None:
    """One client process: log in, warm the page, wait for the start, then loop."""
    opener = opener_for(base, username)
    with opener.open(base + path, timeout=60) as response:
        response.read()
        if "/logg-inn/" in response.url:
            raise SystemExit(f"client {i}: the login did not take")
    ready.release()
    start.wait()
    times, errors = [], 0
    cpu = time.process_time()
    # Bounded: the time limit, and at most 100 000 requests per client.
    for n in range(100_000):
        if time.monotonic() >= stop_at.value:
            break
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            base + path, headers={"X-Request-ID": f"{MARK}-{i}-{n}"})
        began = time.perf_counter()
        try:
            with opener.open(request, timeout=30) as response:
                response.read()
                ok = response.status == 200 and "/logg-inn/" not in response.url
        except (urllib.error.URLError, OSError):
            ok = False
        elapsed = time.perf_counter() - began
        if ok:
            times.append(elapsed)
        else:
            errors += 1
    results.put((i, times, errors, time.process_time() - cpu))


def in_process(requests: int) -> None:
    """Run inside the benchmark's environment: CPU per request through the test client."""
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from levekar.core.models import User

    assert not settings.DEBUG
    for name, (path, username) in PAGES.items():
        browser = Client()
        if username:
            browser.force_login(User.objects.get(username=username))
        for _ in range(3):  # warm: templates compiled, caches filled
            assert browser.get(path).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            browser.get(path)
        n_queries = len(queries)  # before the next request clears the connection's log
        cpu, wall = [], []
        for _ in range(requests):
            began_cpu, began = time.process_time(), time.perf_counter()
            response = browser.get(path)
            cpu.append(time.process_time() - began_cpu)
            wall.append(time.perf_counter() - began)
            assert response.status_code == 200
        print(f"  {name}: {n_queries} queries; CPU p50 {1000 * statistics.median(cpu):.1f}"
              f" ms, p95 {1000 * pct(cpu, 0.95):.1f} ms (wall p50 "
              f"{1000 * statistics.median(wall):.1f} ms), {requests} requests", flush=True)


def server_log(path: Path) -> dict[str, tuple[list[float], list[float]]]:
    """Django's wall time and the thread's CPU time of each measured request, per page."""
    found: dict[str, tuple[list[float], list[float]]] = {p: ([], []) for p, _u in
                                                          PAGES.values()}
    for line in path.read_text(errors="replace").splitlines():
        if f'"{MARK}-' not in line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("logger") == "levekar.request" and record.get("path") in found:
            found[record["path"]][0].append(record["duration_ms"])
            found[record["path"]][1].append(record.get("cpu_ms", float("nan")))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--cpu-requests", type=int, default=60,
                        help="requests per page for the in-process CPU figure (0: skip)")
    parser.add_argument("--in-process", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        in_process(args.in_process)
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    var = OUT / "server_load"
    var.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LEVEKAR_", "DATABASE_URL", "DJANGO_"))}
    env.update(LEVEKAR_VAR_DIR=str(var), DATABASE_URL=f"sqlite:///{var / 'levekar.sqlite3'}",
               LEVEKAR_LOG_LEVEL="WARNING")
    # The web server's own settings may be tried from the environment (see gunicorn.py).
    env.update({k: v for k, v in os.environ.items() if k.startswith("LEVEKAR_WEB_")})
    levekar = [sys.executable, "-m", "levekar.cli.main"]
    t = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True,
                   cwd=REPO)
    # The demo data is idempotent: a second run of the benchmark reuses it quickly.
    subprocess.run([*levekar, "demo"], env={**env, "LEVEKAR_DEBUG": "0"}, check=True,
                   cwd=REPO, capture_output=True)
    print(f"database with demo data: {time.perf_counter() - t:.1f} s", flush=True)

    if args.cpu_requests:
        print(f"CPU per request in-process (Django test client, DEBUG off, SQLite; load "
              f"{load()}):", flush=True)
        subprocess.run([sys.executable, __file__, "--in-process", str(args.cpu_requests)],
                       env={**env, "LEVEKAR_DEBUG": "0"}, check=True, cwd=REPO)

    sys.path.insert(0, str(REPO / "src"))
    from levekar.config import gunicorn as web  # the server's own sizing, as it will run

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = var / "serve.log"
    log = open(log_path, "w")  # noqa: SIM115 (closed in finally)
    # INFO, as in production: the request log gives Django's time and CPU per request.
    server = subprocess.Popen([*levekar, "serve", "--port", str(port), "--no-worker"],
                              env={**env, "LEVEKAR_LOG_LEVEL": "INFO"}, cwd=REPO,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(f"{base}/utstyr/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print(f"the server did not start (see {log_path})")
                    return 1
                time.sleep(0.5)
        print(f"server: levekar serve (gunicorn {web.worker_class}, {web.workers} workers × "
              f"{web.threads} threads, {os.cpu_count()} cores), DEBUG off, SQLite; "
              f"{args.clients} client processes for {args.seconds:.0f} s", flush=True)
        ctx = multiprocessing.get_context("fork")
        ready, start = ctx.Semaphore(0), ctx.Event()
        stop_at, results = ctx.Value("d", 0.0), ctx.Queue()
        names = list(PAGES)
        clients = []
        for i in range(args.clients):
            path, user = PAGES[names[i % len(names)]]
            clients.append(ctx.Process(target=client, args=(
                i, base, path, user, ready, start, stop_at, results)))
        for c in clients:
            c.start()
        for _c in clients:  # every client logged in and has its page warm
            if not ready.acquire(timeout=300):
                print("a client could not log in")
                return 1
        load_before = load()
        stop_at.value = time.monotonic() + args.seconds
        start.set()
        collected = [results.get(timeout=args.seconds + 120) for _ in clients]
        for c in clients:
            c.join(timeout=30)
        load_after = load()
        time.sleep(1)  # the server's last log lines
        log.flush()
        times: dict[str, list[float]] = {name: [] for name in PAGES}
        errors: dict[str, int] = dict.fromkeys(PAGES, 0)
        client_cpu = 0.0
        for i, t_list, n_errors, cpu in collected:
            times[names[i % len(names)]] += t_list
            errors[names[i % len(names)]] += n_errors
            client_cpu += cpu
        inside = server_log(log_path)
        print(f"load average (1/5/15 min) before {load_before}, after {load_after}; "
              f"the clients used {client_cpu:.1f} s CPU")
        worst = 0.0
        for name, (path, _user) in PAGES.items():
            got = sorted(times[name])
            if not got:
                print(f"{name}: no successful request, {errors[name]} errors")
                return 1
            p95 = pct(got, 0.95)
            worst = max(worst, p95)
            print(f"{name}: {len(got)} requests ({len(got) / args.seconds:.1f}/s), "
                  f"{errors[name]} errors; client p50 {1000 * statistics.median(got):.0f} ms, "
                  f"p95 {1000 * p95:.0f} ms, max {1000 * got[-1]:.0f} ms "
                  f"(target p95 ≤ 200 ms)")
            wall, cpu = inside[path]
            if wall:
                print(f"  in the server ({len(wall)} logged): Django p50 "
                      f"{statistics.median(wall):.0f} ms, p95 {pct(wall, 0.95):.0f} ms; "
                      f"CPU p50 {statistics.median(cpu):.1f} ms, p95 {pct(cpu, 0.95):.1f} ms")
        return 0 if worst <= 0.2 and not any(errors.values()) else 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


if __name__ == "__main__":
    sys.exit(main())
