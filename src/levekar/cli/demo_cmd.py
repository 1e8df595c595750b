"""``levekar demo``: each app's ``demo.load(reporter=...)``, lowest layer first."""

import importlib

from django.db import transaction

from levekar.core.lib.progress import Reporter

# Order matters: the foundation first, then the capabilities that build on it.
DEMO_APPS = ["core", "people", "stats", "plans", "followup", "lending", "passes", "evaluation"]


def load_all(*, reporter: Reporter) -> list[str]:
    loaded = []
    for name in DEMO_APPS:
        module = importlib.import_module(f"levekar.{name}.demo")
        reporter.start(f"Demodata: {name}")
        with transaction.atomic():
            module.load(reporter=reporter)
        reporter.finish()
        loaded.append(name)
    return loaded
