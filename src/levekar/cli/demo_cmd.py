"""``levekar demo``: each app's ``demo.load(reporter=...)``, lowest layer first."""

import importlib
import importlib.util

from django.db import transaction

from levekar.core.lib.progress import Reporter

# Order matters: the foundation first, then the capabilities that build on it.
DEMO_APPS = ["core", "people", "stats", "plans", "followup", "lending", "passes"]


def load_all(*, reporter: Reporter) -> list[str]:
    loaded = []
    for name in DEMO_APPS:
        module_name = f"levekar.{name}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        reporter.start(f"Demodata: {name}")
        with transaction.atomic():
            module.load(reporter=reporter)
        reporter.finish()
        loaded.append(name)
    return loaded
