"""gunicorn settings for ``levekar serve`` (and the systemd unit in docs/deploy.md).

Workers are sized for the machine: 2 × cores + 1 processes (at most 9), each with a few
threads, so a slow PDF does not hold up the catalogue. Every value can be overridden
from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("LEVEKAR_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LEVEKAR_WEB_WORKERS",
                             min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("LEVEKAR_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("LEVEKAR_WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never becomes an outage.
max_requests = 5000
max_requests_jitter = 500
# Load the app once in the master: settings errors (missing secrets, a message backend
# that sends nowhere) stop the server at once instead of looping worker restarts.
preload_app = True
# Requests are logged by the app as JSON (levekar.core.logging), without query strings;
# gunicorn's own access log would repeat them with the query string.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LEVEKAR_GUNICORN_LOG_LEVEL", "warning")
# Trust X-Forwarded-* only from the reverse proxy on this machine by default.
forwarded_allow_ips = os.environ.get("LEVEKAR_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "levekar-web"


# The council report's one-time costs, off the request path: the master imports
# WeasyPrint and compiles the report template once before forking (shared by every worker,
# ≈ 0.3 s each otherwise); each worker starts vl-convert's chart engine in the background
# (≈ 0.45 s CPU and ≈ 70 MB per worker; its threads would not survive the fork).
def when_ready(server):
    from levekar.plans.reports.pdf import preload

    preload()


def post_worker_init(worker):
    from levekar.plans.charts import start_chart_engine

    start_chart_engine()
