"""Benchmark: the production server (levekar serve: gunicorn, DEBUG off) on SQLite under
8 concurrent clients for 60 s — the coordinator's case list and the public catalogue.

Builds its own SQLite database under bench/out/ with the demo data, starts
``levekar serve`` on a free loopback port, logs each client in through the real login
form, then lets 8 threads request the pages in a loop for the given time (bounded; only
127.0.0.1). Prints requests, errors and p50/p95/max per page. Target: p95 ≤ 200 ms and no
errors.

    .venv/bin/python bench/server_load.py [--clients 8] [--seconds 60]
"""

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
PAGES = {"case list (koordinator1)": ("/familier/", "koordinator1"),
         "public catalogue": ("/utstyr/", None)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client(base: str, username: str | None):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if username:
        page = opener.open(f"{base}/logg-inn/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                       "password": "demo-passord"}).encode()
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            f"{base}/logg-inn/", data=data, headers={"Referer": f"{base}/logg-inn/"})
        opener.open(request, timeout=30).read()
    return opener


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    var = OUT / "server_load"
    var.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEVEKAR_", "DATABASE_URL"))}
    env.update(LEVEKAR_VAR_DIR=str(var), LEVEKAR_LOG_LEVEL="WARNING",
               DATABASE_URL=f"sqlite:///{var / 'levekar.sqlite3'}")
    levekar = [sys.executable, "-m", "levekar.cli.main"]
    t = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True,
                   cwd=REPO)
    # The demo data is idempotent: a second run of the benchmark reuses it quickly.
    subprocess.run([*levekar, "demo"], env={**env, "LEVEKAR_DEBUG": "0"}, check=True,
                   cwd=REPO, capture_output=True)
    print(f"database with demo data: {time.perf_counter() - t:.1f} s")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*levekar, "serve", "--port", str(port), "--no-worker"],
                              env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"{base}/utstyr/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start")
                    return 1
                time.sleep(0.5)
        workers = os.environ.get("LEVEKAR_WEB_WORKERS") or "2 × cores + 1 (≤ 9)"
        print(f"server: gunicorn, DEBUG off, SQLite; workers {workers}; "
              f"{args.clients} clients for {args.seconds:.0f} s")
        results: dict[str, list[float]] = {name: [] for name in PAGES}
        errors: dict[str, int] = dict.fromkeys(PAGES, 0)
        lock = threading.Lock()
        names = list(PAGES)
        # Log every client in (and warm each page) before the clock starts.
        openers = []
        for i in range(args.clients):
            path, user = PAGES[names[i % len(names)]]
            opener = client(base, user)
            opener.open(base + path, timeout=60).read()
            openers.append(opener)
        stop_at = time.monotonic() + args.seconds

        def run(i: int) -> None:
            name = names[i % len(names)]
            path, _user = PAGES[name]
            opener = openers[i]
            # Bounded: the time limit, and at most 100 000 requests per client.
            for _ in range(100_000):
                if time.monotonic() >= stop_at:
                    break
                start = time.perf_counter()
                try:
                    with opener.open(base + path, timeout=30) as response:
                        response.read()
                        ok = response.status == 200 and "/logg-inn/" not in response.url
                except (urllib.error.URLError, OSError):
                    ok = False
                elapsed = time.perf_counter() - start
                with lock:
                    if ok:
                        results[name].append(elapsed)
                    else:
                        errors[name] += 1

        threads = [threading.Thread(target=run, args=(i,)) for i in range(args.clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        worst = 0.0
        for name in PAGES:
            times = sorted(results[name])
            if not times:
                print(f"{name}: no successful request, {errors[name]} errors")
                return 1
            p95 = times[int(0.95 * (len(times) - 1))]
            worst = max(worst, p95)
            print(f"{name}: {len(times)} requests ({len(times) / args.seconds:.1f}/s), "
                  f"{errors[name]} errors, p50 {1000 * statistics.median(times):.0f} ms, "
                  f"p95 {1000 * p95:.0f} ms, max {1000 * times[-1]:.0f} ms (target p95 ≤ 200 ms)")
        return 0 if worst <= 0.2 and not any(errors.values()) else 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
