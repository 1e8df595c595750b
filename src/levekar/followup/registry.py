"""Where the work part of follow-up plugs into the case part's registries.

The export (``export.register_export_section``), the purge (``purge.register_purge_hook``)
and the BTI overview (``overview.register_overview_metric``) are filled by calls made
when a module is imported. So that a registration is never missed by a command that
does not load the URL conf, every module of this package whose name starts with
``work`` or ends with ``_work`` is imported before a registry is used.
"""

import importlib
import pkgutil
from functools import cache


@cache
def autoload_work_modules() -> tuple[str, ...]:
    import levekar.followup as pkg

    loaded = []
    for info in pkgutil.iter_modules(pkg.__path__):
        name = info.name
        if name.startswith("work") or name.endswith("_work"):
            importlib.import_module(f"levekar.followup.{name}")
            loaded.append(name)
    return tuple(sorted(loaded))
